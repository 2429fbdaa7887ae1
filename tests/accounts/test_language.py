"""The language of the emails privacyreq sends by itself (tracking's Preferences.language): taken
from the interface language when the preferences are created, changed on the settings page,
exported."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.conf import settings
from django.urls import reverse

from privacyreq.letters.services import answers_validate
from privacyreq.tracking import preferences, services
from privacyreq.tracking.models import Preferences
from tests.accounts.helpers import confirmed_it_is_them
from tests.factories import PreferencesFactory, x_answers

pytestmark = pytest.mark.django_db


def language_of(user) -> str:
    return Preferences.objects.get(user=user).language


# Set from the interface language when the preferences are created


def test_new_preferences_take_the_interface_language(client, user):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    client.force_login(user)

    client.get(reverse("accounts:settings"))

    assert language_of(user) == "de"


def test_a_regional_browser_language_becomes_the_sites_language(client, user):
    client.force_login(user)

    client.get(reverse("accounts:settings"), HTTP_ACCEPT_LANGUAGE="nl-BE,nl;q=0.9")

    assert language_of(user) == "nl"


def test_existing_preferences_keep_their_language_whatever_the_interface(client, user):
    PreferencesFactory(user=user, language="pl")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    client.force_login(user)

    client.get(reverse("accounts:settings"))
    client.post(reverse("accounts:reminders"), {})

    assert language_of(user) == "pl"


@pytest.mark.parametrize(
    ("given", "stored"), [("es", "es"), ("de-at", "de"), ("xx", "en"), (None, "en")]
)
def test_preferences_get_creates_with_the_given_language_or_the_default(user, given, stored):
    assert preferences.preferences_get(user=user, language=given).language == stored
    assert language_of(user) == stored


def test_saving_a_case_creates_the_preferences_in_the_interface_language(reference_data, user):
    answers = answers_validate(raw=x_answers(documents=["objection"]), today=dt.date(2026, 11, 2))

    services.case_create(owner=user, answers=answers, language="it")

    assert language_of(user) == "it"


# Changed on the settings page


def test_the_settings_page_offers_every_language_in_its_own_name(client, user):
    PreferencesFactory(user=user, language="fr")
    client.force_login(user)

    page = client.get(reverse("accounts:settings")).content.decode()

    assert "Language of emails from privacyreq" in page
    assert f'action="{reverse("accounts:language")}"' in page
    for code, name in settings.LANGUAGES:
        assert f'value="{code}"' in page and name in page
    assert 'value="fr" checked' in page


def test_the_settings_page_changes_the_language(client, user):
    PreferencesFactory(user=user, language="en")
    client.force_login(user)

    response = client.post(reverse("accounts:language"), {"language": "de"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("accounts:settings")
    assert language_of(user) == "de"
    assert "Language of emails from privacyreq: Deutsch" in response.content.decode()
    assert 'value="de" checked' in response.content.decode()


@pytest.mark.parametrize("data", [{}, {"language": "xx"}, {"language": "de-at"}])
def test_an_unknown_language_is_refused_and_nothing_changes(client, user, data):
    PreferencesFactory(user=user, language="es")
    client.force_login(user)

    response = client.post(reverse("accounts:language"), data, follow=True)

    assert "Choose the language of your emails." in response.content.decode()
    assert language_of(user) == "es"


def test_the_language_url_needs_login_and_a_post(client, user):
    assert client.post(reverse("accounts:language"), {"language": "de"}).status_code == 302
    assert not Preferences.objects.exists()
    client.force_login(user)
    response = client.get(reverse("accounts:language"))
    assert response["Location"] == reverse("accounts:settings")


def test_preferences_language_set_refuses_a_language_the_site_does_not_offer(user):
    with pytest.raises(ValueError, match="Unknown language"):
        preferences.preferences_language_set(user=user, language="xx")


# Exported


def test_the_export_includes_the_language(client, user):
    PreferencesFactory(user=user, language="pl")
    client.force_login(user)
    confirmed_it_is_them(client, user)  # the export asks for it (test_reauthentication.py)

    response = client.get(reverse("accounts:export"))

    data = json.loads(zipfile.ZipFile(io.BytesIO(response.getvalue())).read("data.json"))
    assert data["profile"]["language"] == "pl"
