"""Sensitive data: the user names which special categories (Article 9(1) GDPR) their data reveal,
and the letters name exactly those, or none; the questionnaire's labels never reach a letter."""

import datetime as dt
import re

import pytest
from django.utils import translation

from privacyreq.letters.answers import AnswersError, answers_from_stored
from privacyreq.letters.services import answers_validate, complaint_form_render, letters_draft
from tests.letters.test_wizard import X_JOURNEY, walk

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 4)
BASE = {
    "platform": "x",
    "country": "IE",
    "full_name": "Zoë Ångström",
    "postal_address": "4 Example Street\nExample Town",
    "email": "zoe@example.org",
    "data": ["posts"],
    "situation": ["sensitive_data", "minor"],
    "documents": ["objection", "erasure", "complaint"],
    "complaint_to": "lead",
    "date": TODAY.isoformat(),
}
EVERY_PHRASE = (
    "racial or ethnic origin",
    "political opinions",
    "religious or philosophical beliefs",
    "trade union membership",
    "genetic data",
    "biometric data",
    "my health",
    "sex life or sexual orientation",
)
# The questionnaire's checkbox label, which once stood in letters as if the user had said it.
LABEL = "My posts reveal sensitive things about me"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def draft_of(raw, language="en"):
    return letters_draft(answers=answers_validate(raw={**raw, "language": language}, today=TODAY))


def test_letters_name_only_the_categories_chosen(reference_data):
    draft = draft_of({**BASE, "sensitive_categories": ["trade_union_membership", "health"]})
    for kind in ("objection", "complaint"):
        text = flat(draft.document(kind).text)
        assert (
            "special categories of personal data within the meaning of Article 9(1) GDPR, namely:"
            in text
        )
        assert "data revealing my trade union membership" in text
        assert "data concerning my health" in text
        for phrase in EVERY_PHRASE:
            if phrase not in ("trade union membership", "my health"):
                assert phrase not in text, (kind, phrase)
        assert LABEL not in text
    form = flat(re.sub(r"<[^>]+>", " ", complaint_form_render(draft=draft)))
    assert "data concerning my health" in form and "political opinions" not in form


def test_without_categories_the_letters_use_the_general_words_and_list_nothing(reference_data):
    draft = draft_of(BASE)
    for document in draft.documents:
        text = flat(document.text)
        assert LABEL not in text
        for phrase in EVERY_PHRASE:
            assert phrase not in text, (document.kind, phrase)
    objection = flat(draft.document("objection").text)
    assert (
        "The data concerned include special categories of personal data within the meaning of "
        "Article 9(1) GDPR. Processing these data is prohibited" in objection
    )


def test_the_complaint_states_the_situation_in_its_own_words(reference_data):
    complaint = flat(draft_of(BASE).document("complaint").text)
    assert "My particular situation is as follows:" in complaint
    assert (
        "The data concerned include special categories of personal data (Article 9(1) GDPR)."
        in complaint
    )
    assert "I provided some of the data concerned when I was under 18." in complaint
    assert "I posted some of it when I was under 18" not in complaint


def test_a_german_letter_names_the_category_in_german(reference_data):
    draft = draft_of({**BASE, "sensitive_categories": ["health"]}, language="de")
    text = flat(draft.document("objection").text)
    assert "Art. 9 Abs. 1 DSGVO, und zwar:" in text
    assert "Gesundheitsdaten über mich" in text
    assert "health" not in text


def test_the_answers_format(reference_data):
    answers = answers_validate(
        raw={**BASE, "sensitive_categories": ["health", "political_opinions"]}, today=TODAY
    )
    # Canonical order, whatever the order given.
    assert answers.sensitive_categories == ("political_opinions", "health")
    assert answers_from_stored(answers.to_json()) == answers
    with pytest.raises(AnswersError) as error:
        answers_validate(raw={**BASE, "sensitive_categories": ["politics"]}, today=TODAY)
    assert error.value.problems[0][0] == "sensitive_categories"
    assert "'politics'" in error.value.problems[0][1]
    with pytest.raises(AnswersError) as error:
        answers_validate(
            raw={**BASE, "situation": ["minor"], "sensitive_categories": ["health"]}, today=TODAY
        )
    assert error.value.problems == [
        ("sensitive_categories", "is only used when 'sensitive_data' is among the situation.")
    ]


def _journey(situation):
    journey = list(X_JOURNEY)
    index = [slug for slug, _ in journey].index("situation")
    journey[index] = ("situation", {"situation": situation})
    return journey, index


def test_the_question_follows_sensitive_data_only(client, reference_data):
    journey, index = _journey(["sensitive_data"])
    responses = walk(client, journey[: index + 1])
    assert responses[-1]["Location"] == "/start/sensitive/"
    page = client.get("/start/sensitive/").content.decode()
    assert "Your letters name exactly what you choose" in page
    assert 'value="sex_life_or_sexual_orientation"' in page
    response = client.post("/start/sensitive/", {"sensitive_categories": ["health"]})
    assert response["Location"] == "/start/switched-off/"
    walk(client, journey[index + 1 :])
    check = client.get("/start/check/").content.decode()
    assert "Sensitive information" in check and "Health, including mental health" in check
    assert "/start/sensitive/?change=1" in check
    with translation.override("en"):
        client.post("/start/check/", {"language": "en"})
    result = client.get("/start/result/objection.txt").content.decode()
    assert "data concerning my health" in flat(result)


def test_unticking_sensitive_data_drops_the_categories(client, reference_data):
    journey, index = _journey(["sensitive_data"])
    walk(client, journey[: index + 1])
    client.post("/start/sensitive/", {"sensitive_categories": ["health"]})
    walk(client, journey[index + 1 :])
    client.post("/start/situation/?change=1", {"situation": ["minor"]})
    assert client.get("/start/sensitive/")["Location"] == "/start/check/"
    check = client.get("/start/check/").content.decode()
    assert "Health, including mental health" not in check
    client.post("/start/check/", {"language": "en"})
    result = flat(client.get("/start/result/objection.txt").content.decode())
    assert "my health" not in result
