"""Password reset and change; changing the email address."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.accounts.helpers import (
    NEW_PASSWORD,
    PASSWORD,
    assert_accessible_form,
    code_from,
    is_logged_in,
    link_from,
    log_in,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


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
    # Changing the address asks the user to confirm it is them (test_reauthentication.py).
    assert client.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code == 302
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
