"""An earlier request: the complaint says which right, when, through which channel, with which
reference and what came back, in the same sentences a tracked request's story uses; old answer
files' ``prior_request_sent_on`` still reads as the request's date alone."""

import datetime as dt
import re

import pytest

from privacyreq.deadlines import response_due
from privacyreq.letters.answers import AnswersError, PriorRequest, answers_from_stored
from privacyreq.letters.services import answers_validate, letters_draft

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
SENT = dt.date(2026, 9, 1)
RAW = {
    "platform": "x",
    "country": "IE",
    "full_name": "Aoife Byrne",
    "email": "aoife@example.ie",
    "postal_address": "1 Quay Street\nGalway",
    "documents": ["complaint"],
    "complaint_to": "lead",
    "date": TODAY.isoformat(),
}
PRIOR = {"document": "objection", "sent_on": SENT.isoformat(), "channel": "web_form"}


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def complaint(prior) -> str:
    raw = {**RAW, "prior_request": prior}
    draft = letters_draft(answers=answers_validate(raw=raw, today=TODAY))
    return flat(draft.document("complaint").text)


def test_which_right_when_how_and_reference(reference_data):
    text = complaint({**PRIOR, "reference": "CASE-4711", "reply": "none"})
    assert (
        "1 September 2026: I sent the controller my objection under Article 21(1) GDPR through "
        "the controller’s web form (reference CASE-4711)." in text  # noqa: RUF001
    )
    assert (
        "My objection under Article 21(1) GDPR of 1 September 2026, and proof that I sent it"
        in text
    )
    assert "Draft:" not in text


def test_no_reply_is_overdue_after_the_due_date(reference_data):
    text = complaint({**PRIOR, "reply": "none"})
    due = response_due(SENT, country="IE")
    assert f"The one-month period under Article 12(3) GDPR ended on {due.day} October 2026" in text
    assert "Request not answered (Article 12(3) and (4) GDPR)." in text


def test_refused(reference_data):
    text = complaint({**PRIOR, "reply": "refused"})
    assert "The controller refused my objection." in text
    assert "Request refused." in text
    assert "The controller refused my request of 1 September 2026." in text
    assert "Request not answered" not in text


def test_partly_met(reference_data):
    text = complaint({**PRIOR, "document": "access", "reply": "partial"})
    assert "The controller replied, but acted on my request only in part." in text
    assert "Request only partly met." in text
    assert "Request not answered" not in text


def test_acknowledged_but_not_answered(reference_data):
    text = complaint({**PRIOR, "reply": "acknowledged"})
    assert "The controller acknowledged receipt of my objection." in text
    assert "Request not answered (Article 12(3) and (4) GDPR)." in text


def test_extension_counts_the_extended_date(reference_data):
    # Sent by email on 1 September: extended to three months, 1 December 2026 (a Tuesday).
    extended = response_due(SENT, country="IE", extended=True)
    text = complaint({**PRIOR, "channel": "email", "reply": "extension"})
    assert "extending the period for its reply by two further months" in text
    assert f"to {extended.day} December 2026." in text
    # Not yet passed on 23 November: a draft for after it (tests/letters/test_draft_complaint.py).
    assert text.startswith("Draft: send only if no complete answer has come by 1 December 2026.")
    assert "runs until" not in text
    later = {**RAW, "date": "2026-12-10", "prior_request": {**PRIOR, "reply": "extension"}}
    draft = letters_draft(answers=answers_validate(raw=later, today=dt.date(2026, 12, 10)))
    text = flat(draft.document("complaint").text)
    assert "as extended under the second sentence of Article 12(3) GDPR, ended on" in text
    assert "Request not answered (Article 12(3) and (4) GDPR)." in text


def test_by_post_counts_from_the_assumed_arrival(reference_data, settings):
    settings.LETTERS_POST_DAYS = 5
    sent = dt.date(2026, 10, 20)
    text = complaint({**PRIOR, "sent_on": sent.isoformat(), "channel": "post", "reply": "none"})
    due = response_due(sent + dt.timedelta(days=5), country="IE")
    assert due >= TODAY  # by email it would have passed (20 November)
    assert response_due(sent, country="IE") < TODAY
    assert "I sent the controller my objection under Article 21(1) GDPR by post." in text
    # Not passed: a draft for after the date counted from the assumed arrival.
    assert text.startswith(
        f"Draft: send only if no complete answer has come by {due.day} {due:%B %Y}."
    )


def test_old_answer_files_and_stored_cases(reference_data):
    old = {**RAW, "prior_request_sent_on": SENT.isoformat()}
    answers = answers_validate(raw=old, today=TODAY)
    assert answers.prior_request == PriorRequest(sent_on=SENT)
    assert answers.to_json()["prior_request"] == {"sent_on": SENT.isoformat()}
    text = flat(letters_draft(answers=answers).document("complaint").text)
    assert "1 September 2026: I sent the controller my request concerning this processing." in text
    assert answers_from_stored(old).prior_request == PriorRequest(sent_on=SENT)
    full = {**RAW, "prior_request": {**PRIOR, "reference": "R1", "reply": "refused"}}
    parsed = answers_validate(raw=full, today=TODAY)
    assert answers_from_stored(parsed.to_json()) == parsed


@pytest.mark.parametrize(
    "prior, problem",
    [
        ({**PRIOR, "channel": "fax"}, "prior_request.channel: choose email, web_form or post."),
        (
            {**PRIOR, "document": "complaint"},
            "prior_request.document: choose objection, erasure, access or restriction.",
        ),
        (
            {**PRIOR, "reply": "ignored"},
            "prior_request.reply: choose none, acknowledged, extension, partial or refused.",
        ),
        ({**PRIOR, "reference": "x" * 101}, "prior_request.reference: is too long"),
        ({"document": "objection"}, "prior_request.sent_on: is required."),
        ({**PRIOR, "colour": "red"}, "prior_request.colour: is not a known key."),
        ("2026-09-01", "prior_request: must be an object"),
    ],
)
def test_each_problem_names_its_key(reference_data, prior, problem):
    with pytest.raises(AnswersError) as error:
        answers_validate(raw={**RAW, "prior_request": prior}, today=TODAY)
    assert problem in str(error.value)


def test_the_questionnaire_asks_for_the_details_and_shows_them(client, reference_data):
    from tests.letters.test_wizard import X_JOURNEY, walk

    walk(
        client,
        [
            *X_JOURNEY[:-2],
            ("documents", {"documents": ["complaint"]}),
            ("authority", {"complaint_to": "lead"}),
        ],
    )
    response = client.post(
        "/start/earlier-request/", {"prior_request": "yes", "prior_request_sent_on": "2026-09-01"}
    )
    assert response["Location"] == "/start/earlier-request-details/"
    response = client.post("/start/earlier-request-details/", {"prior_channel": "bike"})
    assert response.status_code == 200
    assert "Choose what you asked for." in response.content.decode()
    client.post(
        "/start/earlier-request-details/",
        {
            "prior_document": "erasure",
            "prior_channel": "email",
            "prior_reference": "T-99",
            "prior_reply": "refused",
        },
    )
    client.post("/start/representative/", {})
    client.post("/start/other-proceedings/", {"other_proceedings": "none"})
    check = client.get("/start/check/").content.decode()
    assert 'href="/start/earlier-request-details/?change=1"' in check
    assert "Reference: T-99" in check and "A refusal" in check
    client.post("/start/check/")
    prior = client.get("/start/result/").context["draft"].answers.prior_request
    assert prior == PriorRequest(
        sent_on=SENT, document="erasure", channel="email", reference="T-99", reply="refused"
    )
