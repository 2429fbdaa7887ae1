"""Names inserted into a sentence fit the grammar around them: German has no article before an
authority's name it cannot know the gender of, so the sentence names it after a colon."""

import datetime as dt
import re

import pytest

from privacyreq.letters.services import answers_validate, letters_draft
from tests.factories import earlier_request

pytestmark = pytest.mark.django_db


def test_the_lead_authority_in_a_german_complaint(reference_data):
    raw = {
        "platform": "x",
        "country": "DE",
        "region": "DE-BE",
        "full_name": "Jonas Weber",
        "email": "jonas@example.de",
        "postal_address": "Alt-Moabit 1\n10555 Berlin",
        "documents": ["complaint"],
        "prior_request": earlier_request(sent_on="2026-03-02"),
        "complaint_to": "home",
        "language": "de",
        "date": "2026-05-04",
    }
    answers = answers_validate(raw=raw, today=dt.date(2026, 5, 4))
    text = re.sub(r"\s+", " ", letters_draft(answers=answers).document("complaint").text)
    assert "nach Art. 56 Abs. 1 DSGVO ist zuständig: Data Protection Commission (DPC)." in text
    assert "DSGVO ist Data Protection Commission" not in text
