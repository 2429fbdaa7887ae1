"""Whether the data were "manifestly made public" (Article 9(2)(e) GDPR) is argued from the kinds
of data the user named: published content (posts, images, profile) under the Court's strict
reading (C-252/21, paragraphs 76 and 77); conversations with an AI assistant were never public;
with no kinds named, neither. Only where the user says the data are sensitive."""

import datetime as dt
import re

import pytest

from privacyreq.letters.services import answers_validate, letters_draft

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 4)
BASE = {
    "platform": "x",
    "country": "IE",
    "full_name": "Zoë Ångström",
    "postal_address": "4 Example Street\nExample Town",
    "email": "zoe@example.org",
    "situation": ["sensitive_data"],
    "documents": ["objection", "erasure", "complaint"],
    "complaint_to": "lead",
    "date": TODAY.isoformat(),
}
KINDS = ("objection", "erasure", "complaint")
PUBLISHED = (
    "Nor did I manifestly make these data public within the meaning of Article 9(2)(e) GDPR."
)
STRICT = (
    "it applies only where the data subject intended, explicitly and by a clear affirmative "
    "action, to make the data in question accessible to the general public (Court of Justice, "
    "judgment of 4 July 2023, Meta Platforms and Others, C-252/21, paragraphs 76 and 77)"
)
CHATS = "my conversations with the AI assistant were never made public"
CHATS_ALONE = "My conversations with the AI assistant were never made public"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def texts(**overrides):
    draft = letters_draft(answers=answers_validate(raw={**BASE, **overrides}, today=TODAY))
    return {kind: flat(draft.document(kind).text) for kind in KINDS}


@pytest.mark.parametrize("kind", ["posts", "images", "profile"])
def test_published_content_is_argued_under_the_strict_reading(reference_data, kind):
    for document, text in texts(data=[kind]).items():
        assert PUBLISHED in text, document
        assert STRICT in text, document
        assert "Whoever relies on the exception must demonstrate" in text
        assert CHATS.lower() not in text.lower(), document


def test_ai_chats_alone_were_never_public(reference_data):
    for document, text in texts(data=["ai_chats"]).items():
        assert CHATS_ALONE in text, document
        assert "Article 9(2)(e) GDPR, which concerns data manifestly made public" in text
        assert PUBLISHED not in text and "C-252/21, paragraphs 76 and 77" not in text, document


def test_both_kinds_argue_both(reference_data):
    for document, text in texts(data=["posts", "ai_chats"]).items():
        assert PUBLISHED in text, document
        assert "In any event, " + CHATS + ": I had them with the assistant" in text, document


def test_without_data_kinds_neither_is_said(reference_data):
    for document, text in texts().items():
        assert "9(2)(e)" not in text, document
        assert "manifestly" not in text, document
        assert "sharing a post for other users to read" not in text, document
    # The rest of the Article 9 argument stays.
    objection = texts()["objection"]
    assert (
        "Legitimate interests are not among those exceptions, and I have not given my explicit "
        "consent." in objection
    )
    assert "C-252/21, paragraph 89" in objection


def test_without_sensitive_data_nothing_about_article_9_2_e(reference_data):
    for document, text in texts(situation=["minor"], data=["posts", "ai_chats"]).items():
        assert "9(2)(e)" not in text, document
        assert "never made public" not in text, document
