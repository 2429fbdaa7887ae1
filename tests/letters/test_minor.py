"""Data provided before the user's 18th birthday (`minor` among the situations): the letters say so
in one sentence (answer_phrases) and argue Recital 38 and the weight Article 6(1)(f) gives a child's
interests; the erasure adds Article 17(1)(f) only "in so far as" the data were collected under
Article 8(1), with Recital 65 as its reason. Meta's own announcement (no data of users under 18)
comes from its folder and is put as a question."""

import datetime as dt
import re

import pytest

from privacyreq.letters.services import answers_validate, letters_draft

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 4)
BASE = {
    "country": "IE",
    "full_name": "Aoife Byrne",
    "postal_address": "4 Example Street\nExample Town",
    "email": "aoife@example.ie",
    "data": ["posts"],
    "situation": ["minor"],
    "documents": ["objection", "erasure", "restriction", "complaint"],
    "complaint_to": "lead",
    "date": TODAY.isoformat(),
}
STATED = "I provided some of the data concerned when I was under 18."
RECITAL_38 = "(Recital 38 GDPR)"
ART_17_1_F = (
    "In so far as the data I provided when I was under 18 were collected on the basis of my "
    "consent in relation to the offer of information society services directly to me as a "
    "child (Article 8(1) GDPR), Article 17(1)(f) GDPR requires you to erase them."
)
RECITAL_65 = "it may be exercised even though that person is no longer a child"
META = "you do not use the data of users under 18"
META_COMPLAINT = "The controller announced that it would not use the data of users under 18"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def texts(platform, **overrides):
    raw = {**BASE, "platform": platform, **overrides}
    draft = letters_draft(answers=answers_validate(raw=raw, today=TODAY))
    return {document.kind: flat(document.text) for document in draft.documents}


@pytest.mark.parametrize("platform", ["x", "meta"])
def test_the_letters_state_it_once_and_argue_it(reference_data, platform):
    letters = texts(platform)
    for kind in ("objection", "erasure", "restriction", "complaint"):
        assert letters[kind].count(STATED) == 1, kind
        assert "I posted some of it when I was under 18" not in letters[kind]
    assert RECITAL_38 in letters["objection"]
    assert (
        "particular weight to be given to the interests of a data subject who is a child"
        in (letters["objection"])
    )
    assert "Article 17(1)(f) GDPR." in letters["erasure"]
    assert ART_17_1_F in letters["erasure"]
    assert RECITAL_65 in letters["erasure"]
    complaint = letters["complaint"]
    assert RECITAL_38 in complaint
    assert "give that weight to data provided as a child, even once the child has come of age" in (
        complaint
    )
    # One home for the child's interests in the complaint.
    assert complaint.count("a child\u2019s interests") == 1


def test_meta_asks_whether_its_exclusion_covered_those_data(reference_data):
    letters = texts("meta")
    assert META in letters["objection"]
    assert (
        "Please confirm that this exclusion also covers the data I provided before I turned 18"
        in (letters["objection"])
    )
    assert "you do not use the data of users under 18 to train your AI models" in letters["erasure"]
    assert META_COMPLAINT in letters["complaint"]
    assert "I ask you to examine whether it also excluded the data" in letters["complaint"]


def test_other_platforms_say_nothing_of_meta_s_announcement(reference_data):
    letters = texts("x")
    for text in letters.values():
        assert "users under 18" not in text


@pytest.mark.parametrize("platform", ["x", "meta"])
def test_not_said_without_the_answer(reference_data, platform):
    letters = texts(platform, situation=["creative_work"])
    for kind, text in letters.items():
        for claim in (STATED, RECITAL_38, "Article 17(1)(f)", "Recital 65", "users under 18"):
            assert claim not in text, (kind, claim)
