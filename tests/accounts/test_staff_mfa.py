"""Staff open the admin, which edits the addresses every letter is sent to, only with a second
factor: without an authenticator app they are sent to set one up; with one, from a session that
has not used it, to enter a code. The admin's own login page is no way round it."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse
from django.utils.http import urlencode

from privacyreq.reference.models import Platform, SupervisoryAuthority
from tests.accounts.helpers import (
    confirmed_it_is_them,
    is_logged_in,
    log_in,
    signed_in_with_code,
    totp_now,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"


@pytest.fixture
def change_page(reference_data) -> str:
    platform = Platform.objects.get(slug="x")
    return f"/admin/reference/platform/{platform.pk}/change/"


def staff(**extra):
    return UserFactory(is_staff=True, is_superuser=True, **extra)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize(
    "flags",
    [
        {"is_staff": True, "is_superuser": True},
        {"is_staff": True},
        {"is_superuser": True},
    ],
    ids=["superuser", "staff", "superuser-not-staff"],
)
def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, change_page, flags):
    user = UserFactory(**flags)
    client.force_login(user)
    confirmed_it_is_them(client, user)  # even a fresh password confirmation is not enough

    for url in [ADMIN, change_page, "/admin/login/", "/admin/auth/user/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp"), url

    response = client.get(ADMIN, follow=True)
    assert any("needs two-factor authentication" in m for m in messages_of(response))


def test_a_post_to_the_admin_without_an_authenticator_changes_nothing(client, reference_data):
    authority = SupervisoryAuthority.objects.get(code="at")
    url = f"/admin/reference/supervisoryauthority/{authority.pk}/change/"
    # The form as the admin fills it, taken by a colleague who signed in with the code.
    colleague = client.__class__()
    signed_in_with_code(colleague, staff())
    form = colleague.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {key: "" if value is None else value for key, value in data.items()}
    data["email"] = "attacker@example.org"
    client.force_login(staff())

    response = client.post(url, data)

    assert response["Location"] == reverse("mfa_activate_totp")
    assert SupervisoryAuthority.objects.get(code="at").email != "attacker@example.org"
    # The same form from the colleague's session does save: the refusal was the second factor's.
    assert colleague.post(url, data).status_code == 302
    assert SupervisoryAuthority.objects.get(code="at").email == "attacker@example.org"


def test_staff_with_an_authenticator_but_a_session_without_its_code_are_asked_for_it(
    client, change_page
):
    user = staff()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client.force_login(user)
    confirmed_it_is_them(client, user)  # the password again is not the second factor

    for url in [ADMIN, change_page]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('mfa_reauthenticate')}?{urlencode({'next': url})}"

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()
    assert any("enter the code" in m for m in messages_of(page))

    response = client.post(response["Location"], {"code": totp_now(secret), "next": change_page})

    assert response["Location"] == change_page
    assert client.get(change_page).status_code == 200
    assert client.get(ADMIN).status_code == 200


def test_staff_who_logged_in_with_the_code_reach_the_admin(client, change_page):
    user = staff()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)

    assert log_in(client, user.email)["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_now(secret)})
    assert response.status_code == 302
    assert is_logged_in(client)

    response = client.get(ADMIN)
    assert response.status_code == 200
    assert "Site administration" in response.content.decode()
    assert client.get(change_page).status_code == 200


def test_the_helper_for_other_admin_tests_signs_in_as_the_admin_requires(client, change_page):
    signed_in_with_code(client, staff())

    assert client.get(change_page).status_code == 200


def test_other_users_are_not_affected(client, reference_data):
    user = UserFactory()
    client.force_login(user)

    # The admin refuses them as before (its login page, which is allauth's and says no) ...
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get("/admin/login/").status_code == 403
    # ... and the rest of the site is unchanged.
    assert client.get(reverse("accounts:settings")).status_code == 200
    assert client.get(reverse("tracking:dashboard")).status_code == 200


def test_the_admin_login_page_sends_everyone_else_to_allauths_login(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?{urlencode({'next': ADMIN})}"
    # Its form cannot be posted to either: no password is checked there.
    user = staff()
    response = client.post("/admin/login/", {"username": user.username, "password": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not is_logged_in(client)
