"""The erasure reaches copies made for human review and evaluation and backups (and asks when
backups are overwritten), and asks for retraining, or removal from any model not shown to be
anonymous (EDPB Opinion 28/2024), saying by the letter's own reply date what was done."""

import datetime as dt
import re

import pytest

from privacyreq.letters.services import answers_validate, letters_draft

pytestmark = pytest.mark.django_db

BASE = {
    "platform": "x",
    "country": "IE",
    "full_name": "Aoife Byrne",
    "email": "aoife@example.ie",
    "documents": ["erasure"],
}
COPIES = (
    "The erasure extends to every copy of those data, including copies made for human review (for "
    "example of conversations or of model outputs), for evaluating models, and in backups."
)
BACKUPS = "tell me when those backups will be overwritten or deleted"
RETRAIN = (
    "I therefore ask you to retrain those models without my data or, where you do not, to remove "
    "my data from every model that you cannot show to be anonymous."
)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def erasure(day: dt.date, **overrides) -> str:
    raw = {**BASE, "date": day.isoformat(), **overrides}
    return flat(
        letters_draft(answers=answers_validate(raw=raw, today=day)).document("erasure").text
    )


@pytest.mark.parametrize("day", [dt.date(2026, 5, 4), dt.date(2026, 1, 31), dt.date(2026, 11, 27)])
def test_retraining_is_asked_by_the_letter_s_own_reply_date(reference_data, day):
    text = erasure(day)
    assert COPIES in text and BACKUPS in text
    assert RETRAIN in text
    assert "Opinion 28/2024" in text
    due = re.search(r"I therefore expect your reply by (.+?) at the latest", text).group(1)
    assert f"By {due}, the date by which you must reply to this request" in text


def test_it_holds_for_any_controller(reference_data):
    text = erasure(
        dt.date(2026, 5, 4),
        platform="other",
        controller={"name": "Acme AI GmbH", "address": "Hauptstraße 1\n10115 Berlin"},
        country="DE",
        region="DE-BE",
    )
    assert COPIES in text and RETRAIN in text
