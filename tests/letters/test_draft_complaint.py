"""Without an earlier request the complaint is a draft for after the letters' reply date: marked on
its first page with that date, telling what will have happened by then, with blanks only the user
can fill, never "at the same time"; or, for the failings that need no request, a complaint now
about those alone."""

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from privacyreq.deadlines import authority_update_due, response_due
from privacyreq.letters.answers import AnswersError
from privacyreq.letters.services import answers_validate, document_render_pdf, letters_draft

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
DUE = response_due(TODAY, country="IE")
RAW = {
    "platform": "x",
    "country": "IE",
    "full_name": "Aoife Byrne",
    "email": "aoife@example.ie",
    "postal_address": "1 Quay Street\nGalway",
    "documents": ["objection", "erasure", "complaint"],
    "complaint_to": "lead",
    "sent_by": "email",
    "date": TODAY.isoformat(),
}
BANNER = f"Draft: send only if no complete answer has come by {DUE.day} December 2026."
REPLY_BLANK = "Reply from the controller (its date and what it said, or “none”):"
ENDED = (
    f"{DUE.day} December 2026: the period for the controller’s reply under Article 12(3) GDPR "  # noqa: RUF001
    "ended without a complete answer."
)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def draft_of(raw):
    return letters_draft(answers=answers_validate(raw=raw, today=TODAY))


def pdf_text(document) -> str:
    reader = PdfReader(io.BytesIO(document_render_pdf(document=document)))
    return [flat(page.extract_text()) for page in reader.pages]


def test_the_draft_is_marked_on_its_first_page_in_the_pdf_and_the_text(reference_data):
    complaint = draft_of(RAW).document("complaint")
    pages = pdf_text(complaint)
    assert pages[0].startswith(BANNER)
    assert BANNER not in " ".join(pages[1:])
    assert flat(complaint.text).startswith(BANNER)
    assert flat(complaint.email_body).startswith(BANNER)
    assert 'class="draft-banner" role="note"' in complaint.html


def test_its_facts_are_those_of_the_day_it_is_sent(reference_data):
    text = flat(draft_of(RAW).document("complaint").text)
    assert (
        "23 November 2026: I sent the controller my objection under Article 21(1) GDPR by email."
        in text
    )
    assert (
        "23 November 2026: I sent the controller my request for erasure under Article 17 GDPR "
        "by email." in text
    )
    assert ENDED in text
    assert f"{REPLY_BLANK} ____" in text
    # Dated when lodged: a blank, not the letters' date; no Art. 78(2) date before lodging.
    assert "Date: ____" in text
    assert "23 November 2026: I am lodging this complaint." not in text
    assert "within three months of receiving this complaint at the latest" in text
    assert flat(authority_update_due(TODAY, country="IE").strftime("%-d %B %Y")) not in text
    assert "Request not answered (Article 12(3) and (4) GDPR)." in text
    assert "Any reply and other correspondence from the controller" in text
    assert "at the same time" not in text and "I am sending" not in text


def test_letters_and_draft_agree(reference_data):
    draft = draft_of(RAW)
    objection = flat(draft.document("objection").text)
    complaint = flat(draft.document("complaint").text)
    assert "I reserve the right to lodge a complaint" in objection
    assert f"I therefore expect your reply by {DUE.day} December 2026" in objection
    assert BANNER in complaint


def test_posted_letters_count_from_the_assumed_arrival(reference_data, settings):
    settings.LETTERS_POST_DAYS = 5
    draft = draft_of({**RAW, "sent_by": "post"})
    arrival = TODAY + dt.timedelta(days=5)
    due = response_due(arrival, country="IE")
    assert draft.due_date == due
    complaint = flat(draft.document("complaint").text)
    assert "I sent the controller my objection under Article 21(1) GDPR by post." in complaint
    assert f"has come by {due.day} {due:%B %Y}." in complaint


def test_complaint_now_is_about_the_failings_alone_and_no_draft(reference_data):
    raw = {**RAW, "notice_received": "no", "complaint_now": True}
    text = flat(draft_of(raw).document("complaint").text)
    assert "Draft:" not in text and REPLY_BLANK not in text
    assert "This complaint concerns only the failings set out below" in text
    assert "Information duties (Articles 13 and 14 GDPR)." in text
    assert "Right to object not brought to my attention (Article 21(4) GDPR)." in text
    # Nothing about requests, and nothing the user did not confirm.
    for absent in (
        "I sent the controller",
        "my request",
        "Request not answered",
        "comply with my requests",
        "My objection under Article 21(1) GDPR of",
        "No valid legal basis",
        "Data protection by default",
    ):
        assert absent not in text, absent
    update_due = authority_update_due(TODAY, country="IE")
    assert f"hear from you by {update_due.day} {update_due:%B %Y} at the latest" in text


def test_complaint_now_from_a_difficulty_quotes_it(reference_data):
    raw = {**RAW, "opt_out_difficulty": "The form was hidden.", "complaint_now": True}
    text = flat(draft_of(raw).document("complaint").text)
    assert "Exercise of rights not facilitated (Article 12(2) GDPR)." in text
    assert "“The form was hidden.”" in text
    assert "Information duties" not in text


@pytest.mark.parametrize(
    "extra, problem",
    [
        ({}, "complaint_now: is only used when notice_received is 'no' or opt_out_difficulty"),
        (
            {"notice_received": "no", "documents": ["objection"]},
            "complaint_now: is only used when 'complaint' is among the documents.",
        ),
        (
            {"notice_received": "no", "prior_request": {"sent_on": "2026-09-01"}},
            "complaint_now: is only used without an earlier request",
        ),
        (
            {"notice_received": "no", "complaint_now": "yes"},
            "complaint_now: must be true or false.",
        ),
    ],
)
def test_complaint_now_only_when_it_can_be_about_failings_alone(reference_data, extra, problem):
    with pytest.raises(AnswersError) as error:
        answers_validate(raw={**RAW, "complaint_now": True, **extra}, today=TODAY)
    assert problem in str(error.value)


def test_the_questionnaire_asks_only_when_a_failing_was_confirmed(client, reference_data):
    from tests.letters.test_wizard import X_JOURNEY, walk

    before = X_JOURNEY[:-2]  # not told beforehand ("no")
    walk(
        client,
        [
            *before,
            ("documents", {"documents": ["objection", "complaint"]}),
            ("sent-by", {"sent_by": "email"}),
            ("authority", {"complaint_to": "lead"}),
        ],
    )
    response = client.post("/start/earlier-request/", {"prior_request": "no"})
    assert response["Location"] == "/start/complaint-timing/"
    page = client.get("/start/complaint-timing/").content.decode()
    assert "Now, about those failings alone" in page
    client.post("/start/complaint-timing/", {"complaint_now": "yes"})
    client.post("/start/representative/", {})
    client.post("/start/other-proceedings/", {"other_proceedings": "none"})
    check = client.get("/start/check/").content.decode()
    assert 'href="/start/complaint-timing/?change=1"' in check
    client.post("/start/check/")
    assert client.get("/start/result/").context["draft"].answers.complaint_now is True

    # Told beforehand and nothing hard: no such question, the complaint is a draft.
    client.post("/start/notice/?change=1", {"notice_received": "yes"})
    assert client.get("/start/complaint-timing/")["Location"] == "/start/check/"
    client.post("/start/check/")
    draft = client.get("/start/result/").context["draft"]
    assert draft.answers.complaint_now is False
    assert draft.complaint_mode == "draft"
