"""Professional secrecy: the user may say what they do, and the letters say it as typed."""

import datetime as dt
import re

import pytest

from privacyreq.letters.answers import AnswersError
from privacyreq.letters.services import answers_validate, letters_draft
from tests.letters.test_wizard import X_JOURNEY, walk

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 4)
BASE = {
    "platform": "linkedin",
    "country": "FR",
    "full_name": "Camille Martin",
    "postal_address": "4 Example Street\nExample Town",
    "email": "camille@example.fr",
    "situation": ["professional_secrecy"],
    "documents": ["objection", "erasure", "complaint"],
    "complaint_to": "home",
    # The sentences are read in English: the CNIL's own language would be French.
    "complaint_language": "en",
    "date": TODAY.isoformat(),
}


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def draft_of(raw):
    return letters_draft(answers=answers_validate(raw=raw, today=TODAY))


def test_the_letters_say_what_the_user_does(reference_data):
    draft = draft_of({**BASE, "profession": "a criminal defence lawyer"})
    secrecy = "My work is subject to a duty of professional secrecy."
    objection = flat(draft.document("objection").text)
    assert f"I work as a criminal defence lawyer. {secrecy}" in objection
    for kind in ("erasure", "complaint"):
        assert f"I work as a criminal defence lawyer. {secrecy}" in flat(draft.document(kind).text)


def test_without_a_profession_only_the_duty_is_stated(reference_data):
    for document in draft_of(BASE).documents:
        assert "I work as" not in document.text


def test_a_french_letter_keeps_the_words_as_typed(reference_data):
    draft = draft_of({**BASE, "profession": "avocate pénaliste", "language": "fr"})
    assert "Je travaille comme avocate pénaliste." in flat(draft.document("objection").text)


def test_the_answers_format(reference_data):
    with pytest.raises(AnswersError) as error:
        answers_validate(raw={**BASE, "situation": ["minor"], "profession": "a nurse"}, today=TODAY)
    assert error.value.problems == [
        ("profession", "is only used when 'professional_secrecy' is among the situation.")
    ]
    with pytest.raises(AnswersError) as error:
        answers_validate(raw={**BASE, "profession": "x" * 101}, today=TODAY)
    assert error.value.problems[0][0] == "profession"


def test_the_question_follows_professional_secrecy_only(client, reference_data):
    journey = list(X_JOURNEY)
    index = [slug for slug, _ in journey].index("situation")
    journey[index] = ("situation", {"situation": ["professional_secrecy"]})
    responses = walk(client, journey[: index + 1])
    assert responses[-1]["Location"] == "/start/profession/"
    too_long = client.post("/start/profession/", {"profession": "y" * 101})
    assert too_long.status_code == 200 and "y" * 101 in too_long.content.decode()
    assert client.post("/start/profession/", {"profession": "a GP"})["Location"] == (
        "/start/switched-off/"
    )
    walk(client, journey[index + 1 :])
    check = client.get("/start/check/").content.decode()
    assert "Your profession" in check and "a GP" in check
    client.post("/start/check/", {"language": "en"})
    assert "I work as a GP." in flat(client.get("/start/result/objection.txt").content.decode())
