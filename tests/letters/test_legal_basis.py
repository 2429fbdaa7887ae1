"""The legal basis a platform states is cited as what its privacy policy says, as of the date our
record was checked: our summary, never in quotation marks as if quoted."""

import datetime as dt
import re

import pytest

from privacyreq.letters.services import answers_validate, letters_draft
from privacyreq.reference.models import Platform

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 4)
RAW = {
    "platform": "linkedin",
    "country": "IE",
    "full_name": "Aoife Byrne",
    "email": "aoife@example.ie",
    "documents": ["objection", "complaint"],
    "complaint_to": "lead",
    "date": TODAY.isoformat(),
}


def texts(language):
    answers = answers_validate(raw={**RAW, "language": language}, today=TODAY)
    draft = letters_draft(answers=answers)
    return [re.sub(r"\s+", " ", d.text) for d in draft.documents]


def test_cited_with_its_date_and_without_quotation_marks(reference_data):
    Platform.objects.filter(slug="linkedin").update(last_checked=dt.date(2026, 11, 23))
    objection, complaint = texts("en")
    assert (
        "Your privacy policy, as checked on 23 November 2026, names the following legal basis "
        "for this processing: Legitimate interests (Art. 6(1)(f) GDPR)." in objection
    )
    assert (
        "The controller’s privacy policy, as checked on 23 November 2026, names the following "  # noqa: RUF001
        "legal basis for this processing: Legitimate interests (Art. 6(1)(f) GDPR)." in complaint
    )
    for text in (objection, complaint):
        assert "“Legitimate interests" not in text


def test_in_german_with_the_german_citation(reference_data):
    Platform.objects.filter(slug="linkedin").update(last_checked=dt.date(2026, 11, 23))
    objection, _ = texts("de")
    assert "Ihre Datenschutzerklärung nennt, Stand 23. November 2026," in objection
    assert "„" not in objection.split("Ihre Datenschutzerklärung nennt")[1][:200]
