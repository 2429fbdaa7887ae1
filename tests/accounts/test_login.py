"""Logging in and out, failed-login limits, and the admin login."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.accounts.helpers import (
    assert_accessible_form,
    is_logged_in,
    log_in,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- log in, log out -----------------------------------------------------------------------------


def test_login_by_email_keeps_session_and_logout_by_post(client):
    user = UserFactory()
    session = client.session
    session["letters"] = {"x": 1}
    session.save()

    response = log_in(client, user.email.upper())
    assert response.status_code == 302
    assert response.url == reverse("tracking:dashboard")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session["letters"] == {"x": 1}

    # GET only asks; it does not log out.
    response = client.get(reverse("account_logout"))
    assert response.status_code == 200
    assert is_logged_in(client)

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not is_logged_in(client)


def test_navigation_depends_on_login(client):
    home = client.get("/")
    text = home.content.decode()
    assert f'href="{reverse("account_login")}"' in text
    assert f'href="{reverse("account_signup")}"' in text
    assert "Log out" not in text

    user = UserFactory()
    log_in(client, user.email)
    text = client.get("/").content.decode()
    assert f'href="{reverse("tracking:dashboard")}"' in text
    assert f'href="{reverse("accounts:settings")}"' in text
    assert f'action="{reverse("account_logout")}"' in text
    assert "csrfmiddlewaretoken" in text
    assert f'href="{reverse("account_login")}"' not in text
    # The "You are logged in." message is shown once, as a status.
    assert 'role="status">You are logged in.</div>' in text
    assert "You are logged in." not in client.get("/").content.decode()


def test_wrong_password_shows_error_and_keeps_email(client):
    user = UserFactory()
    response = log_in(client, user.email, password="not my password")
    assert response.status_code == 200
    assert not is_logged_in(client)
    text = response.content.decode()
    parsed = assert_accessible_form(response)
    assert parsed.title.startswith("Error: ")
    assert parsed.error_summary
    assert "The email address and/or password you specified are not correct." in text
    assert parsed.inputs["login"]["value"] == user.email
    assert "value" not in parsed.inputs["password"]
    assert "not my password" not in text


def test_missing_fields_are_marked_at_the_field(client):
    response = client.post(reverse("account_login"), {"login": "", "password": ""})
    assert response.status_code == 200
    parsed = assert_accessible_form(response)
    for name in ("login", "password"):
        attrs = parsed.inputs[name]
        assert "is-invalid" in attrs["class"]
        assert attrs["aria-invalid"] == "true"
        assert f"id_{name}_error" in attrs["aria-describedby"]
    # The summary links to each field.
    text = response.content.decode()
    assert 'href="#id_login"' in text
    assert 'href="#id_password"' in text


def test_failed_logins_are_rate_limited_per_email(client):
    user = UserFactory()
    rule = next(
        part
        for part in settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")
        if part.endswith("/key")
    )
    allowed = int(rule.split("/")[0])
    for _ in range(allowed):
        response = log_in(client, user.email, password="wrong guess")
        assert response.status_code == 200
        assert "not correct" in response.content.decode()

    response = log_in(client, user.email)
    assert not is_logged_in(client)
    if response.status_code != 429:
        assert response.status_code == 200
        assert "Too many failed login attempts" in response.content.decode()
    # Another email from the same browser is not affected by this key's limit.
    other = UserFactory()
    assert log_in(client, other.email).status_code == 302


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login") + "?next=")
    assert "admin" in response.url
