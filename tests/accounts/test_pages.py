"""Every account page: our layout, accessible forms, no inline script or style."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.helpers import (
    activate_totp,
    link_from,
    log_in,
    page,
    sign_up,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


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
