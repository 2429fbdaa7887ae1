"""Reference values a letter writes mid-sentence are translated (reference/phrases.py)."""

import json

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from privacyreq.reference.phrases import PHRASES
from privacyreq.reference.services import DATA_DIR

# Platform fields the letters pass through the reference_text filter.
WRITTEN_MID_SENTENCE = ("legal_basis_claimed", "ai_recipient")
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


def shipped_values() -> set[str]:
    platforms = json.loads((DATA_DIR / "platforms.json").read_text(encoding="utf-8"))
    return {p[field] for p in platforms for field in WRITTEN_MID_SENTENCE if p.get(field)}


def test_every_phrase_is_a_value_the_shipped_data_uses():
    # A phrase the data no longer uses would leave translators working on nothing.
    assert set(PHRASES) <= shipped_values()


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_the_letters_write_each_phrase_in_their_own_language(language):
    # Unescaped, so an apostrophe in a phrase cannot make it differ.
    template = Template(
        "{% load reference_text %}{% autoescape off %}{{ value|reference_text }}{% endautoescape %}"
    )
    for phrase in PHRASES:
        with translation.override(language):
            written = template.render(Context({"value": phrase}))
        assert written and written != phrase, (language, phrase)


def test_a_value_without_a_translation_is_written_as_typed():
    template = Template("{% load reference_text %}[{{ value|reference_text }}]")
    with translation.override("de"):
        assert template.render(Context({"value": "Consent of a kind"})) == "[Consent of a kind]"
        assert template.render(Context({"value": ""})) == "[]"
