"""Accounts: sign-up with an emailed code, login, logout, passwords, email, two-step login.

These go through allauth's real views and our templates (templates/account, templates/mfa,
templates/allauth), with the settings the app runs with: email login only, mandatory
verification by code, rate limits counted in the database cache.
"""

import re
import time
from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "purple monkey dishwasher 42"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing dominates these tests; the hasher is not what they check."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


# --- sign-up and email verification by code ------------------------------------------------------


def test_signup_page_says_why_and_keeps_letters(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "save your letters and keep track of when the answers are due" in text
    assert "all we need is your email address" in text
    assert "kept while you sign up" in text
    parsed = assert_accessible_form(response)
    assert set(parsed.inputs) == {"email", "password1", "password2"}
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


# --- passwords and email -------------------------------------------------------------------------


def test_password_reset_by_emailed_link(client):
    user = UserFactory()
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    link = link_from(mail.outbox[0])

    # allauth moves the key out of the URL into the session first.
    response = client.get(link)
    assert response.status_code == 302
    form_url = response.url
    response = client.get(form_url)
    assert response.status_code == 200
    assert_accessible_form(response)

    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_from_key_done")
    assert client.get(response.url).status_code == 200

    other = client.__class__()
    assert log_in(other, user.email).status_code == 200
    assert not is_logged_in(other)
    assert log_in(other, user.email, NEW_PASSWORD).status_code == 302
    assert is_logged_in(other)

    # The link works once.
    response = client.get(link, follow=True)
    assert "This link no longer works" in response.content.decode()


def test_password_reset_page_errors_keep_the_address(client):
    response = client.post(reverse("account_reset_password"), {"email": "not an email"})
    assert response.status_code == 200
    parsed = assert_accessible_form(response)
    assert parsed.title.startswith("Error: ")
    assert parsed.inputs["email"]["value"] == "not an email"


def test_change_password(client):
    user = UserFactory()
    log_in(client, user.email)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert is_logged_in(client)


def test_change_password_with_wrong_current_password(client):
    user = UserFactory()
    log_in(client, user.email)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "nope", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    parsed = assert_accessible_form(response)
    assert parsed.title.startswith("Error: ")
    assert "is-invalid" in parsed.inputs["oldpassword"]["class"]
    assert NEW_PASSWORD not in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_change_email_sends_verification_to_new_address(client):
    user = UserFactory()
    old_email = user.email
    log_in(client, user.email)
    mail.outbox.clear()
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "moved@example.org"}
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert [m.to for m in mail.outbox] == [["moved@example.org"]]
    # Nothing changes until the new address is confirmed.
    user.refresh_from_db()
    assert user.email == old_email
    assert not EmailAddress.objects.filter(email="moved@example.org", verified=True).exists()

    response = client.get(reverse("account_email_verification_sent"))
    assert response.status_code == 200
    assert "moved@example.org" in response.content.decode()

    response = client.post(
        reverse("account_email_verification_sent"), {"code": code_from(mail.outbox[0])}
    )
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user, email="moved@example.org").verified
    user.refresh_from_db()
    assert user.email == "moved@example.org"
    assert is_logged_in(client)


def test_change_email_page_shows_current_address_and_errors(client):
    user = UserFactory()
    log_in(client, user.email)
    response = client.get(reverse("account_email"))
    assert response.status_code == 200
    assert user.email in response.content.decode()
    response = client.post(reverse("account_email"), {"action_add": "", "email": "nope"})
    assert response.status_code == 200
    parsed = assert_accessible_form(response)
    assert parsed.title.startswith("Error: ")
    assert parsed.inputs["email"]["value"] == "nope"
    assert "is-invalid" in parsed.inputs["email"]["class"]


# --- two-step login (TOTP and recovery codes) ----------------------------------------------------


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


def test_totp_activation_then_login_needs_second_factor(client):
    user = UserFactory()
    log_in(client, user.email)
    secret = activate_totp(client)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

    recovery = client.get(reverse("mfa_view_recovery_codes"))
    assert recovery.status_code == 200
    rc = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES).wrap()
    codes = rc.get_unused_codes()
    assert codes
    assert all(code in recovery.content.decode() for code in codes)
    download = client.get(reverse("mfa_download_recovery_codes"))
    assert download.status_code == 200
    assert codes[0] in download.content.decode()

    client.post(reverse("account_logout"))
    response = log_in(client, user.email)
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert not is_logged_in(client)

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    if totp_now(secret) == "000000":  # pragma: no cover - one chance in a million
        pytest.skip("the current code happens to be 000000")
    assert response.status_code == 200
    assert not is_logged_in(client)
    parsed = assert_accessible_form(response)
    assert parsed.title.startswith("Error: ")

    response = client.post(reverse("mfa_authenticate"), {"code": totp_now(secret)})
    assert response.status_code == 302
    assert is_logged_in(client)

    # A recovery code also works, once.
    other = client.__class__()
    log_in(other, user.email)
    response = other.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 302
    assert is_logged_in(other)
    assert codes[0] not in Authenticator.objects.get(pk=rc.instance.pk).wrap().get_unused_codes()


def test_totp_activation_with_wrong_code_shows_error(client):
    user = UserFactory()
    log_in(client, user.email)
    reauthenticate(client, reverse("mfa_activate_totp"))
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    wrong = "123456" if totp_now(secret) != "123456" else "654321"
    response = client.post(reverse("mfa_activate_totp"), {"code": wrong})
    assert response.status_code == 200
    parsed = assert_accessible_form(response)
    assert parsed.title.startswith("Error: ")
    assert "is-invalid" in parsed.inputs["code"]["class"]
    # Still the same secret, shown again as text.
    assert client.session["mfa.totp.secret"] == secret
    assert secret in response.content.decode()
    assert not Authenticator.objects.filter(user=user).exists()


# --- every page: our layout, no inline script or style ------------------------------------------


def assert_clean_page(response, name):
    assert response.status_code == 200, (name, response.status_code)
    parsed = page(response)
    assert parsed.style_attributes == 0, f"{name}: style attribute"
    assert parsed.inline_scripts == 0, f"{name}: inline script"
    assert 'href="#main"' in response.content.decode(), f"{name}: not our layout"
    assert parsed.title.strip().endswith("privacyreq"), name
    return parsed


def test_anonymous_pages_render_cleanly(client):
    for name in (
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key_done",
    ):
        assert_clean_page(client.get(reverse(name)), name)
    bad_key = reverse("account_reset_password_from_key", args=["0", "bad-key"])
    assert_clean_page(client.get(bad_key), "account_reset_password_from_key")

    # Error states of the forms too.
    assert_clean_page(client.post(reverse("account_login"), {}), "account_login (errors)")
    assert_clean_page(client.post(reverse("account_signup"), {}), "account_signup (errors)")

    sign_up(client)
    assert_clean_page(
        client.get(reverse("account_email_verification_sent")), "account_email_verification_sent"
    )


def test_logged_in_pages_render_cleanly(client):
    user = UserFactory()
    log_in(client, user.email)
    for name in (
        "account_logout",
        "account_email",
        "account_change_password",
        "account_reauthenticate",
        "mfa_index",
    ):
        assert_clean_page(client.get(reverse(name)), name)

    activate_totp(client)
    for name in (
        "mfa_index",
        "mfa_deactivate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_reauthenticate",
    ):
        assert_clean_page(client.get(reverse(name)), name)

    client.post(reverse("account_logout"))
    log_in(client, user.email)
    assert_clean_page(client.get(reverse("mfa_authenticate")), "mfa_authenticate")


def test_password_reset_form_page_renders_cleanly(client):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    response = client.get(link_from(mail.outbox[0]), follow=True)
    parsed = assert_clean_page(response, "account_reset_password_from_key")
    assert {"password1", "password2"} <= set(parsed.inputs)
