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


# An earlier request whose reply date has not passed: a draft for after that date, like the
# complaint without one; once it has passed (or a refusal or partial answer came), lodged now.
PRIOR_SENT = dt.date(2026, 11, 2)
PRIOR_DUE = response_due(PRIOR_SENT, country="IE")  # Wednesday 2 December 2026
PRIOR_RAW = {
    **{key: value for key, value in RAW.items() if key != "sent_by"},
    "documents": ["complaint"],
    "prior_request": {
        "document": "objection",
        "sent_on": PRIOR_SENT.isoformat(),
        "channel": "email",
        "reply": "none",
    },
}


def with_prior(**prior):
    return {**PRIOR_RAW, "prior_request": {**PRIOR_RAW["prior_request"], **prior}}


def pdf_joined(document) -> str:
    """The PDF's pages as one text; a line broken after a hyphen ("one- month") joined again."""
    return re.sub(r"(\w)- (\w)", r"\1-\2", " ".join(pdf_text(document)))


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_before_the_earlier_requests_reply_date_the_complaint_is_a_draft(reference_data):
    assert dt.date(2026, 12, 2) == PRIOR_DUE
    assert PRIOR_DUE > TODAY
    draft = draft_of(PRIOR_RAW)
    assert draft.complaint_mode == "draft"
    assert draft.complaint_from == PRIOR_DUE + dt.timedelta(days=1)
    pages = pdf_text(draft.document("complaint"))
    text = pdf_joined(draft.document("complaint"))
    assert pages[0].startswith(
        f"Draft: send only if no complete answer has come by {long_date(PRIOR_DUE)}."
    )
    # The request as sent; its end and the reply as future facts, with the same blanks.
    assert (
        "2 November 2026: I sent the controller my objection under Article 21(1) GDPR by email."
        in text
    )
    assert (
        f"{long_date(PRIOR_DUE)}: the period for the controller’s reply under Article 12(3) GDPR "  # noqa: RUF001
        "ended without a complete answer." in text
    )
    assert REPLY_BLANK in text
    assert "Date: ____" in text
    assert (
        "I made my request to the controller on 2 November 2026; a copy is enclosed. The "
        "one-month period for its reply under Article 12(3) GDPR ended on 2 December 2026 "
        "without a complete answer. I enclose any reply I received." in text
    )
    assert (
        "By the end of the one-month period for its reply on 2 December 2026, the controller had "
        "not dealt completely with my request of 2 November 2026" in text
    )
    assert "within three months of receiving this complaint at the latest" in text
    assert text.count("Any reply and other correspondence from the controller") == 1
    # Nothing of a complaint lodged now.
    assert "runs until" not in text
    assert ": I am lodging this complaint." not in text
    assert "23 November 2026" not in text
    assert "at the same time" not in text


def test_after_the_earlier_requests_reply_date_it_is_lodged_now(reference_data):
    sent = dt.date(2026, 10, 1)
    due = response_due(sent, country="IE")
    assert due < TODAY
    draft = draft_of(with_prior(sent_on=sent.isoformat()))
    assert draft.complaint_mode == "prior"
    text = pdf_joined(draft.document("complaint"))
    assert "Draft:" not in text
    assert REPLY_BLANK not in text
    assert "Date: ____" not in text
    assert "23 November 2026: I am lodging this complaint." in text
    assert (
        f"The one-month period under Article 12(3) GDPR ended on {long_date(due)}. By the date of "
        "this complaint, I have not received a reply" in text
    )
    lodged_due = authority_update_due(TODAY, country="IE")
    assert f"by {long_date(lodged_due)} at the latest" in text


def test_on_the_reply_date_itself_it_is_still_a_draft(reference_data):
    # Sent on Friday 23 October: the month ends on Monday 23 November, the letter's own date.
    sent = dt.date(2026, 10, 23)
    assert response_due(sent, country="IE") == TODAY
    draft = draft_of(with_prior(sent_on=sent.isoformat()))
    assert draft.complaint_mode == "draft"
    assert pdf_text(draft.document("complaint"))[0].startswith(
        "Draft: send only if no complete answer has come by 23 November 2026."
    )


def test_an_acknowledgement_is_told_and_the_draft_waits(reference_data):
    text = pdf_joined(draft_of(with_prior(reply="acknowledged")).document("complaint"))
    assert text.startswith(
        f"Draft: send only if no complete answer has come by {long_date(PRIOR_DUE)}."
    )
    assert "The controller acknowledged receipt of my objection." in text


def test_an_extension_makes_a_draft_for_the_extended_date(reference_data):
    sent = dt.date(2026, 9, 1)
    extended = response_due(sent, country="IE", extended=True)  # Tuesday 1 December 2026
    assert extended > TODAY
    draft = draft_of(with_prior(sent_on=sent.isoformat(), reply="extension"))
    assert draft.complaint_from == extended + dt.timedelta(days=1)
    text = pdf_joined(draft.document("complaint"))
    assert text.startswith(
        f"Draft: send only if no complete answer has come by {long_date(extended)}."
    )
    assert (
        "The period for its reply, as extended under the second sentence of Article 12(3) GDPR, "
        f"ended on {long_date(extended)} without a complete answer." in text
    )
    assert (
        "By the end of the period for its reply, as extended under the second sentence of "
        f"Article 12(3) GDPR, on {long_date(extended)}, the controller had not dealt completely "
        "with my request of 1 September 2026" in text
    )
    assert "one-month period" not in text


@pytest.mark.parametrize("reply", ["refused", "partial"])
def test_a_refusal_or_partial_answer_is_complained_of_now(reference_data, reply):
    draft = draft_of(with_prior(reply=reply))
    assert draft.complaint_mode == "prior"
    text = pdf_joined(draft.document("complaint"))
    assert "Draft:" not in text
    assert "23 November 2026: I am lodging this complaint." in text
