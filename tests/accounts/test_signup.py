"""Sign-up with an email address verified by an emailed code."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.accounts.helpers import (
    assert_accessible_form,
    code_from,
    is_logged_in,
    log_in,
    sign_up,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- sign-up and email verification by code ------------------------------------------------------


def test_signup_page_says_why_and_keeps_letters(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "save your letters and keep track of when the answers are due" in text
    assert "all we need is your email address" in text
    assert "kept while you sign up" in text
    parsed = assert_accessible_form(response)
    # "language" is the site's language switcher in the footer of every page.
    assert set(parsed.inputs) - {"language"} == {"email", "password1", "password2"}
    assert parsed.title.startswith("Sign up")


def test_signup_code_logs_in_keeps_session_and_goes_to_next(client):
    session = client.session
    session["letters"] = {"x": 1}
    session.save()

    response = sign_up(client, next_url="/start/result/")
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert not is_logged_in(client)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new@example.org"]
    code = code_from(message)

    page_response = client.get(response.url)
    assert page_response.status_code == 200
    assert "new@example.org" in page_response.content.decode()
    assert_accessible_form(page_response)

    response = client.post(reverse("account_email_verification_sent"), {"code": code})
    assert response.status_code == 302
    assert response.url == "/start/result/"
    assert is_logged_in(client)
    user = get_user_model().objects.get(email="new@example.org")
    assert str(user.pk) == client.session["_auth_user_id"]
    assert EmailAddress.objects.get(user=user).verified
    # The letters written before signing up are still in the session.
    assert client.session["letters"] == {"x": 1}


def test_wrong_code_shows_error_and_does_not_log_in(client):
    sign_up(client)
    real_code = code_from(mail.outbox[0])
    wrong = "ZZZZ-ZZZZ" if real_code != "ZZZZ-ZZZZ" else "YYYY-YYYY"

    response = client.post(reverse("account_email_verification_sent"), {"code": wrong})
    assert response.status_code == 200
    assert not is_logged_in(client)
    parsed = assert_accessible_form(response)
    assert parsed.title.startswith("Error: ")
    assert parsed.error_summary
    assert "There is a problem" in response.content.decode()
    code_input = parsed.inputs["code"]
    assert "is-invalid" in code_input["class"]
    assert "id_code_error" in code_input["aria-describedby"]
    assert not EmailAddress.objects.get(email="new@example.org").verified


def test_login_is_impossible_before_verification(client):
    sign_up(client)
    mail.outbox.clear()
    other = client.__class__()

    # Right after sign-up a new code may not be sent yet (confirm_email rate limit): refused.
    response = log_in(other, "new@example.org")
    assert response.status_code == 200
    assert not is_logged_in(other)
    assert "Too many failed login attempts" in response.content.decode()
    assert mail.outbox == []

    # Once that window has passed, the password leads to the code page, never to a session.
    cache.clear()
    response = log_in(other, "new@example.org")
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert not is_logged_in(other)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.org"]
    assert not is_logged_in(client.__class__())


def test_unverified_factory_user_cannot_log_in(client):
    user = UserFactory(verified=False)
    response = log_in(client, user.email)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert not is_logged_in(client)
