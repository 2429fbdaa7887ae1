"""A live session alone is not enough to take an account over or take its data: changing the
email address, downloading the data and deleting the account ask the user to confirm it is them
(allauth's re-authentication), unless they did within ACCOUNT_REAUTHENTICATION_TIMEOUT. With
two-factor authentication on, the confirmation is the authenticator code: the password alone is not
enough. What the user did is not lost on the way, and a deletion is never done unseen."""

import io
import zipfile

import pytest
from allauth.account import app_settings as account_settings
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from tests.accounts.helpers import (
    PASSWORD,
    age_authentication_records,
    confirmed_it_is_them,
    is_logged_in,
    log_in,
    totp_now,
)
from tests.accounts.test_pages import assert_clean_page
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_ADDRESS = "attacker@example.org"
EMAIL_URL = "/accounts/email/"
EXPORT_URL = "/settings/export/"
DELETE_URL = "/settings/delete/"


def confirm_page(next_url: str, name: str = "account_reauthenticate") -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def confirm_with_password(client, next_url: str):
    return client.post(reverse("account_reauthenticate"), {"password": PASSWORD, "next": next_url})


@pytest.fixture
def stale(client, user):
    """Signed in through the login form, confirmed it was them once, and then left alone for
    longer than the timeout: the session a thief finds on a borrowed laptop."""
    assert log_in(client, user.email).status_code == 302
    assert confirm_with_password(client, reverse("accounts:settings")).status_code == 302
    age_authentication_records(client, account_settings.REAUTHENTICATION_TIMEOUT + 1)
    return client


def add_address(client):
    return client.post(reverse("account_email"), {"action_add": "", "email": NEW_ADDRESS})


# --- email address ----------------------------------------------------------------------------


def test_an_old_session_cannot_change_the_email_address(stale, user):
    mail.outbox.clear()

    response = add_address(stale)

    assert response.status_code == 302
    assert response["Location"] == confirm_page(EMAIL_URL)
    assert not EmailAddress.objects.filter(email=NEW_ADDRESS).exists()
    assert mail.outbox == []


def test_a_fresh_login_alone_does_not_count_as_confirming(client, user):
    # allauth counts only an explicit confirmation, not the login that started the session.
    log_in(client, user.email)

    response = add_address(client)

    assert response["Location"] == confirm_page(EMAIL_URL)
    assert not EmailAddress.objects.filter(email=NEW_ADDRESS).exists()


def test_the_address_typed_is_not_lost_on_the_way_to_confirming(stale, user):
    add_address(stale)
    mail.outbox.clear()

    response = confirm_with_password(stale, EMAIL_URL)

    # The change the user asked for goes ahead once they have confirmed: a code to the new address.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert [message.to for message in mail.outbox] == [[NEW_ADDRESS]]
    page = stale.get(reverse("account_email_verification_sent")).content.decode()
    assert NEW_ADDRESS in page


def test_right_after_confirming_the_address_can_be_changed(stale, user):
    confirm_with_password(stale, EMAIL_URL)
    mail.outbox.clear()

    response = add_address(stale)

    assert response["Location"] == reverse("account_email_verification_sent")
    assert [message.to for message in mail.outbox] == [[NEW_ADDRESS]]


def test_a_wrong_password_confirms_nothing(stale, user):
    response = stale.post(reverse("account_reauthenticate"), {"password": "not it"})

    assert response.status_code == 200
    assert add_address(stale)["Location"] == confirm_page(EMAIL_URL)


# --- data export --------------------------------------------------------------------------------


def test_an_old_session_cannot_download_the_data(stale):
    for method in (stale.get, stale.post):
        response = method(EXPORT_URL)

        assert response.status_code == 302
        assert response["Location"] == confirm_page(EXPORT_URL)
        assert response.get("Content-Type") != "application/zip"


def test_after_confirming_the_download_starts(stale, user):
    stale.get(EXPORT_URL)

    response = confirm_with_password(stale, EXPORT_URL)

    assert response["Location"] == EXPORT_URL
    response = stale.get(EXPORT_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    assert user.email in archive.read("data.json").decode()


# --- account deletion ---------------------------------------------------------------------------


def test_an_old_session_cannot_open_the_deletion_page(stale):
    response = stale.get(DELETE_URL)

    assert response.status_code == 302
    assert response["Location"] == confirm_page(DELETE_URL)


def test_an_old_session_cannot_delete_the_account(stale, user):
    response = stale.post(DELETE_URL, {"confirm": user.email})

    assert response.status_code == 302
    assert response["Location"] == confirm_page(DELETE_URL)
    assert get_user_model().objects.filter(pk=user.pk).exists()
    assert is_logged_in(stale)


def test_after_confirming_the_user_comes_back_to_the_deletion_page_not_a_deletion(stale, user):
    response = stale.post(DELETE_URL, {"confirm": user.email}, follow=True)
    assert "Nothing has been deleted" in response.content.decode()

    response = confirm_with_password(stale, DELETE_URL)

    # Back on the page that says what goes, to confirm with it in front of them: allauth would have
    # replayed the POST and deleted the account straight from the password page.
    assert response.status_code == 302
    assert response["Location"] == DELETE_URL
    assert get_user_model().objects.filter(pk=user.pk).exists()
    page = stale.get(DELETE_URL)
    assert page.status_code == 200
    assert "Delete your account" in page.content.decode()


def test_right_after_confirming_the_account_can_be_deleted(
    stale, user, django_capture_on_commit_callbacks
):
    confirm_with_password(stale, DELETE_URL)

    with django_capture_on_commit_callbacks(execute=True):
        response = stale.post(DELETE_URL, {"confirm": user.email})

    assert response["Location"] == reverse("reference:home")
    assert not get_user_model().objects.filter(pk=user.pk).exists()


# --- with two-factor authentication --------------------------------------------------------------


@pytest.fixture
def totp_user():
    user = UserFactory()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    user.totp_secret = secret
    return user


@pytest.fixture
def stale_with_totp(totp_user):
    """Signed in with the password and the code, then left alone past the timeout."""
    client = Client()
    client.force_login(totp_user)
    confirmed_it_is_them(client, totp_user, method="mfa", type="totp")
    age_authentication_records(client, account_settings.REAUTHENTICATION_TIMEOUT + 1)
    return client


@pytest.mark.parametrize("url", [EXPORT_URL, DELETE_URL])
def test_with_two_factor_on_confirming_asks_for_the_code(stale_with_totp, url):
    response = stale_with_totp.get(url)

    assert response["Location"] == confirm_page(url, "mfa_reauthenticate")
    page = stale_with_totp.get(response["Location"])
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()
    assert 'name="password"' not in page.content.decode()


def test_with_two_factor_on_an_email_change_asks_for_the_code(stale_with_totp):
    response = add_address(stale_with_totp)

    assert response["Location"] == confirm_page(EMAIL_URL, "mfa_reauthenticate")
    assert not EmailAddress.objects.filter(email=NEW_ADDRESS).exists()


def test_with_two_factor_on_the_password_alone_is_not_enough(stale_with_totp, totp_user):
    response = confirm_with_password(stale_with_totp, EXPORT_URL)

    # The password page is not open to this user: it sends them to the code.
    assert response.status_code == 302
    assert response["Location"] == confirm_page(EXPORT_URL, "mfa_reauthenticate")
    assert stale_with_totp.get(EXPORT_URL)["Location"] == confirm_page(
        EXPORT_URL, "mfa_reauthenticate"
    )
    assert add_address(stale_with_totp)["Location"] == confirm_page(EMAIL_URL, "mfa_reauthenticate")
    assert not EmailAddress.objects.filter(email=NEW_ADDRESS).exists()


def test_with_two_factor_on_the_code_confirms(stale_with_totp, totp_user):
    stale_with_totp.get(EXPORT_URL)

    response = stale_with_totp.post(
        reverse("mfa_reauthenticate"),
        {"code": totp_now(totp_user.totp_secret), "next": EXPORT_URL},
    )

    assert response["Location"] == EXPORT_URL
    response = stale_with_totp.get(EXPORT_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert add_address(stale_with_totp)["Location"] == reverse("account_email_verification_sent")


# --- the pages ----------------------------------------------------------------------------------


def test_the_confirmation_pages_look_like_the_other_account_pages(stale, stale_with_totp):
    # stale_with_totp is another browser (its own client), with its own user.
    password_page = stale.get(confirm_page(EXPORT_URL))
    code_page = stale_with_totp.get(confirm_page(EXPORT_URL, "mfa_reauthenticate"))

    for response, field in [(password_page, "password"), (code_page, "code")]:
        parsed = assert_clean_page(response, field)
        assert parsed.title.startswith("Confirm it is you")
        assert field in parsed.inputs
        text = response.content.decode()
        assert "download your data or delete your account" in text
        assert f'name="next" value="{EXPORT_URL}"' in text
    assert "recovery codes" in code_page.content.decode()
