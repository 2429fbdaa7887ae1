"""Due dates count from receipt: by email or web form the letters' date; by post that date plus
LETTERS_POST_DAYS, which the letters and the result page state as an assumption."""

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from privacyreq.deadlines import assumed_receipt, response_due
from privacyreq.letters.answers import AnswersError
from privacyreq.letters.services import answers_validate, document_render_pdf, letters_draft

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
RAW = {
    "platform": "x",
    "country": "IE",
    "full_name": "Aoife Byrne",
    "email": "aoife@example.ie",
    "postal_address": "1 Quay Street\nGalway",
    "documents": ["objection"],
    "date": TODAY.isoformat(),
}


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_the_engine_is_pure_dates_in_dates_out():
    assert assumed_receipt(TODAY, by_post=False, post_days=5) == TODAY
    assert assumed_receipt(TODAY, by_post=True, post_days=5) == dt.date(2026, 11, 28)
    assert assumed_receipt(TODAY, by_post=True, post_days=0) == TODAY


@pytest.mark.parametrize("sent_by", ["email", "web_form", None])
def test_email_and_web_form_count_from_the_letters_date(reference_data, sent_by):
    raw = {**RAW, "sent_by": sent_by} if sent_by else RAW
    draft = letters_draft(answers=answers_validate(raw=raw, today=TODAY))
    due = response_due(TODAY, country="IE")
    assert draft.due_date == due
    text = flat(draft.document("objection").text)
    assert f"I therefore expect your reply by {long(due)} at the latest" in text
    assert "reaches you by" not in text


def test_post_states_the_assumed_arrival_in_the_pdf(reference_data, settings):
    settings.LETTERS_POST_DAYS = 4
    draft = letters_draft(answers=answers_validate(raw={**RAW, "sent_by": "post"}, today=TODAY))
    arrival = TODAY + dt.timedelta(days=4)
    due = response_due(arrival, country="IE")
    assert draft.received_on == arrival and draft.due_date == due
    pdf = document_render_pdf(document=draft.document("objection"))
    text = flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert (
        f"I am sending it by post: if it reaches you by {long(arrival)}, I expect your reply by "
        f"{long(due)} at the latest." in text
    )
    # The extension is counted from the same arrival.
    extended = response_due(arrival, country="IE", extended=True)
    assert f"by {long(extended)} at the latest" in text


def test_a_changed_setting_gives_another_letter(reference_data, settings):
    answers = answers_validate(raw={**RAW, "sent_by": "post"}, today=TODAY)
    settings.LETTERS_POST_DAYS = 2
    first = letters_draft(answers=answers)
    settings.LETTERS_POST_DAYS = 9
    second = letters_draft(answers=answers)
    assert first.key != second.key and first.due_date < second.due_date


def test_the_key_is_checked(reference_data):
    with pytest.raises(AnswersError) as error:
        answers_validate(raw={**RAW, "sent_by": "pigeon"}, today=TODAY)
    assert "sent_by: 'pigeon' is not a way to send letters" in str(error.value)
    with pytest.raises(AnswersError) as error:
        answers_validate(
            raw={**RAW, "documents": ["complaint"], "complaint_to": "lead", "sent_by": "post"},
            today=TODAY,
        )
    assert "sent_by: is only used with a letter to the organisation" in str(error.value)
    assert answers_validate(raw={**RAW, "sent_by": "post"}, today=TODAY).to_json()["sent_by"] == (
        "post"
    )


def test_the_questionnaire_asks_after_the_documents_only_for_letters(client, reference_data):
    from tests.letters.test_wizard import X_JOURNEY, walk

    walk(client, X_JOURNEY[:-2])
    response = client.post("/start/documents/", {"documents": ["objection"]})
    assert response["Location"] == "/start/sent-by/"
    response = client.post("/start/sent-by/", {})
    assert "Choose how you will send them." in response.content.decode()
    client.post("/start/sent-by/", {"sent_by": "post"})
    check = client.get("/start/check/").content.decode()
    assert 'href="/start/sent-by/?change=1"' in check and "By post" in check
    client.post("/start/documents/?change=1", {"documents": ["complaint"]})
    assert client.get("/start/sent-by/")["Location"] != "/start/sent-by/"
