"""Tracking services: storing a case, and every status change with its deadline and history."""

import datetime as dt
import hashlib

import pytest
from pypdf import PdfReader

from privacyreq.letters.services import answers_validate
from privacyreq.tracking import services
from privacyreq.tracking.models import Case, Request, StatusEvent, StoredDocument
from privacyreq.tracking.transitions import Status, TransitionRefused
from tests.factories import earlier_request, x_answers

pytestmark = pytest.mark.django_db

LETTER_DATE = dt.date(2026, 11, 2)


@pytest.fixture
def case(reference_data, user):
    answers = answers_validate(raw=x_answers(), today=LETTER_DATE)
    return services.case_create(owner=user, answers=answers)


def objection(case) -> Request:
    return case.requests.get(kind="objection")


def sent(case, user, *, on=LETTER_DATE, channel="email", **kwargs) -> Request:
    return services.request_mark_sent(
        request=objection(case),
        sent_on=on,
        channel=channel,
        actor=user,
        today=on + dt.timedelta(days=1),
        **kwargs,
    )


def test_case_stores_every_document_with_its_pdf_and_hash(case, user):
    assert Case.objects.get() == case
    assert case.owner == user
    assert case.platform.slug == "x"
    assert case.controller_name == "X Internet Unlimited Company"
    assert case.answers["full_name"] == "Aoife Murphy"
    kinds = sorted(case.documents.values_list("kind", flat=True))
    assert kinds == ["access", "erasure", "objection"]
    for document in StoredDocument.objects.all():
        data = document.pdf.read()
        assert hashlib.sha256(data).hexdigest() == document.sha256
        text = "".join(page.extract_text() for page in PdfReader(document.pdf.path).pages)
        assert "Aoife Murphy" in text
    assert "Article 21(1)" in objection(case).document.text


def test_case_creates_one_draft_request_per_document_with_history(case, user):
    requests = case.requests.all()
    assert len(requests) == 3
    for request in requests:
        assert request.status == Status.DRAFT
        assert request.document.kind == request.kind
        (event,) = request.events.all()
        assert (event.status, event.previous_status, event.actor) == (Status.DRAFT, "", user)
        assert event.happened_on == LETTER_DATE


def test_a_complaint_in_the_answers_is_tracked_as_a_drafted_complaint(reference_data, user):
    raw = x_answers(documents=["objection", "complaint"], complaint_to="lead")
    case = services.case_create(owner=user, answers=answers_validate(raw=raw, today=LETTER_DATE))
    complaint = case.requests.get(kind="complaint")
    assert complaint.status == Status.COMPLAINT_DRAFTED
    assert complaint.authority.short_name == "DPC"


def test_email_is_received_the_day_it_is_sent(case, user):
    request = sent(case, user, on=dt.date(2026, 11, 2), reference="T-1")
    request.refresh_from_db()
    assert request.status == Status.SENT
    assert request.received_on == dt.date(2026, 11, 2)
    assert request.due_on == dt.date(2026, 12, 2)
    assert request.next_due_on == request.due_on
    assert request.reference == "T-1"
    event = request.events.last()
    assert event.status == Status.SENT and event.previous_status == Status.DRAFT
    assert event.details == {
        "channel": "email",
        "reference": "T-1",
        "received_on": "2026-11-02",
        "due_on": "2026-12-02",
    }


def test_web_form_counts_like_email(reference_data, user):
    answers = answers_validate(raw=x_answers(date="2026-01-30"), today=LETTER_DATE)
    case = services.case_create(owner=user, answers=answers)
    request = sent(case, user, on=dt.date(2026, 1, 31), channel="web_form")
    # 31 January + one month = 28 February 2026, a Saturday: next working day in Ireland.
    assert request.due_on == dt.date(2026, 3, 2)


def test_post_with_a_known_arrival_date(case, user):
    request = sent(
        case, user, on=dt.date(2026, 11, 2), channel="post", received_on=dt.date(2026, 11, 6)
    )
    assert request.received_on == dt.date(2026, 11, 6)
    assert request.due_on == dt.date(2026, 12, 7)  # 6 December 2026 is a Sunday


def test_post_without_arrival_date_assumes_configured_days(case, user, settings):
    settings.TRACKING_POST_DAYS = 3
    request = sent(case, user, on=dt.date(2026, 11, 20), channel="post")
    assert request.received_on == dt.date(2026, 11, 23)
    assert request.due_on == dt.date(2026, 12, 23)


def test_irish_christmas_holidays_move_the_due_date(case, user):
    request = sent(case, user, on=dt.date(2026, 11, 25))
    # 25 December 2026 is Christmas Day (a Friday), 26 St Stephen's Day (a Saturday): the first
    # working day after them is Monday 28 December.
    assert request.due_on == dt.date(2026, 12, 28)


def test_sent_date_in_the_future_is_refused(case, user):
    with pytest.raises(TransitionRefused, match="future"):
        services.request_mark_sent(
            request=objection(case),
            sent_on=dt.date(2026, 11, 10),
            channel="email",
            actor=user,
            today=dt.date(2026, 11, 9),
        )
    assert objection(case).status == Status.DRAFT


def test_arrival_before_sending_is_refused(case, user):
    with pytest.raises(TransitionRefused, match="arrived"):
        sent(case, user, channel="post", received_on=LETTER_DATE - dt.timedelta(days=1))


def test_marking_sent_twice_is_refused(case, user):
    sent(case, user)
    with pytest.raises(TransitionRefused):
        sent(case, user)
    assert objection(case).events.count() == 2


def record(request, user, status, on, **kwargs):
    return services.request_record(
        request=request, status=status, on=on, actor=user, today=on, **kwargs
    )


def test_acknowledged_then_extended_within_the_first_month(case, user):
    request = sent(case, user)
    record(request, user, Status.ACKNOWLEDGED, dt.date(2026, 11, 4))
    request = record(request, user, Status.EXTENDED, dt.date(2026, 12, 1), note="Complex")
    assert request.extended is True
    assert request.due_on == dt.date(2027, 2, 2)
    assert request.next_due_on == dt.date(2027, 2, 2)
    statuses = list(request.events.values_list("status", flat=True))
    assert statuses == ["draft", "sent", "acknowledged", "extended"]
    assert request.events.last().note == "Complex"


def test_extension_after_the_first_month_is_refused(case, user):
    request = sent(case, user)
    with pytest.raises(TransitionRefused, match="within one month"):
        record(request, user, Status.EXTENDED, dt.date(2026, 12, 3))
    request.refresh_from_db()
    assert request.status == Status.SENT and request.due_on == dt.date(2026, 12, 2)


def test_overdue_only_after_the_due_date(case, user):
    request = sent(case, user)
    with pytest.raises(TransitionRefused, match="not overdue"):
        record(request, user, Status.OVERDUE, dt.date(2026, 12, 2))
    request = record(request, user, Status.OVERDUE, dt.date(2026, 12, 3))
    assert request.status == Status.OVERDUE
    assert request.next_due_on == dt.date(2026, 12, 2)


@pytest.mark.parametrize("outcome", ["complied", "partly", "refused"])
def test_answered_with_each_outcome(case, user, outcome):
    request = record(
        sent(case, user), user, Status.ANSWERED, dt.date(2026, 11, 20), outcome=outcome
    )
    assert (request.status, request.outcome) == (Status.ANSWERED, outcome)
    assert request.next_due_on is None
    assert request.events.last().details == {"outcome": outcome}


def test_answered_without_outcome_is_refused(case, user):
    with pytest.raises(TransitionRefused, match="complied"):
        record(sent(case, user), user, Status.ANSWERED, dt.date(2026, 11, 20))


def test_event_date_before_sending_is_refused(case, user):
    with pytest.raises(TransitionRefused, match="before you sent"):
        record(sent(case, user), user, Status.ACKNOWLEDGED, LETTER_DATE - dt.timedelta(days=1))


def test_event_date_in_the_future_is_refused(case, user):
    request = sent(case, user)
    with pytest.raises(TransitionRefused, match="future"):
        services.request_record(
            request=request,
            status=Status.ACKNOWLEDGED,
            on=dt.date(2026, 11, 10),
            actor=user,
            today=dt.date(2026, 11, 9),
        )


def test_sent_and_complaint_drafted_have_their_own_actions(case, user):
    request = sent(case, user)
    with pytest.raises(TransitionRefused, match="Mark as sent"):
        record(request, user, Status.SENT, dt.date(2026, 11, 3))
    with pytest.raises(TransitionRefused, match="Escalate"):
        record(request, user, Status.COMPLAINT_DRAFTED, dt.date(2026, 11, 3))


def test_complaint_lodged_counts_three_months_for_the_authority(reference_data, user):
    raw = x_answers(documents=["complaint"], prior_request=earlier_request(), complaint_to="lead")
    case = services.case_create(owner=user, answers=answers_validate(raw=raw, today=LETTER_DATE))
    complaint = case.requests.get(kind="complaint")
    complaint = record(
        complaint, user, Status.COMPLAINT_LODGED, dt.date(2026, 11, 5), reference="C-9"
    )
    assert complaint.lodged_on == dt.date(2026, 11, 5)
    assert complaint.authority_due_on == dt.date(2027, 2, 5)
    assert complaint.next_due_on == dt.date(2027, 2, 5)
    assert complaint.events.last().details == {
        "authority_due_on": "2027-02-05",
        "reference": "C-9",
    }
    complaint = record(complaint, user, Status.AUTHORITY_ANSWERED, dt.date(2027, 1, 10))
    assert complaint.next_due_on is None
    complaint = record(complaint, user, Status.CLOSED, dt.date(2027, 1, 11))
    with pytest.raises(TransitionRefused, match="cannot become"):
        record(complaint, user, Status.AUTHORITY_ANSWERED, dt.date(2027, 1, 12))


def test_close_a_draft(case, user):
    request = record(objection(case), user, Status.CLOSED, LETTER_DATE)
    assert request.status == Status.CLOSED


def test_history_is_append_only(case, user):
    request = sent(case, user)
    first_ids = list(request.events.values_list("id", flat=True))
    record(request, user, Status.ACKNOWLEDGED, dt.date(2026, 11, 3))
    ids = list(request.events.values_list("id", flat=True))
    assert ids[: len(first_ids)] == first_ids
    assert StatusEvent.objects.filter(request=request).count() == 3
