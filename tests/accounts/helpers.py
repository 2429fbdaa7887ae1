"""Helpers for the account tests: logging in, reading emailed codes and links, pages."""

import re
import time
from html.parser import HTMLParser

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.test import RequestFactory
from django.urls import reverse

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "purple monkey dishwasher 42"


# --- helpers -------------------------------------------------------------------------------------


def log_in(client, email, password=PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password, **extra})


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def code_from(message) -> str:
    """The verification code, on a line of its own after the sentence that announces it."""
    match = re.search(r"confirm this email address:\s*\n\s*\n\s*(\S+)\s*\n", message.body)
    assert match, message.body
    return match.group(1)


def link_from(message) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def totp_now(secret: str) -> str:
    """RFC 6238 code for the current time step, as an authenticator app would show it."""
    period = mfa_settings.TOTP_PERIOD
    if time.time() % period > period - 1:  # too close to the next step: wait for it
        time.sleep(period - time.time() % period + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def sign_up(client, email="new@example.org", password=PASSWORD, next_url=None):
    url = reverse("account_signup")
    if next_url:
        url += f"?next={next_url}"
    data = {"email": email, "password1": password, "password2": password}
    if next_url:
        data["next"] = next_url
    return client.post(url, data)


class _Page(HTMLParser):
    """Collects what the accessibility and CSP checks look at."""

    def __init__(self):
        super().__init__()
        self.style_attributes = 0
        self.inline_scripts = 0
        self.title = ""
        self._in_title = False
        self.inputs = {}
        self.ids = set()
        self.labels_for = set()
        self.error_summary = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.style_attributes += 1
        if tag == "script" and not attrs.get("src"):
            self.inline_scripts += 1
        if tag == "title":
            self._in_title = True
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.labels_for.add(attrs["for"])
        if tag in ("input", "textarea", "select") and attrs.get("type") not in ("hidden", "submit"):
            self.inputs[attrs.get("name")] = attrs
        if "data-error-summary" in attrs:
            self.error_summary = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def page(response) -> _Page:
    parser = _Page()
    parser.feed(response.content.decode())
    return parser


def assert_accessible_form(response):
    """Every visible input has a label; whatever aria-describedby names exists on the page."""
    parsed = page(response)
    for name, attrs in parsed.inputs.items():
        if attrs.get("disabled") is not None or attrs.get("readonly") is not None:
            continue
        assert attrs.get("id") in parsed.labels_for, f"{name} has no label"
        for described_by in (attrs.get("aria-describedby") or "").split():
            assert described_by in parsed.ids, f"{name}: {described_by} missing"
    return parsed


def reauthenticate(client, next_url):
    """Sensitive pages ask for the password again, even right after logging in."""
    response = client.get(next_url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    response = client.post(response.url, {"password": PASSWORD, "next": next_url})
    assert response.status_code == 302
    assert response.url == next_url


def activate_totp(client) -> str:
    reauthenticate(client, reverse("mfa_activate_totp"))
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    secret = client.session["mfa.totp.secret"]
    text = response.content.decode()
    assert secret in text
    assert 'src="data:image/svg+xml;base64,' in text
    assert "data:" in response.headers["Content-Security-Policy"].split("img-src")[1].split(";")[0]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_now(secret)})
    assert response.status_code == 302
    return secret


def _record(client, user, method: str, **extra) -> None:
    """Write a step of how the session was authenticated, through allauth's own function."""
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user
    record_authentication(request, user, method=method, **extra)
    request.session.save()


def confirmed_it_is_them(client, user, *, method="password", **extra) -> None:
    """What allauth writes into the session when the user confirms it is them (re-authentication):
    for tests of other things behind the confirmation. ``method="mfa"``, ``type="totp"`` is a
    confirmation with the authenticator code."""
    _record(client, user, method, reauthenticated=True, **extra)


def signed_in_with_code(client, user) -> str:
    """``user`` with an authenticator app, signed in with its code, as the admin requires of staff
    (privacyreq.accounts.admin_mfa). Returns the app's secret."""
    secret = generate_totp_secret()
    totp = TOTP.activate(user, secret)
    client.force_login(user)
    _record(client, user, "password", email=user.email)
    _record(client, user, "mfa", id=totp.instance.pk, type="totp")
    return secret


def age_authentication_records(client, seconds: float) -> None:
    """Move every record of how this session was (re-)authenticated ``seconds`` into the past."""
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {**record, "at": record["at"] - seconds} for record in records
    ]
    session.save()
