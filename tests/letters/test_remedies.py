"""Remedies: every letter to the organisation reserves Articles 79 and 82; the complaint asks for a
legally binding decision and for the measures needed to remedy what is found."""

import datetime as dt
import re

import pytest

from privacyreq.letters.services import answers_validate, complaint_form_render, letters_draft

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 4)
RAW = {
    "platform": "x",
    "country": "IE",
    "full_name": "Aoife Byrne",
    "postal_address": "4 Example Street\nExample Town",
    "email": "aoife@example.ie",
    "documents": ["objection", "erasure", "access", "restriction", "complaint"],
    "complaint_to": "lead",
    "date": TODAY.isoformat(),
}


def draft_in(language):
    raw = {**RAW, "language": language, "complaint_language": language}
    return letters_draft(answers=answers_validate(raw=raw, today=TODAY))


def flat(text):
    return re.sub(r"\s+", " ", text)


def test_letters_reserve_articles_79_and_82(reference_data):
    draft = draft_in("en")
    for document in draft.documents:
        text = flat(document.text)
        reserved = "(Article 79 GDPR)" in text and "(Article 82 GDPR)" in text
        assert reserved == (document.kind != "complaint"), document.kind


def test_the_complaint_asks_for_a_binding_decision(reference_data):
    draft = draft_in("en")
    complaint = flat(draft.document("complaint").text)
    assert "Decide on my complaint by a legally binding decision" in complaint
    assert "C-26/22 and C-64/22" in complaint and "C-768/21" in complaint
    form = flat(re.sub(r"<[^>]+>", " ", complaint_form_render(draft=draft)))
    assert "C-768/21" in form


def test_in_german(reference_data):
    draft = draft_in("de")
    assert "(Art. 82 DSGVO)" in flat(draft.document("objection").text)
    assert "Urteil vom 7. Dezember 2023, SCHUFA Holding u. a." in flat(
        draft.document("complaint").text
    )
