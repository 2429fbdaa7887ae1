"""Two-step login: TOTP activation, login with a code, recovery codes."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.accounts.helpers import (
    activate_totp,
    assert_accessible_form,
    is_logged_in,
    log_in,
    reauthenticate,
    totp_now,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- two-step login (TOTP and recovery codes) ----------------------------------------------------


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
