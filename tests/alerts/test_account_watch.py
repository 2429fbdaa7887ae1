import io
import json
import zipfile

import pytest
from django.urls import reverse

from privacyreq.alerts.dispatch import warnings_send
from privacyreq.alerts.models import WarningSent, Watcher
from tests.accounts.helpers import confirmed_it_is_them
from tests.alerts.factories import TODAY, WatcherFactory, upcoming_start
from tests.factories import PlatformFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def platforms(db):
    return PlatformFactory(), PlatformFactory(slug="linkedin", service_name="LinkedIn", position=2)


def test_the_settings_page_lists_the_platforms_to_watch(client, user, platforms):
    client.force_login(user)

    page = client.get(reverse("accounts:settings")).content.decode()

    assert "Warnings before training starts" in page
    assert 'value="x"' in page and 'value="linkedin"' in page
    assert 'action="/warnings/settings/"' in page


def test_an_account_holder_watches_from_settings_without_confirming(
    client, user, platforms, mailoutbox
):
    client.force_login(user)

    response = client.post("/warnings/settings/", {"platforms": ["linkedin"]}, follow=True)

    assert "We will warn you at your account" in response.content.decode()
    watcher = Watcher.objects.get(user=user)
    assert watcher.confirmed_at is not None and watcher.email == ""
    assert list(watcher.platforms.values_list("slug", flat=True)) == ["linkedin"]
    assert not mailoutbox  # no double opt-in for the account's verified address
    page = client.get(reverse("accounts:settings")).content.decode()
    assert 'value="linkedin" id="watch_id_platforms_1" checked' in page
    assert 'value="x" id="watch_id_platforms_0" checked' not in page

    upcoming_start(platform=platforms[1])
    assert warnings_send(today=TODAY, site_url="") == 1
    assert mailoutbox[0].to == [user.email]

    client.post("/warnings/settings/", {})
    assert not Watcher.objects.filter(user=user).exists()


def test_watching_from_settings_needs_an_account(client, platforms):
    response = client.post("/warnings/settings/", {"platforms": ["x"]})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not Watcher.objects.exists()


def test_an_unknown_platform_is_refused(client, user, platforms):
    client.force_login(user)
    response = client.post("/warnings/settings/", {"platforms": ["nope"]}, follow=True)
    assert "Choose platforms from the list." in response.content.decode()
    assert not Watcher.objects.exists()


def _export(client, user) -> dict:
    client.force_login(user)
    confirmed_it_is_them(client, user)
    response = client.get(reverse("accounts:export"))
    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    return json.loads(archive.read("data.json"))


def test_the_export_includes_the_watches_and_the_warnings_sent(client, user, platforms):
    assert _export(client, user)["platform_warnings"] is None
    client.force_login(user)
    client.post("/warnings/settings/", {"platforms": ["x", "linkedin"]})
    upcoming_start(platform=platforms[0])
    warnings_send(today=TODAY, site_url="")

    data = _export(client, user)["platform_warnings"]

    assert data["platforms"] == ["x", "linkedin"]
    assert data["language"] == "en"
    [sent] = data["warnings_sent"]
    assert sent["platform__slug"] == "x"


def test_deleting_the_account_deletes_its_watch_and_what_was_sent(
    client, user, platforms, django_capture_on_commit_callbacks
):
    other = WatcherFactory(email=user.email)  # a subscription without the account: not theirs
    client.force_login(user)
    client.post("/warnings/settings/", {"platforms": ["x"]})
    upcoming_start(platform=platforms[0])
    warnings_send(today=TODAY, site_url="")
    assert WarningSent.objects.filter(watcher__user=user).exists()
    confirmed_it_is_them(client, user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:delete"), {"confirm": user.email})

    assert list(Watcher.objects.all()) == [other]
    assert not WarningSent.objects.filter(watcher__user__isnull=False).exists()


def test_warnings_follow_the_email_language_chosen_in_settings(client, user, platforms):
    client.force_login(user)
    client.post("/warnings/settings/", {"platforms": ["x"]})
    assert Watcher.objects.get(user=user).language == "en"

    client.post(reverse("accounts:language"), {"language": "de"})

    assert Watcher.objects.get(user=user).language == "de"
