"""The pages that say who runs the site and what it does with visitors' data: About, Contact,
Privacy notice and Legal notice. They show the operator's details from settings and say so when
one is missing, never inventing it; every page links to them from its footer."""

import re
from html import unescape

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse

from privacyreq.core.views import duration_text
from privacyreq.env import env_email, env_lines, env_url

PAGES = ["core:about", "core:contact", "core:privacy", "core:legal_notice"]

OPERATOR = {
    "OPERATOR_NAME": "Jana Beispiel",
    "OPERATOR_ADDRESS": ["Beispielweg 1", "10115 Berlin", "Germany"],
    "OPERATOR_EMAIL": "hello@privacyreq.example",
    "OPERATOR_PHONE": "+49 30 1234567",
    "OPERATOR_REGISTER": "",
    "OPERATOR_VAT_ID": "",
    "OPERATOR_REPRESENTATIVE": "",
    "HOSTING_PROVIDER": "Hetzner Online GmbH, Gunzenhausen, Germany",
    "SOURCE_CODE_URL": "https://code.example/privacyreq",
}
UNSET = {name: [] if name == "OPERATOR_ADDRESS" else "" for name in OPERATOR}


def text_of(response) -> str:
    """The page's text, tags dropped and whitespace collapsed, as a reader sees it."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def get(client, name: str, language: str = "en"):
    client.cookies["django_language"] = language
    return client.get(reverse(name))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("name", PAGES)
@override_settings(**OPERATOR)
def test_each_page_answers_in_english_and_german_with_the_operator(client, name, language):
    response = get(client, name, language)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    text = text_of(response)
    assert "Jana Beispiel" in text
    assert "(OPERATOR_NAME)" not in text


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["core:contact", "core:privacy", "core:legal_notice"])
@override_settings(**OPERATOR)
def test_contact_details_are_shown_as_set(client, name):
    response = get(client, name)
    text = text_of(response)
    assert "Beispielweg 1 10115 Berlin Germany" in text
    assert "+49 30 1234567" in text
    assert 'href="mailto:hello@privacyreq.example"' in response.content.decode()
    assert "has not given" not in text


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
@override_settings(**UNSET)
def test_an_unset_operator_is_said_plainly_not_invented(client, name):
    response = get(client, name)
    text = text_of(response)
    assert "The operator of this site has not given their name yet (OPERATOR_NAME)." in text
    if name != "core:about":
        assert "has not given a postal address yet (OPERATOR_ADDRESS)" in text
        assert "has not given an email address yet (OPERATOR_EMAIL)" in text
    assert "mailto:" not in response.content.decode()


@pytest.mark.django_db
@override_settings(**UNSET)
def test_unset_source_and_hosting_are_said_plainly(client):
    assert "(SOURCE_CODE_URL)" in text_of(get(client, "core:about"))
    assert "has not said who hosts it yet (HOSTING_PROVIDER)" in text_of(
        get(client, "core:privacy")
    )
    # Without a source address, the footer has no source link.
    assert "Source code" not in text_of(get(client, "reference:home"))


@pytest.mark.django_db
@override_settings(**OPERATOR)
def test_about_states_the_licence_and_links_the_source(client):
    response = get(client, "core:about")
    text = text_of(response)
    assert "AGPL-3.0-or-later" in text
    assert "not legal advice" in text.lower()
    assert 'href="https://code.example/privacyreq"' in response.content.decode()
    assert "(SOURCE_CODE_URL)" not in text


@pytest.mark.django_db
@override_settings(**OPERATOR)
def test_the_home_page_footer_links_every_trust_page_and_the_source(client):
    html = get(client, "reference:home").content.decode()
    footer = html[html.index("<footer") : html.index("</footer>")]
    for name in PAGES:
        assert f'href="{reverse(name)}"' in footer
    assert 'href="https://code.example/privacyreq"' in footer


@pytest.mark.django_db
@pytest.mark.parametrize(("seconds", "said"), [(7200, "2 hours"), (86400, "24 hours")])
def test_privacy_states_the_real_session_lifetime(client, settings, seconds, said):
    settings.SESSION_COOKIE_AGE = seconds
    assert f"for at most {said}. The session cookie" in text_of(get(client, "core:privacy"))


@pytest.mark.django_db
def test_privacy_names_hosting_cookies_and_legal_bases(client, settings):
    settings.HOSTING_PROVIDER = "Hetzner Online GmbH, Gunzenhausen, Germany"
    text = text_of(get(client, "core:privacy"))
    assert "hosts our servers: Hetzner Online GmbH, Gunzenhausen, Germany." in text
    for cookie in ("sessionid", "csrftoken", "django_language"):
        assert cookie in text
    assert "Art. 6(1)(b) GDPR" in text and "Art. 6(1)(f) GDPR" in text
    # The longest rate-limit window of the default settings: 60/h/ip for new PDFs.
    assert "(at most 1 hour)" in text


def test_durations_read_as_hours_minutes_or_days():
    assert duration_text(3600) == "1 hour"
    assert duration_text(900) == "15 minutes"
    assert duration_text(5400) == "90 minutes"
    assert duration_text(31449600) == "364 days"


@pytest.mark.django_db
def test_legal_notice_lists_register_vat_and_representative_only_when_set(client, settings):
    for name, value in OPERATOR.items():
        setattr(settings, name, value)
    text = text_of(get(client, "core:legal_notice"))
    assert "§ 5 of Germany's Digitale-Dienste-Gesetz (DDG)" in text
    for label in ("Register entry", "VAT identification number", "Responsible for the content"):
        assert label not in text

    settings.OPERATOR_REGISTER = "Amtsgericht Charlottenburg, HRB 12345"
    settings.OPERATOR_VAT_ID = "DE123456789"
    settings.OPERATOR_REPRESENTATIVE = "Max Muster"
    text = text_of(get(client, "core:legal_notice"))
    assert "Register entry Amtsgericht Charlottenburg, HRB 12345" in text
    assert "VAT identification number DE123456789" in text
    assert "Responsible for the content Max Muster" in text
    # The contact page is not the legal notice: no register details there.
    assert "HRB 12345" not in text_of(get(client, "core:contact"))


def test_a_malformed_operator_email_stops_the_start(monkeypatch):
    monkeypatch.setenv("OPERATOR_EMAIL", "hello at example.org")
    with pytest.raises(ImproperlyConfigured, match="OPERATOR_EMAIL must be an email address"):
        env_email("OPERATOR_EMAIL")
    monkeypatch.setenv("OPERATOR_EMAIL", " hello@example.org ")
    assert env_email("OPERATOR_EMAIL") == "hello@example.org"
    monkeypatch.delenv("OPERATOR_EMAIL")
    assert env_email("OPERATOR_EMAIL") == ""


def test_a_source_address_must_be_http(monkeypatch):
    monkeypatch.setenv("SOURCE_CODE_URL", "javascript:alert(1)")
    with pytest.raises(ImproperlyConfigured, match="SOURCE_CODE_URL must be an http"):
        env_url("SOURCE_CODE_URL")
    monkeypatch.setenv("SOURCE_CODE_URL", "https://code.example/privacyreq")
    assert env_url("SOURCE_CODE_URL") == "https://code.example/privacyreq"


def test_address_lines_split_on_newlines_and_bars(monkeypatch):
    monkeypatch.setenv("OPERATOR_ADDRESS", "Beispielweg 1 | 10115 Berlin\\nGermany\n\n")
    assert env_lines("OPERATOR_ADDRESS") == ["Beispielweg 1", "10115 Berlin", "Germany"]
    monkeypatch.delenv("OPERATOR_ADDRESS")
    assert env_lines("OPERATOR_ADDRESS") == []
