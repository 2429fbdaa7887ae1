"""Anything posted to the account forms, through the test client.

Our own settings forms (reminders, calendar link, deleting the account) and the allauth forms
anyone can reach without an account (sign up, log in, reset a password): never a server error on
SQLite or PostgreSQL (which refuses a NUL in text), an error shown with the summary and kept as
typed, and an account deleted only when its owner typed its address.
"""

from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.html import escape
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from privacyreq.tracking.models import Preferences
from privacyreq.tracking.preferences import calendar_token_create
from tests.accounts.helpers import confirmed_it_is_them
from tests.factories import UserFactory
from tests.properties import any_text, assert_error_page, visible_text

pytestmark = pytest.mark.django_db

anything = st.one_of(any_text(260), visible_text, st.emails())


@settings(max_examples=30)
@given(typed=anything)
@example(typed="  {email}  ".upper())  # the address itself, in capitals and with spaces
def test_an_account_is_deleted_only_when_its_address_is_typed(client, typed):
    user = UserFactory()
    typed = typed.replace("{EMAIL}", user.email.upper())
    client.force_login(user)
    confirmed_it_is_them(client, user)  # deleting asks for it (test_reauthentication.py)
    response = client.post(reverse("accounts:delete"), {"confirm": typed})
    matches = "\x00" not in typed and typed.strip().casefold() == user.email.casefold()
    if matches:
        event("deleted")
        assert response.status_code == 302
        assert not type(user).objects.filter(pk=user.pk).exists()
        return
    assert_error_page(response, response.context["form"], {"confirm": typed})
    assert type(user).objects.filter(pk=user.pk).exists()


@settings(max_examples=25)
@given(
    reminders=st.one_of(st.none(), anything, st.lists(anything, max_size=3)),
    action=st.one_of(st.none(), st.sampled_from(["create", "revoke"]), anything),
)
def test_settings_forms_take_anything(client, user, reminders, action):
    client.force_login(user)
    data = {} if reminders is None else {"reminders_enabled": reminders}
    response = client.post(reverse("accounts:reminders"), data)
    assert response.status_code == 302
    before = Preferences.objects.get(user=user).calendar_token

    response = client.post(
        reverse("accounts:calendar"), {} if action is None else {"action": action}
    )
    assert response.status_code == 302
    token = Preferences.objects.get(user=user).calendar_token
    if action == "create":
        assert token and token != before
    elif action == "revoke":
        assert token == ""
    else:
        assert token == before
    assert client.get(reverse("accounts:settings")).status_code == 200


@settings(max_examples=25)
@given(token=st.one_of(any_text(70), st.text("ABCxyz019_-", min_size=1, max_size=70)))
@example(token="abc\x00def")
@example(token="{token}")
def test_a_calendar_feed_answers_only_its_own_link(client, user, token):
    real = Preferences.objects.filter(user=user).first()
    real = real.calendar_token if real and real.calendar_token else None
    real = real or calendar_token_create(user=user).calendar_token
    token = token.replace("{token}", real)
    response = client.get(f"/tracking/calendar/{quote(token, safe='')}.ics")
    assert response.status_code == (200 if token == real else 404)


ALLAUTH_FORMS = {
    "account_signup": ("email", "password1", "password2"),
    "account_login": ("login", "password"),
    "account_reset_password": ("email",),
}


@pytest.mark.parametrize("name", sorted(ALLAUTH_FORMS))
@settings(max_examples=15)
@given(values=st.lists(anything, min_size=3, max_size=3))
@example(values=["a\x00@example.org", "pass\x00word\x00", "pass\x00word\x00"])
def test_public_account_forms_never_fail(client, name, values):
    # Rate limits count across examples; a 429 would hide what the form does with the input.
    cache.clear()
    data = dict(zip(ALLAUTH_FORMS[name], values, strict=False))
    response = client.post(reverse(name), data)
    event(f"{name}: {response.status_code}")
    assert response.status_code in (200, 302), response.status_code
    page = response.content.decode()
    assert "Traceback" not in page
    form = response.context["form"] if response.status_code == 200 else None
    if form is not None and form.errors:
        assert "<title>Error:" in page and "There is a problem" in page
        typed_login = data.get("email", data.get("login", ""))
        if typed_login.strip():
            assert escape(typed_login) in page
