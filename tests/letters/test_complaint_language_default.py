"""Without ``complaint_language`` the complaint is written in the letters' language where its
authority takes complaints in it, else in the authority's own language, as the questionnaire's
check page suggests: a French resident's complaint to the DPC in English (the DPC works in
English), to the CNIL in French; a report to the EDÖB in French for letters in French, in German
for letters in English. A language given is kept, and kept through the stored answers."""

import datetime as dt
import io
import json
import re

import pytest
from django.core.management import call_command

from privacyreq.letters.services import answers_validate, letters_draft
from tests.factories import earlier_request

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)
BASE = {
    "platform": "meta",
    "country": "FR",
    "full_name": "Camille Martin",
    "email": "camille@example.fr",
    "postal_address": "3 rue de la Paix\n75002 Paris",
    "documents": ["objection", "complaint"],
    "language": "fr",
    "date": TODAY.isoformat(),
}


def complaint(**overrides):
    answers = answers_validate(raw={**BASE, **overrides}, today=TODAY)
    return answers, letters_draft(answers=answers).document("complaint")


@pytest.mark.parametrize(
    ("overrides", "language", "opening"),
    [
        ({"complaint_to": "lead"}, "en", "I hereby lodge a complaint under Article 77 GDPR"),
        ({"complaint_to": "home"}, "fr", "Par la présente, j\u2019introduis une réclamation"),
        (
            {"complaint_to": "lead", "complaint_language": "fr"},
            "fr",
            "Par la présente, j\u2019introduis une réclamation",
        ),
        (
            {
                "country": "CH",
                "complaint_to": "home",
                "postal_address": "Rue du Lac 1\n1000 Lausanne",
            },
            "fr",
            "art. 49",
        ),
        (
            {
                "country": "CH",
                "complaint_to": "home",
                "language": "en",
                "postal_address": "Bahnhofstrasse 1\n8001 Zürich",
            },
            "de",
            "gestützt auf Art. 49 des Bundesgesetzes über den Datenschutz (DSG)",
        ),
    ],
)
def test_the_complaint_is_in_its_authoritys_language_unless_chosen(
    reference_data, overrides, language, opening
):
    answers, document = complaint(**overrides)
    assert answers.document_language("complaint") == language
    assert answers.document_language("objection") == answers.language
    assert opening in re.sub(r"\s+", " ", document.text)


def test_the_command_line_writes_the_dpc_complaint_in_english(tmp_path, reference_data):
    path = tmp_path / "answers.json"
    raw = {**BASE, "documents": ["complaint"], "complaint_to": "lead"}
    path.write_text(json.dumps({**raw, "prior_request": earlier_request()}), encoding="utf-8")
    call_command("draft_letters", str(path), "--out", str(tmp_path / "out"), stdout=io.StringIO())
    text = next((tmp_path / "out").glob("*complaint*.txt")).read_text(encoding="utf-8")
    assert "I hereby lodge a complaint under Article 77 GDPR" in re.sub(r"\s+", " ", text)


def test_a_chosen_language_survives_the_stored_answers(reference_data):
    """The result page validates the stored answers again: a complaint chosen in the letters'
    language must not turn into the authority's language on the way."""
    answers, _ = complaint(complaint_to="lead", complaint_language="fr")
    stored = answers.to_json()
    assert stored["complaint_language"] == "fr"
    again = answers_validate(raw=stored, today=TODAY)
    assert again.document_language("complaint") == "fr"
