"""Deleting an account deletes every session signed in as it, in every browser, with the letters
written there; other people's sessions, signed in or anonymous, stay."""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from privacyreq.accounts import services
from privacyreq.core.sessions import RESULT_KEY
from tests.accounts.helpers import PASSWORD, is_logged_in, log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    """A browser of its own, signed in through the login form as a person would, having just
    confirmed it is them (deleting the account asks for it), and holding letters written in it."""
    client = Client()
    response = log_in(client, user.email)
    assert response.status_code == 302, response.content[:2000]
    assert client.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code == 302
    session = client.session
    session[RESULT_KEY] = {"full_name": "Aoife Murphy", "email": user.email}
    session.save()
    return client


def session_row(client) -> Session | None:
    return Session.objects.filter(session_key=client.session.session_key).first()


def delete_account(client, user, capture):
    with capture(execute=True):
        return client.post(reverse("accounts:delete"), {"confirm": user.email}, follow=True)


def test_deleting_the_account_deletes_its_sessions_in_every_browser(
    django_capture_on_commit_callbacks,
):
    user, other = UserFactory(), UserFactory()
    laptop, phone, someone_else = signed_in(user), signed_in(user), signed_in(other)
    anonymous = Client()
    anonymous_session = anonymous.session
    anonymous_session[RESULT_KEY] = {"full_name": "Someone Else"}
    anonymous_session.save()
    phone_key = phone.session.session_key
    assert session_row(phone).get_decoded()[RESULT_KEY]["email"] == user.email
    assert session_row(anonymous).get_decoded()[RESULT_KEY]

    response = delete_account(laptop, user, django_capture_on_commit_callbacks)

    assert "have been deleted" in response.content.decode()
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    # The other browser's row, with the letters in it, is gone from the database.
    assert not Session.objects.filter(session_key=phone_key).exists()
    # Nothing left anywhere that names the user.
    for row in Session.objects.all():
        assert row.get_decoded().get("_auth_user_id") != str(user.pk)
    # The browser that deleted it is logged out, in a fresh session.
    assert not is_logged_in(laptop)
    # Other people keep theirs: signed in with their letters, or anonymous.
    assert session_row(someone_else).get_decoded()["_auth_user_id"] == str(other.pk)
    assert session_row(someone_else).get_decoded()[RESULT_KEY]["email"] == other.email
    assert is_logged_in(someone_else)
    assert session_row(anonymous).get_decoded()[RESULT_KEY] == {"full_name": "Someone Else"}


def test_a_database_error_on_the_sessions_is_logged_and_the_account_is_still_deleted(
    monkeypatch, caplog, django_capture_on_commit_callbacks
):
    user = UserFactory()
    user_id = user.pk
    signed_in(user)

    def broken(*args, **kwargs):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(Session.objects, "filter", broken)
    with (
        caplog.at_level(logging.ERROR, logger="privacyreq.accounts.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.account_delete(user=user)

    assert not get_user_model().objects.filter(pk=user_id).exists()
    assert f"could not delete the sessions of user {user_id}." in caplog.text
