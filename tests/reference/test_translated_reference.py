"""A platform's summary in the interface language (django-modeltranslation): shipped in
platforms.json under "translations", loaded by load_reference_data, edited in the admin, shown on
the home page's cards and as the platform page's lead with lang naming the language shown
(English where a translation is missing). The letters read none of it."""

import datetime as dt
import io
import json
import re
from html import unescape

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from privacyreq.letters.services import answers_validate, letters_draft
from privacyreq.reference.models import Platform
from privacyreq.reference.selectors import translated_text
from privacyreq.reference.services import DATA_DIR
from privacyreq.reference.templatetags.translated_reference import english_labels
from privacyreq.reference.translation import PlatformTranslationOptions
from tests.accounts.helpers import signed_in_with_code
from tests.factories import UserFactory, x_answers

pytestmark = pytest.mark.django_db

SHIPPED = {
    record["slug"]: record
    for record in json.loads((DATA_DIR / "platforms.json").read_text(encoding="utf-8"))
}
X_EN = SHIPPED["x"]["ai_summary"]
X_DE = SHIPPED["x"]["translations"]["de"]["ai_summary"]
ALL_ENGLISH = (
    "The details about this platform are in English for now: they are written from, and checked "
    "against, the platform's own English pages."
)
ALL_BUT_SUMMARY = (
    "Menu and setting names, the legal basis as the platform words it, the timeline and the "
    "sources are in English: they are written from, and checked against, the platform's own "
    "English pages."
)


def card(page: str, slug: str) -> str:
    """The summary paragraph of a platform's card on the home page."""
    section = page.split(f'aria-labelledby="platform-{slug}"', 1)[1].split("</section>", 1)[0]
    match = re.search(r'<p class="card-text"[^>]*>.*?</p>', section, re.S)
    assert match, section
    return match.group(0)


def lead(page: str) -> str:
    match = re.search(r'<p class="lead fs-6"[^>]*>.*?</p>', page, re.S)
    assert match, page
    return match.group(0)


def first_words(text: str, count: int = 12) -> str:
    return escape(" ".join(text.split()[:count]))


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


# --- Shipped data and the loader ----------------------------------------------------------------


# The registered fields (translation.py): each one a platform has in English is translated.
TRANSLATED = PlatformTranslationOptions.fields
STEP_FIELDS = ("steps_web", "steps_app", "history_steps")
LABEL = re.compile(r'"[^"\n]+"')


def test_every_platform_ships_its_texts_in_every_interface_language():
    for slug, record in SHIPPED.items():
        assert set(record["translations"]) == {"de", "fr", "es", "it", "nl", "pl"}, slug
        present = {field for field in TRANSLATED if record.get(field)}
        for language, fields in record["translations"].items():
            assert set(fields) == present, (slug, language, present ^ set(fields))
            for field, text in fields.items():
                where = (slug, language, field)
                # Faithful: the same dates and numbers as the English, none added or dropped.
                numbers = sorted(re.findall(r"\d+", record[field]))
                assert sorted(re.findall(r"\d+", text)) == numbers, where
                if field == "ai_summary":
                    continue
                # The platform's interface labels stay in English, in straight quotes (the page
                # marks them lang="en"), and the steps stay one a line, in order.
                assert LABEL.findall(text) == LABEL.findall(record[field]), where
                if field in STEP_FIELDS:
                    assert len(text.splitlines()) == len(record[field].splitlines()), where


def test_the_loader_stores_every_translation_and_english_as_english(db):
    # Run from a German request's thread: the English original still lands in English.
    with translation.override("de"):
        call_command("load_reference_data", stdout=io.StringIO())
    x = Platform.objects.get(slug="x")
    assert x.ai_summary_en == X_EN
    assert x.ai_summary_de == X_DE
    for language in ("fr", "es", "it", "nl", "pl"):
        shipped = SHIPPED["x"]["translations"][language]["ai_summary"]
        assert getattr(x, f"ai_summary_{language}") == shipped
    # The field's own column, which modeltranslation leaves to the active language, is English
    # too (read with SQL: the model's manager would read ai_summary_<language>).
    with connection.cursor() as cursor:
        cursor.execute("SELECT ai_summary FROM reference_platform WHERE slug = %s", ["x"])
        assert cursor.fetchone() == (X_EN,)


def _load_from(tmp_path, monkeypatch, platforms, *args):
    from privacyreq.reference.management.commands import load_reference_data

    (tmp_path / "authorities.json").write_text(
        (DATA_DIR / "authorities.json").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "platforms.json").write_text(json.dumps(platforms), encoding="utf-8")
    monkeypatch.setattr(load_reference_data, "DATA_DIR", tmp_path)
    call_command("load_reference_data", *args, stdout=io.StringIO())


def test_update_takes_a_dropped_translation_away_and_keeps_admin_edits_without_it(
    reference_data, tmp_path, monkeypatch
):
    Platform.objects.filter(slug="x").update(ai_summary_de="Von Hand korrigiert.")
    platforms = json.loads(json.dumps(list(SHIPPED.values())))
    del platforms[0]["translations"]["de"]
    _load_from(tmp_path, monkeypatch, platforms)
    assert Platform.objects.get(slug="x").ai_summary_de == "Von Hand korrigiert."
    _load_from(tmp_path, monkeypatch, platforms, "--update")
    x = Platform.objects.get(slug="x")
    assert x.ai_summary_de is None and x.ai_summary_fr
    assert x.ai_summary_en == X_EN


@pytest.mark.parametrize(
    ("translations", "named"),
    [
        ({"pt": {"ai_summary": "Texto"}}, "pt"),
        ({"de": {"setting_name": "Text"}}, "de.setting_name"),
    ],
)
def test_a_translation_of_an_unknown_language_or_field_is_refused(
    db, tmp_path, monkeypatch, translations, named
):
    platforms = json.loads(json.dumps(list(SHIPPED.values())))
    platforms[0]["translations"].update(translations)
    with pytest.raises(CommandError, match=rf"unknown languages or fields: {re.escape(named)}"):
        _load_from(tmp_path, monkeypatch, platforms)
    assert not Platform.objects.exists()


# --- The pages ----------------------------------------------------------------------------------


def test_a_german_interface_shows_the_german_summary_on_the_card_and_the_page(
    client, reference_data
):
    client.cookies["django_language"] = "de"
    summary = card(client.get("/").content.decode(), "x")
    assert 'lang="de"' in summary and first_words(X_DE) in summary
    assert first_words(X_EN) not in summary
    # The card is cut to 40 words; the platform page has it whole.
    assert escape(X_DE) not in summary
    page = client.get("/platforms/x/").content.decode()
    assert lead(page) == f'<p class="lead fs-6" lang="de">{escape(X_DE)}</p>'
    assert in_language("de", ALL_BUT_SUMMARY) in unescape(page)
    assert in_language("de", ALL_ENGLISH) not in unescape(page)


def test_a_language_without_a_translation_shows_english_marked_as_english(client, reference_data):
    Platform.objects.filter(slug="x").update(ai_summary_fr=None)
    client.cookies["django_language"] = "fr"
    home = client.get("/").content.decode()
    assert 'lang="en"' in card(home, "x") and first_words(X_EN) in card(home, "x")
    # Another platform's card still has its French text.
    meta_fr = SHIPPED["meta"]["translations"]["fr"]["ai_summary"]
    assert 'lang="fr"' in card(home, "meta") and first_words(meta_fr) in card(home, "meta")
    page = client.get("/platforms/x/").content.decode()
    assert lead(page) == f'<p class="lead fs-6" lang="en">{escape(X_EN)}</p>'
    assert in_language("fr", ALL_ENGLISH) in unescape(page)
    assert in_language("fr", ALL_BUT_SUMMARY) not in unescape(page)


def test_an_empty_translation_in_the_admin_also_falls_back_to_english(reference_data):
    Platform.objects.filter(slug="x").update(ai_summary_pl="")
    x = Platform.objects.get(slug="x")
    assert translated_text(instance=x, field="ai_summary", language="pl").language == "en"
    shown = translated_text(instance=x, field="ai_summary", language="nl")
    assert shown.language == "nl" and shown.text == x.ai_summary_nl


def test_english_pages_are_as_before(client, reference_data):
    home = client.get("/").content.decode()
    assert card(home, "x").startswith('<p class="card-text" lang="en">')
    assert first_words(X_EN) in card(home, "x")
    page = client.get("/platforms/x/").content.decode()
    assert lead(page) == f'<p class="lead fs-6" lang="en">{escape(X_EN)}</p>'
    assert "are in English for now" not in page


# --- The letters --------------------------------------------------------------------------------


def test_the_letters_do_not_follow_the_interface_language(reference_data):
    raw = x_answers(documents=["objection", "complaint"], complaint_to="lead", date="2026-12-04")

    answers = answers_validate(raw=raw, today=dt.date(2026, 12, 4))

    def texts(interface: str) -> dict[str, str]:
        with translation.override(interface):
            return {d.kind: d.text for d in letters_draft(answers=answers).documents}

    english, german = texts("en"), texts("de")
    assert german == english
    assert "I object" in english["objection"]
    for text in german.values():
        assert X_DE[:40] not in text


# --- The admin ----------------------------------------------------------------------------------


def test_the_admin_edits_the_summary_in_every_language(client, reference_data):
    signed_in_with_code(client, UserFactory(is_staff=True, is_superuser=True))
    x = Platform.objects.get(slug="x")
    url = f"/admin/reference/platform/{x.pk}/change/"
    response = client.get(url)
    page = response.content.decode()
    for language in ("en", "de", "fr", "es", "it", "nl", "pl"):
        assert f'name="ai_summary_{language}"' in page, language
    assert escape(X_DE) in page
    form = response.context["adminform"].form
    assert form.fields["ai_summary_en"].required and not form.fields["ai_summary_de"].required
    # The page's other texts too, none of them required (not every platform has notes).
    assert 'name="steps_web_de"' in page and 'name="history_notes_pl"' in page
    assert not form.fields["opt_out_notes_en"].required

    data = {name: form[name].value() for name in form.fields}
    data.update({"ai_summary_de": "Neu geschrieben.", "ai_summary_it": ""})
    for prefix in ("service_list", "entities", "timeline"):
        formset = next(
            f for f in response.context["inline_admin_formsets"] if f.formset.prefix == prefix
        ).formset
        data.update(
            {f"{prefix}-{key}": value for key, value in formset.management_form.initial.items()}
        )
        for index, inline in enumerate(formset.forms):
            for name in inline.fields:
                value = inline[name].value()
                data[f"{prefix}-{index}-{name}"] = value
    response = client.post(url, {k: "" if v is None else v for k, v in data.items()})
    assert response.status_code == 302, response.context["adminform"].form.errors
    x.refresh_from_db()
    assert x.ai_summary_de == "Neu geschrieben."
    assert x.ai_summary_en == X_EN
    assert not x.ai_summary_it


def test_english_labels_in_a_translation_are_marked_as_english_and_escaped():
    text = 'Klicken Sie auf "Settings & privacy", dann auf "<Grok>".'
    marked = english_labels(text, "de")
    assert marked == (
        'Klicken Sie auf "<span lang="en">Settings &amp; privacy</span>", dann auf '
        '"<span lang="en">&lt;Grok&gt;</span>".'
    )
    # English text needs no marks; it is only escaped.
    assert english_labels('Click "Settings & privacy".', "en") == (
        "Click &quot;Settings &amp; privacy&quot;."
    )


def test_a_german_platform_page_shows_german_steps_with_the_english_menu_names_marked(
    client, reference_data
):
    client.cookies["django_language"] = "de"
    page = client.get("/platforms/x/").content.decode()
    steps = SHIPPED["x"]["translations"]["de"]["steps_web"].splitlines()
    web = re.search(
        r'<h3 class="h5">Auf der Website</h3>\s*<ol lang="(\w+)">(.*?)</ol>', page, re.S
    )
    assert web and web.group(1) == "de"
    assert web.group(2).count("<li>") == len(steps)
    assert '"<span lang="en">Settings and privacy</span>"' in web.group(2)
    data_used = SHIPPED["x"]["translations"]["de"]["ai_data_used"]
    assert escape(data_used.split('"')[0]) in page
