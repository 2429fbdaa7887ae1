"""The letters are marked for translation: every sentence of the objection, erasure, access and
restriction letters (and the letterhead, salutation and closing the complaint shares with them)
goes through gettext, and the rest is the writer's or the reference data's own words.

A stand-in for gettext wraps each message in «»; whatever English is left outside them in a
rendered letter was not marked. Without makemessages or a catalogue this runs with every test.
"""

import copy
import datetime as dt
import re

import pytest
from django.utils import translation

from privacyreq.deadlines import response_due
from privacyreq.letters.answers import Answers, Controller
from privacyreq.letters.letter_context import letter_context
from privacyreq.letters.letter_facts import controller_party
from privacyreq.letters.services import Draft, _render
from privacyreq.letters.text import html_to_text
from privacyreq.reference.selectors import platform_for_letters

pytestmark = pytest.mark.django_db

LETTERS = ("objection", "erasure", "access", "restriction")
LETTER_DATE = dt.date(2026, 5, 4)
EVERYTHING = {
    "full_name": "Zoë Ångström",
    "email": "zoe@example.org",
    "account": "@zoe_writes",
    "postal_address": "Musterstraße 12\n10115 Berlin",
    "data": ("posts", "ai_chats", "images", "profile"),
    "situation": (
        "sensitive_data",
        "minor",
        "professional_secrecy",
        "creative_work",
        "harassment_risk",
        "third_party_data",
        "other",
    ),
    "situation_text": "Words of my own.\nAnd more.",
    "opted_out_on": dt.date(2024, 8, 1),
    "documents": LETTERS,
}
NOTHING = {"account": "", "data": (), "situation": (), "situation_text": "", "opted_out_on": None}

VARIANTS = {
    "x-de-everything": ("x", "DE", {}, {}),
    "x-de-nothing": ("x", "DE", NOTHING, {}),
    "meta-gb-without-objection": ("meta", "GB", {"documents": ("erasure", "restriction")}, {}),
    "linkedin-ch-everything": ("linkedin", "CH", {}, {}),
    "google-fr-not-opted-out": ("google", "FR", {"opted_out_on": None, "data": ("images",)}, {}),
    "other-de-everything": ("other", "DE", {}, {}),
    "other-de-nothing": ("other", "DE", NOTHING, {}),
    "recipient-without-model": (
        "x",
        "DE",
        {"documents": ("access", "erasure", "restriction"), "account": ""},
        {"ai_model_name": "", "ai_switched_on": None, "legal_basis_claimed": ""},
    ),
}


def pseudo(message: str) -> str:
    return f"«{message}»"


@pytest.fixture
def marked(monkeypatch):
    """gettext and friends wrap every message in «», whatever the language."""
    trans = translation._trans
    monkeypatch.setattr(trans, "gettext", pseudo, raising=False)
    monkeypatch.setattr(trans, "pgettext", lambda context, message: pseudo(message), raising=False)
    monkeypatch.setattr(
        trans, "ngettext", lambda s, p, n: pseudo(s if n == 1 else p), raising=False
    )
    monkeypatch.setattr(
        trans, "npgettext", lambda c, s, p, n: pseudo(s if n == 1 else p), raising=False
    )


def answers_for(platform: str, country: str, **overrides) -> Answers:
    values = {
        **EVERYTHING,
        "platform": platform,
        "country": country,
        "region": "DE-BE" if country == "DE" else "",
        "date": LETTER_DATE,
        "controller": (
            Controller(name="Acme Ltd", address="1 Road\nDublin", email="dp@acme.example")
            if platform == "other"
            else None
        ),
    }
    values.update(overrides)
    return Answers(**values)


def render(answers: Answers, kind: str, *, platform_changes: dict | None = None) -> str:
    platform = platform_for_letters(slug=answers.platform) if answers.platform != "other" else None
    if platform is not None and platform_changes:
        platform = copy.copy(platform)
        for name, value in platform_changes.items():
            setattr(platform, name, value)
    controller = controller_party(answers, platform)
    draft = Draft(
        answers=answers,
        controller=controller,
        platform=platform,
        authority=None,
        due_date=response_due(answers.date, country=controller.country),
    )
    with translation.override(answers.document_language(kind)):
        return _render(kind, letter_context(answers, kind=kind, draft=draft, for_email=False))


def unmarked(text: str, own_words: list[str]) -> list[str]:
    """The lines of a letter with English outside «», once the writer's and the reference data's
    own words are taken out."""
    while re.search(r"«[^«»]*»", text):
        text = re.sub(r"«[^«»]*»", "", text)
    for words in sorted(map(str, own_words), key=len, reverse=True):
        text = text.replace(words, "")
    return [line for line in text.splitlines() if re.search(r"[A-Za-z]{3,}", line)]


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_sentence_of_the_letters_is_marked(reference_data, marked, variant):
    platform_slug, country, overrides, platform_changes = VARIANTS[variant]
    answers = answers_for(platform_slug, country, **overrides)
    for kind in answers.documents:
        html = render(answers, kind, platform_changes=platform_changes)
        platform = platform_for_letters(slug=platform_slug)
        controller = controller_party(answers, platform)
        own_words = [
            answers.full_name,
            answers.email,
            *answers.postal_address.splitlines(),
            controller.name,
            *controller.address_lines,
        ]
        if answers.account:
            own_words.append(answers.account)
        assert unmarked(html_to_text(html), own_words) == [], kind


@pytest.mark.parametrize("variant", VARIANTS)
def test_no_message_stops_in_the_middle_of_a_sentence(reference_data, marked, variant):
    """Sentences are whole messages, not fragments joined around an {% if %}: no message ends
    on a word that needs more words after it, nor starts with a comma."""
    platform_slug, country, overrides, platform_changes = VARIANTS[variant]
    answers = answers_for(platform_slug, country, **overrides)
    for kind in answers.documents:
        text = html_to_text(render(answers, kind, platform_changes=platform_changes))
        for message in re.findall(r"«((?:[^«»]|«[^«»]*»)*)»", text):
            assert not re.search(r"\b(the|of|and|or|with|by|including|such as)$", message), message
            assert not message.startswith((",", ";", ".")), message


def test_the_html_lang_is_the_documents_own_language(reference_data):
    answers = answers_for("x", "DE", language="de", complaint_language="fr")
    html = render(answers, "objection")
    assert '<html lang="de">' in html


@pytest.mark.parametrize(
    ("language", "letter_date", "opted_out"),
    [
        (
            "en",
            "4 May 2026",
            "On 1 August 2024 I switched off the setting that allowed the use of my data",
        ),
        ("de", "4. Mai 2026", "1. August 2024"),
        ("pl", "4 maja 2026", "1 sierpnia 2024"),
    ],
)
def test_dates_are_written_as_the_letters_language_writes_them(
    reference_data, language, letter_date, opted_out
):
    answers = answers_for("x", "DE", language=language)
    text = " ".join(html_to_text(render(answers, "objection")).split())
    assert letter_date in text
    assert opted_out in text


def test_the_letterhead_labels_for_screen_readers_are_marked(reference_data, marked):
    html = render(answers_for("x", "DE"), "objection")
    assert 'aria-label="«Sender»"' in html
    assert 'aria-label="«Recipient»"' in html
