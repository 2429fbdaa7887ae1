"""Whether the platform told the user beforehand, and what the user found hard: a complaint alleges
missing information (Articles 13 and 14, 21(4)) only when the user says they were not told, and
says stopping the processing was hard only in the user's words or where the platform's record
documents it."""

import datetime as dt
import re

import pytest

from privacyreq.letters.answers import AnswersError, answers_from_stored
from privacyreq.letters.services import answers_validate, letters_draft
from tests.letters.test_wizard import X_JOURNEY, walk

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 4)
BASE = {
    "platform": "meta",
    "country": "IE",
    "full_name": "Aoife Byrne",
    "postal_address": "4 Example Street\nExample Town",
    "email": "aoife@example.ie",
    "documents": ["erasure", "complaint"],
    "complaint_to": "lead",
    "date": TODAY.isoformat(),
}
NOT_TOLD = (
    "Information duties (Articles 13 and 14 GDPR).",
    "Right to object not brought to my attention (Article 21(4) GDPR).",
    "The processing began without clear information",
)
EXAMINE = "I ask you to examine whether the controller\u2019s information about this processing"
NOR_TOLD = "Nor was I told clearly"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def texts(raw):
    draft = letters_draft(answers=answers_validate(raw=raw, today=TODAY))
    return flat(draft.document("complaint").text), flat(draft.document("erasure").text)


def test_not_told_lets_the_complaint_say_so(reference_data):
    complaint, erasure = texts({**BASE, "notice_received": "no"})
    for claim in NOT_TOLD:
        assert claim in complaint
    assert EXAMINE not in complaint
    assert NOR_TOLD in erasure


@pytest.mark.parametrize("notice", ["yes", "unsure", None])
def test_otherwise_the_complaint_asks_the_authority_to_examine_the_notice(reference_data, notice):
    raw = {**BASE, "notice_received": notice} if notice else BASE
    complaint, erasure = texts(raw)
    for claim in NOT_TOLD:
        assert claim not in complaint
    assert EXAMINE in complaint
    assert NOR_TOLD not in erasure


def test_hard_to_find_only_in_the_users_words(reference_data):
    complaint, _ = texts(BASE)
    assert "Article 12(2)" not in complaint
    assert "hard to find" not in complaint
    words = "The form was buried in the help centre\nand asked me to explain myself."
    complaint, _ = texts({**BASE, "opt_out_difficulty": words})
    assert "Exercise of rights not facilitated (Article 12(2) GDPR)." in complaint
    assert (
        "What I found hard, in my own words: “The form was buried in the help centre "
        "and asked me to explain myself.”" in complaint
    )
    assert "hard to find" not in complaint


def test_xs_record_documents_the_web_only_setting(reference_data):
    complaint, _ = texts({**BASE, "platform": "x"})
    assert "Exercise of rights not facilitated (Article 12(2) GDPR)." in complaint
    assert "could be used only on the website, not in the mobile apps" in complaint
    assert "hard to find" not in complaint


def test_the_answers_format(reference_data):
    answers = answers_validate(
        raw={**BASE, "notice_received": "unsure", "opt_out_difficulty": "Only on the web."},
        today=TODAY,
    )
    assert answers_from_stored(answers.to_json()) == answers
    with pytest.raises(AnswersError) as error:
        answers_validate(raw={**BASE, "notice_received": "maybe"}, today=TODAY)
    assert error.value.problems == [
        ("notice_received", "'maybe' is not an answer; use one of: yes, no, unsure.")
    ]
    with pytest.raises(AnswersError) as error:
        answers_validate(raw={**BASE, "opt_out_difficulty": "x" * 1001}, today=TODAY)
    assert error.value.problems[0][0] == "opt_out_difficulty"


def test_the_question_needs_an_answer_and_keeps_what_was_typed(client, reference_data):
    index = [slug for slug, _ in X_JOURNEY].index("notice")
    walk(client, X_JOURNEY[:index])
    response = client.post("/start/notice/", {"opt_out_difficulty": "Only on the website."})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert page.count("Choose one answer.") >= 2  # the summary and the field
    assert "Only on the website." in page
    response = client.post(
        "/start/notice/", {"notice_received": "no", "opt_out_difficulty": "Only on the website."}
    )
    assert response["Location"] == "/start/documents/"
    walk(client, X_JOURNEY[index + 1 :])
    check = client.get("/start/check/").content.decode()
    assert "No, I was not told" in check and "Only on the website." in check
