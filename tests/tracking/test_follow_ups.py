"""Follow-ups in tracking (issue 16): what is wrong with a reply is recorded, the next step
proposes the matching letter, the follow-up is a tracked request of its own with its own due date
and reminders, and a complaint about the case tells both."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from privacyreq.letters.kinds import DocumentKind
from privacyreq.tracking.actions import follow_up_fitting, next_action
from privacyreq.tracking.attachments import attachment_add
from privacyreq.tracking.bundle import complaint_bundle_pdf
from privacyreq.tracking.escalation import request_escalate
from privacyreq.tracking.follow_ups import follow_up_create, letter_redate
from privacyreq.tracking.models import Request
from privacyreq.tracking.services import request_mark_sent, request_record
from privacyreq.tracking.transitions import Outcome, Status, TransitionRefused
from tests.factories import UserFactory
from tests.tracking.escalation_support import (
    AFTER_DUE,
    DUE_ON,
    SENT_ON,
    complaint_text,
    make_case,
    pdf_text,
    png_bytes,
    request_of,
    sent,
)

pytestmark = pytest.mark.django_db

ACK_ON = dt.date(2026, 12, 1)


@pytest.fixture
def owner(reference_data):
    return UserFactory()


def id_demanded(request, *, on=ACK_ON):
    return request_record(
        request=request,
        status=Status.ACKNOWLEDGED,
        on=on,
        actor=None,
        today=on,
        problems=["asked_for_id"],
    )


def document_text(request: Request) -> str:
    with request.document.pdf.open("rb") as handle:
        return pdf_text(handle.read())


# --- Recording what is wrong with a reply ---------------------------------------------------------


def test_problems_are_kept_on_the_request_and_in_its_history(owner):
    request = id_demanded(sent(request_of(make_case(owner))))
    assert request.reply_problems == ["asked_for_id"]
    event = request.events.get(status=Status.ACKNOWLEDGED)
    assert event.details["problems"] == ["asked_for_id"]


def test_an_incomplete_access_answer_keeps_the_missing_parts(owner):
    request = sent(request_of(make_case(owner, documents=("access",)), "access"))
    request_record(
        request=request,
        status=Status.ANSWERED,
        outcome=Outcome.PARTLY,
        on=ACK_ON,
        actor=None,
        today=ACK_ON,
        problems=["incomplete_access"],
        access_missing=["copy", "recipients"],
    )
    request.refresh_from_db()
    # Kept in the order of the list, whatever order they came in.
    assert request.access_missing == ["recipients", "copy"]


@pytest.mark.parametrize(
    ("status", "outcome", "problems", "missing", "message"),
    [
        (Status.ANSWERED, Outcome.COMPLIED, ["asked_for_id"], [], "did what you asked"),
        (Status.ACKNOWLEDGED, "", ["incomplete_access"], [], "Say which parts"),
        (Status.ACKNOWLEDGED, "", ["asked_for_id"], ["copy"], "left out things I asked for"),
        (Status.ACKNOWLEDGED, "", ["rudeness"], [], "Choose the problems"),
        (Status.CLOSED, "", ["asked_for_id"], [], "recorded with the reply"),
    ],
)
def test_problems_that_do_not_fit_the_reply_are_refused(
    owner, status, outcome, problems, missing, message
):
    request = sent(request_of(make_case(owner)))
    with pytest.raises(TransitionRefused, match=message):
        request_record(
            request=request,
            status=status,
            outcome=outcome,
            on=ACK_ON,
            actor=None,
            today=ACK_ON,
            problems=problems,
            access_missing=missing,
        )
    request.refresh_from_db()
    assert request.status == Status.SENT and request.reply_problems == []


def test_the_next_step_proposes_the_matching_follow_up():
    today = dt.date(2026, 12, 4)
    reply = follow_up_fitting(
        kind="objection", status=Status.ACKNOWLEDGED, outcome="", problems=True, overdue=False
    )
    reminder = follow_up_fitting(
        kind="erasure", status=Status.SENT, outcome="", problems=False, overdue=True
    )
    assert (reply, reminder) == ("reply", "reminder")
    assert (
        next_action(
            status=Status.ACKNOWLEDGED, outcome="", next_due_on=None, today=today, follow_up=reply
        ).label
        == "Write a reply letter"
    )
    assert (
        next_action(
            status=Status.OVERDUE, outcome="", next_due_on=None, today=today, follow_up=reminder
        ).label
        == "Write a reminder"
    )
    # A follow-up's own silence goes to the authority, not to a second follow-up.
    assert not follow_up_fitting(
        kind="reminder", status=Status.OVERDUE, outcome="", problems=False, overdue=True
    )
    assert not follow_up_fitting(
        kind="objection", status=Status.ANSWERED, outcome="complied", problems=True, overdue=False
    )
    pending = next_action(
        status=Status.OVERDUE, outcome="", next_due_on=None, today=today, follow_up_pending=True
    )
    assert pending.kind == "" and "under way" in pending.hint


# --- Writing the follow-up ------------------------------------------------------------------------


def test_a_reminder_is_a_tracked_request_of_its_own(owner):
    request = sent(request_of(make_case(owner)))
    reminder = follow_up_create(
        request=request, kind=DocumentKind.REMINDER, actor=owner, today=AFTER_DUE
    )
    request.refresh_from_db()
    # The request went unanswered past its date: recorded as overdue on the way.
    assert request.status == Status.OVERDUE
    assert request.events.filter(status=Status.OVERDUE, actor=None).exists()
    assert (reminder.kind, reminder.status, reminder.follows) == ("reminder", "draft", request)
    assert reminder.document.dated == AFTER_DUE
    text = document_text(reminder)
    assert "On 26 November 2026 I sent you my objection under Article 21(1) GDPR." in text
    assert "Its reference is ABC-123." in text
    assert f"that is, by {DUE_ON.day} December 2026." in text


def test_a_reply_letter_answers_the_recorded_problems(owner):
    request = id_demanded(sent(request_of(make_case(owner))))
    reply = follow_up_create(request=request, kind=DocumentKind.REPLY, actor=owner, today=ACK_ON)
    text = document_text(reply)
    assert "You asked me for a copy of an identity document before acting on my request." in text
    assert "paragraphs 72–74" in text  # noqa: RUF001
    # The acknowledgment is not overdue: nothing else was recorded.
    request.refresh_from_db()
    assert request.status == Status.ACKNOWLEDGED


@pytest.mark.parametrize(
    ("kind", "prepare", "message"),
    [
        ("reminder", lambda r: sent(r), "has until 28 December 2026"),
        ("reply", lambda r: sent(r), "Record what is wrong"),
        ("reminder", lambda r: r, "sent and not answered"),
        ("letter", lambda r: sent(r), "Choose a reminder or a reply"),
    ],
)
def test_follow_ups_that_do_not_fit_are_refused(owner, kind, prepare, message):
    request = prepare(request_of(make_case(owner)))
    with pytest.raises(TransitionRefused, match=message):
        follow_up_create(request=request, kind=kind, actor=owner, today=SENT_ON)
    assert not Request.objects.filter(follows=request).exists()


def test_one_follow_up_at_a_time_and_none_for_a_follow_up(owner):
    request = sent(request_of(make_case(owner)))
    reminder = follow_up_create(request=request, kind="reminder", actor=owner, today=AFTER_DUE)
    with pytest.raises(TransitionRefused, match="already under way"):
        follow_up_create(request=request, kind="reminder", actor=owner, today=AFTER_DUE)
    with pytest.raises(TransitionRefused, match="escalate to a complaint"):
        follow_up_create(request=reminder, kind="reminder", actor=owner, today=AFTER_DUE)


def test_a_sent_follow_up_is_due_at_the_end_of_its_final_period(owner, settings):
    request = sent(request_of(make_case(owner)))
    reminder = follow_up_create(request=request, kind="reminder", actor=owner, today=AFTER_DUE)
    settings.LETTERS_FINAL_PERIOD_DAYS = 30  # the letter said 14: its own period counts
    request_mark_sent(
        request=reminder, sent_on=AFTER_DUE, channel="email", actor=owner, today=AFTER_DUE
    )
    reminder.refresh_from_db()
    # 5 January 2027 + 14 days = 19 January 2027, a Tuesday.
    assert dt.date(2027, 1, 5) == AFTER_DUE
    assert reminder.due_on == reminder.next_due_on == dt.date(2027, 1, 19)
    with pytest.raises(TransitionRefused, match="cannot be extended"):
        request_record(
            request=reminder, status=Status.EXTENDED, on=AFTER_DUE, actor=None, today=AFTER_DUE
        )


def test_a_follow_up_gets_its_own_reminder_emails(owner):
    request = sent(request_of(make_case(owner)))
    reminder = follow_up_create(request=request, kind="reminder", actor=owner, today=AFTER_DUE)
    request_mark_sent(
        request=reminder, sent_on=AFTER_DUE, channel="email", actor=owner, today=AFTER_DUE
    )
    mail.outbox.clear()
    call_command("send_reminders", "--date", "2027-01-19", verbosity=0)
    call_command("send_reminders", "--date", "2027-01-19", verbosity=0)
    mine = [m for m in mail.outbox if "final date your follow-up letter gave" in m.body]
    assert len(mine) == 1
    assert "19 January 2027" in mine[0].body


# --- One complaint per case -----------------------------------------------------------------------


def test_the_done_when_journey_id_demand_reply_letter_then_one_complaint(owner):
    objection = id_demanded(sent(request_of(make_case(owner))))
    reply = follow_up_create(request=objection, kind="reply", actor=owner, today=ACK_ON)
    request_mark_sent(request=reply, sent_on=ACK_ON, channel="email", actor=owner, today=ACK_ON)
    reply.refresh_from_db()
    # 1 December + 14 days: 15 December 2026. No answer: recorded as overdue after it.
    assert reply.due_on == dt.date(2026, 12, 15)
    request_record(
        request=reply,
        status=Status.OVERDUE,
        on=dt.date(2026, 12, 16),
        actor=owner,
        today=dt.date(2026, 12, 16),
    )
    escalated = request_escalate(
        request=reply, complaint_to="lead", actor=owner, today=dt.date(2026, 12, 17)
    )
    objection.refresh_from_db()
    # One complaint, about both: the objection (a deficient answer) and the reply letter.
    assert escalated.complaint_id == objection.complaint_id is not None
    assert objection.status == Status.COMPLAINT_DRAFTED
    assert objection.case.documents.filter(kind="complaint").count() == 1
    text = complaint_text(escalated)
    assert "I sent the controller my objection under Article 21(1) GDPR by email" in text
    assert "the controller asked me for a copy of an identity document before acting" in text
    assert "I sent the controller my answer to its reply by email" in text
    assert "the final period set in my answer to the controller’s reply ended" in text  # noqa: RUF001
    assert "My objection under Article 21(1) GDPR, sent on 26 November 2026 by email" in text
    assert "My answer to the controller’s reply, sent on 1 December 2026 by email" in text  # noqa: RUF001
    # The reply letter's final period is the user's date, never argued as the period of
    # Article 12(3), which for the objection had not yet ended: the deficient reply is.
    assert "Deficient reply (Article 12 GDPR)." in text
    assert "my request of 26 November 2026 did not meet the requirements" in text
    assert "under Article 12(3) GDPR ended on 15 December 2026" not in text
    assert "Request not answered" not in text
    # In date order: the objection, the ID demand, the reply letter, the end of its period.
    order = [
        text.index("26 November 2026: I sent the controller my objection"),
        text.index("1 December 2026: the controller asked me for a copy"),
        text.index("1 December 2026: I sent the controller my answer"),
        text.index("15 December 2026: the final period"),
    ]
    assert order == sorted(order)


def test_overdue_requests_of_a_case_are_gathered_into_one_complaint(owner):
    case = make_case(owner, documents=("objection", "erasure"))
    objection, erasure = sent(request_of(case)), sent(request_of(case, "erasure"))
    request_escalate(request=objection, complaint_to="lead", actor=owner, today=AFTER_DUE)
    erasure.refresh_from_db()
    objection.refresh_from_db()
    assert erasure.status == Status.COMPLAINT_DRAFTED
    assert erasure.complaint_id == objection.complaint_id
    text = complaint_text(objection)
    assert "my objection under Article 21(1) GDPR" in text
    assert "my request for erasure under Article 17 GDPR" in text
    with pytest.raises(TransitionRefused, match="already been escalated"):
        request_escalate(request=erasure, complaint_to="lead", actor=owner, today=AFTER_DUE)


def test_the_questionnaires_draft_complaint_is_replaced_not_joined(owner):
    case = make_case(
        owner,
        documents=("objection", "complaint"),
        complaint_to="lead",
        postal_address="1 Main Street\nDublin 8",
    )
    complaint_request = case.requests.get(kind="complaint")
    old_document = complaint_request.document_id
    objection = sent(request_of(case))
    request_escalate(request=objection, complaint_to="lead", actor=owner, today=AFTER_DUE)
    complaint_request.refresh_from_db()
    objection.refresh_from_db()
    assert case.documents.filter(kind="complaint").count() == 1
    assert complaint_request.document_id == objection.complaint_id != old_document
    assert complaint_request.complaint_from is None
    # Lodging it once records it for every request it is about.
    request_record(
        request=objection,
        status=Status.COMPLAINT_LODGED,
        on=AFTER_DUE,
        actor=owner,
        today=AFTER_DUE,
        reference="DPC-1",
    )
    complaint_request.refresh_from_db()
    assert complaint_request.status == Status.COMPLAINT_LODGED
    assert complaint_request.lodged_on == AFTER_DUE


def test_no_second_complaint_to_an_authority_that_has_one(owner):
    case = make_case(owner, documents=("objection", "erasure"))
    objection = sent(request_of(case))
    erasure = request_of(case, "erasure")
    request_escalate(request=objection, complaint_to="lead", actor=owner, today=AFTER_DUE)
    request_record(
        request=objection,
        status=Status.COMPLAINT_LODGED,
        on=AFTER_DUE,
        actor=owner,
        today=AFTER_DUE,
    )
    later = AFTER_DUE + dt.timedelta(days=40)
    request_mark_sent(request=erasure, sent_on=AFTER_DUE, channel="email", actor=owner, today=later)
    with pytest.raises(TransitionRefused, match="rather than a second complaint"):
        request_escalate(request=erasure, complaint_to="lead", actor=owner, today=later)


def test_escalation_waits_for_a_follow_ups_final_period(owner):
    request = sent(request_of(make_case(owner)))
    reminder = follow_up_create(request=request, kind="reminder", actor=owner, today=AFTER_DUE)
    request_mark_sent(
        request=reminder, sent_on=AFTER_DUE, channel="email", actor=owner, today=AFTER_DUE
    )
    with pytest.raises(TransitionRefused, match="until 19 January 2027"):
        request_escalate(request=request, complaint_to="lead", actor=owner, today=AFTER_DUE)
    after = dt.date(2027, 1, 20)
    escalated = request_escalate(request=reminder, complaint_to="lead", actor=owner, today=after)
    request.refresh_from_db()
    assert request.complaint_id == escalated.complaint_id
    text = complaint_text(escalated)
    assert "I sent the controller my reminder by email" in text
    assert "the final period set in my reminder ended without a reply" in text
    # The reminder's final period is not the legal one: the objection's period is argued.
    assert "under Article 12(3) GDPR ended on 28 December 2026" in text
    assert "my request of 26 November 2026" in text
    assert "My reminder, sent on 5 January 2027 by email" in text


def test_the_bundle_includes_replies_attached_to_any_request_it_is_about(owner):
    objection = id_demanded(sent(request_of(make_case(owner))))
    attachment_add(request=objection, data=png_bytes(), name="id-demand.png")
    reply = follow_up_create(request=objection, kind="reply", actor=owner, today=ACK_ON)
    request_mark_sent(request=reply, sent_on=ACK_ON, channel="email", actor=owner, today=ACK_ON)
    later = dt.date(2026, 12, 16)
    request_record(request=reply, status=Status.OVERDUE, on=later, actor=owner, today=later)
    escalated = request_escalate(request=reply, complaint_to="lead", actor=owner, today=later)
    text = pdf_text(complaint_bundle_pdf(request=escalated))
    assert "Correspondence from the controller (id-demand.png)" in text
    assert "no longer stored" not in text


# --- Re-dating a follow-up ------------------------------------------------------------------------


def test_a_follow_up_is_re_dated_within_what_its_request_allows(owner):
    request = sent(request_of(make_case(owner)))
    reminder = follow_up_create(request=request, kind="reminder", actor=owner, today=AFTER_DUE)
    for on, message in (
        (SENT_ON, "on or before the request it follows up"),
        (DUE_ON, "only be dated after 28 December 2026"),
        (AFTER_DUE + dt.timedelta(days=1), "cannot be in the future"),
        (dt.date(2024, 1, 1), "within a year before the case was saved"),
    ):
        with pytest.raises(TransitionRefused, match=message):
            letter_redate(request=reminder, on=on, actor=owner, today=AFTER_DUE)
    day_after_due = DUE_ON + dt.timedelta(days=1)
    letter_redate(request=reminder, on=day_after_due, actor=owner, today=AFTER_DUE)
    reminder.refresh_from_db()
    assert reminder.document.dated == day_after_due
    assert "29 December 2026" in document_text(reminder)


def test_a_complaint_is_never_re_dated(owner):
    case = make_case(
        owner,
        documents=("objection", "complaint"),
        complaint_to="lead",
        postal_address="1 Main Street\nDublin 8",
    )
    complaint = case.requests.get(kind="complaint")
    complaint.status = Status.DRAFT  # as if it were still a draft letter
    with pytest.raises(TransitionRefused, match="dated when you lodge it"):
        letter_redate(request=complaint, on=SENT_ON, actor=owner, today=AFTER_DUE)


def test_follow_ups_say_what_came_back(owner):
    case = make_case(owner, documents=("objection", "erasure", "access"))
    extended = sent(request_of(case))
    request_record(request=extended, status=Status.EXTENDED, on=ACK_ON, actor=None, today=ACK_ON)
    acknowledged = sent(request_of(case, "erasure"))
    request_record(
        request=acknowledged, status=Status.ACKNOWLEDGED, on=ACK_ON, actor=None, today=ACK_ON
    )
    later = extended.due_on + dt.timedelta(days=2)
    text = document_text(
        follow_up_create(request=extended, kind="reminder", actor=owner, today=later)
    )
    assert "You told me that you were extending the period for your reply" in text
    text = document_text(
        follow_up_create(request=acknowledged, kind="reminder", actor=owner, today=later)
    )
    assert "You acknowledged receipt of my request, but I have not received a reply" in text


def test_a_posted_request_with_its_arrival_counts_from_that_day(owner):
    request = request_of(make_case(owner))
    request_mark_sent(
        request=request,
        sent_on=SENT_ON,
        channel="post",
        received_on=dt.date(2026, 12, 2),
        actor=owner,
        today=SENT_ON + dt.timedelta(days=10),
    )
    text = document_text(
        follow_up_create(request=request, kind="reminder", actor=owner, today=AFTER_DUE)
    )
    # 2 December + one month: 2 January 2027, a Saturday: Monday 4 January.
    assert "that is, by 4 January 2027." in text
