"""A platform's own letter parts live in templates/letters/platforms/<slug>/, and no shared
template decides anything on a platform's slug."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.template import TemplateSyntaxError
from django.template.loader import get_template

from privacyreq.letters.services import letters_draft
from privacyreq.letters.templatetags.platform_parts import rested_fields
from privacyreq.reference.models import FACT_FIELDS
from tests.factories import PlatformFactory, berlin_authority
from tests.letters.test_documents import flat, make_answers

pytestmark = pytest.mark.django_db

UNDERTAKING = "undertaking of 4 September 2024"


def test_no_shared_template_compares_a_slug():
    templates = Path(django_settings.BASE_DIR) / "templates"
    offenders = [
        f"{path.relative_to(templates)}:{number}"
        for path in templates.rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"slug\s*[!=]=", line)
    ]
    assert offenders == []


def test_x_letters_carry_xs_own_facts():
    PlatformFactory()
    berlin_authority()
    draft = letters_draft(answers=make_answers())
    objection = flat(draft.document("objection").text)
    assert UNDERTAKING in objection
    assert "I switched off the setting that allowed the use of my data for training." in objection
    # The menu's path is an interface label, in English: never in a letter.
    assert "Settings and privacy" not in objection
    complaint = flat(draft.document("complaint").text)
    assert "Regulatory background" in complaint
    assert "At first, the way to stop the processing could be used only on the website" in complaint
    erasure = flat(draft.document("erasure").text)
    assert "by switching off the training setting" in erasure


def test_another_platform_gets_the_shared_words(settings):
    PlatformFactory(slug="chirp", service_name="Chirp", ai_model_name="Chirpy", ai_recipient="")
    berlin_authority()
    draft = letters_draft(answers=make_answers(platform="chirp"))
    for document in draft.documents:
        assert UNDERTAKING not in document.text
        assert "Regulatory background" not in document.text
    objection = flat(draft.document("objection").text)
    assert "I used the option you provide to stop the use of my data for AI training" in objection
    assert "The way to stop the processing is hard to find." not in flat(
        draft.document("complaint").text
    )


def test_adding_a_platforms_fact_touches_only_its_own_folder(settings, tmp_path):
    """A new platform's part, in its own folder, reaches its letters and no other's."""
    folder = tmp_path / "letters" / "platforms" / "chirp" / "complaint"
    folder.mkdir(parents=True)
    (folder / "background.html").write_text(
        '{% load platform_parts %}{% rests_on "regulator_actions" %}'
        "<h2>Regulatory background</h2><p>On 1 March 2026 the regulator asked Chirp to stop.</p>"
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    PlatformFactory(slug="chirp", service_name="Chirp")
    berlin_authority()
    chirp = letters_draft(answers=make_answers(platform="chirp", documents=("complaint",)))
    assert "the regulator asked Chirp to stop" in chirp.document("complaint").text
    PlatformFactory()
    x = letters_draft(answers=make_answers(documents=("complaint",)))
    assert "the regulator asked Chirp to stop" not in x.document("complaint").text
    assert UNDERTAKING in x.document("complaint").text


def test_a_part_resting_on_a_fact_no_source_confirms_is_left_out():
    """X's undertaking to the High Court is stated from X's record of regulators' actions: once
    that fact is marked not confirmed, the letters say nothing of it (the shared words stand)."""
    x = PlatformFactory()
    berlin_authority()
    x.facts = {"regulator_actions": {"source": "", "status": "not_confirmed", "note": ""}}
    x.save()
    draft = letters_draft(answers=make_answers())
    assert UNDERTAKING not in flat(draft.document("objection").text)
    complaint = flat(draft.document("complaint").text)
    assert UNDERTAKING not in complaint and "Regulatory background" not in complaint
    # The setting's parts rest on another fact, still stated.
    assert "I switched off the setting that allowed the use of my data for training." in flat(
        draft.document("objection").text
    )
    x.facts = {"regulator_actions": {"source": "https://example.org", "status": "confirmed"}}
    x.save()
    assert UNDERTAKING in flat(letters_draft(answers=make_answers()).document("objection").text)


def test_every_platform_part_says_which_facts_it_states():
    """Each part names the record's fields it rests on, and only real ones."""
    folder = Path(django_settings.BASE_DIR) / "templates" / "letters" / "platforms"
    parts = sorted(folder.rglob("*.html"))
    assert len(parts) > 20
    for path in parts:
        name = str(path.relative_to(folder.parent.parent))
        fields = rested_fields(get_template(name).template)
        assert fields and set(fields) <= set(FACT_FIELDS), name


def test_a_part_that_names_no_fact_is_refused(settings, tmp_path):
    folder = tmp_path / "letters" / "platforms" / "chirp" / "complaint"
    folder.mkdir(parents=True)
    (folder / "background.html").write_text("<p>Chirp did something.</p>")
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    PlatformFactory(slug="chirp", service_name="Chirp")
    berlin_authority()
    with pytest.raises(TemplateSyntaxError, match="rests_on"):
        letters_draft(answers=make_answers(platform="chirp", documents=("complaint",)))
