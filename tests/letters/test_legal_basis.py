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
    "postal_address": "4 Example Street\nExample Town",
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


def test_the_complaint_argues_the_test_instead_of_concluding(reference_data):
    _, complaint = texts("en")
    assert "That basis does not cover this processing" not in complaint
    assert "The controller has not demonstrated that the three cumulative conditions" in complaint
    for case in ("C-252/21", "C-621/22", "C-446/21"):
        assert case in complaint
    assert "(Articles 5(1)(b) and 6(4) GDPR)" in complaint
    assert "Moreover, the controller chose to include everyone by default" in complaint


def test_a_hand_entered_organisation_is_not_said_to_have_switched_it_on_by_default(
    reference_data,
):
    raw = {
        **RAW,
        "platform": "other",
        "controller": {"name": "Acme AI GmbH", "address": "Hauptstraße 1\n10115 Berlin"},
        "country": "DE",
        "region": "DE-BE",
        "complaint_to": "home",
        "complaint_language": "en",
    }
    answers = answers_validate(raw=raw, today=TODAY)
    complaint = re.sub(r"\s+", " ", letters_draft(answers=answers).document("complaint").text)
    assert "The controller has not demonstrated that the three cumulative conditions" in complaint
    assert "include everyone by default" not in complaint
