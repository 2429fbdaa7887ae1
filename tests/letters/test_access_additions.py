"""What the access request asks besides Article 15(1): what a copy is (C-487/21) and that the first
is free whatever the reason (C-307/22); each recipient's role and the essence of any joint
controllers' arrangement (Article 26(2)); the Article 9(2) condition relied on (asked of everyone:
a question claims nothing); the AI Act training-content summary (Article 53(1)(d)); copies made for
human review, evaluation and fine-tuning; memorisation tests."""

import datetime as dt
import re

import pytest

from privacyreq.letters.services import answers_validate, letters_draft

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 4)
BASE = {
    "platform": "meta",
    "country": "IE",
    "full_name": "Aoife Byrne",
    "email": "aoife@example.ie",
    "documents": ["access"],
    "date": TODAY.isoformat(),
}
ASKS = (
    "The copy must be a faithful and intelligible reproduction of all the personal data undergoing "
    "processing",
    "extracts from documents or databases containing them (Court of Justice, judgment of 4 May "
    "2023, Österreichische Datenschutzbehörde and CRIF, C-487/21)",
    "The first copy is free of charge, and I do not have to give reasons for asking for it "
    "(judgment of 26 October 2023, FT (Copies of medical records), C-307/22)",
    "whether it acts as your processor, as a separate controller or as a controller jointly with "
    "you",
    "the essence of your arrangement with it, which Article 26(2) GDPR requires to be made "
    "available to me",
    "which of the exceptions in Article 9(2) GDPR you rely on for processing them",
    "under Article 53(1)(d) of the AI Act (Regulation (EU) 2024/1689), according to the template "
    "of the AI Office published by the European Commission on 24 July 2025, or where that summary "
    "is published",
    "whether copies of my data have been made for human review, for evaluating models or for "
    "fine-tuning them and, if so, where those copies are kept and for how long",
    "whether you have tested the models trained with my data for memorisation",
)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def access(**overrides):
    raw = {**BASE, **overrides}
    return flat(
        letters_draft(answers=answers_validate(raw=raw, today=TODAY)).document("access").text
    )


@pytest.mark.parametrize(
    "overrides",
    [{}, {"situation": ["sensitive_data"]}, {"platform": "x", "data": ["ai_chats"]}],
    ids=["plain", "sensitive", "x-chats"],
)
def test_every_access_request_asks_all_of_it(reference_data, overrides):
    text = access(**overrides)
    for ask in ASKS:
        assert ask in text, ask


def test_the_article_9_question_claims_nothing(reference_data):
    text = access()
    # Asked as a question; the letter does not say that the data are sensitive.
    assert "The data concerned include special categories" not in text
    assert "whether the data you use for this purpose include special categories" in text


def test_the_lists_stay_whole_sentences(reference_data):
    text = access()
    assert "or those models retrained without them." in text
    assert text.count("reproduced in their outputs") == 1
