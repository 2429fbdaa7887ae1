"""A complaint to the home authority names the lead authority as it names itself in the
complaint's language, where the reference data has that name, and as stored otherwise."""

import datetime as dt
import re

import pytest

from privacyreq.letters.services import answers_validate, letters_draft
from privacyreq.reference.models import SupervisoryAuthority
from tests.factories import earlier_request

pytestmark = pytest.mark.django_db

RAW = {
    "platform": "x",
    "country": "DE",
    "region": "DE-BE",
    "full_name": "Jonas Weber",
    "email": "jonas@example.de",
    "postal_address": "Musterstraße 1\n10115 Berlin",
    "documents": ["complaint"],
    "prior_request": earlier_request(sent_on="2026-03-02"),
    "complaint_to": "home",
    "other_proceedings": "none",
    "date": "2026-05-04",
}


def complaint(language: str) -> str:
    raw = {**RAW, "language": language, "complaint_language": language}
    answers = answers_validate(raw=raw, today=dt.date(2026, 5, 4))
    return re.sub(r"\s+", " ", letters_draft(answers=answers).document("complaint").text)


def test_the_lead_authority_in_the_complaints_language(reference_data):
    dpc = SupervisoryAuthority.objects.get(code="ie")
    dpc.names = {"fr": "Commission irlandaise de protection des données"}
    dpc.save()
    assert "Commission irlandaise de protection des données (DPC)" in complaint("fr")
    # No name in German: the authority's own name, as stored.
    german = complaint("de")
    assert "Data Protection Commission (DPC)" in german
    assert "Commission irlandaise" not in german
