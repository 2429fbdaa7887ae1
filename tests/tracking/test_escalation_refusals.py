"""Escalations the service refuses, with the reason the user reads, and nothing written: a complaint
cannot be escalated again, the authority must be one of those offered, and a request must have
what the complaint would rest on (a recorded outcome, a due date)."""

import pytest

from privacyreq.tracking.models import StoredDocument
from privacyreq.tracking.transitions import Status, TransitionRefused
from tests.factories import UserFactory
from tests.tracking.escalation_support import escalate, make_case, request_of, sent

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(reference_data):
    return UserFactory()


def assert_unchanged(request, status):
    request.refresh_from_db()
    assert request.status == status
    assert request.complaint is None
    assert not StoredDocument.objects.filter(kind="complaint", escalated_requests=request).exists()


def test_a_complaint_is_not_escalated_to_another_complaint(owner):
    case = make_case(owner, documents=("objection", "complaint"), complaint_to="lead")
    complaint = request_of(case, "complaint")

    with pytest.raises(TransitionRefused) as refused:
        escalate(complaint)
    assert str(refused.value) == "This is already a complaint to an authority."

    assert_unchanged(complaint, Status.COMPLAINT_DRAFTED)


def test_an_authority_not_offered_is_refused(owner):
    request = sent(request_of(make_case(owner)))

    with pytest.raises(TransitionRefused) as refused:
        escalate(request, complaint_to="elsewhere")
    assert str(refused.value) == "Choose the authority the complaint goes to."

    assert_unchanged(request, Status.SENT)


def test_an_answer_without_a_recorded_outcome_must_be_completed_first(owner):
    request = sent(request_of(make_case(owner)))
    type(request).objects.filter(pk=request.pk).update(status=Status.ANSWERED, outcome="")

    with pytest.raises(TransitionRefused) as refused:
        escalate(request)
    assert str(refused.value) == "Record whether the organisation complied, partly or refused."

    assert_unchanged(request, Status.ANSWERED)


def test_a_request_waiting_without_a_due_date_cannot_be_overdue(owner):
    request = sent(request_of(make_case(owner)))
    type(request).objects.filter(pk=request.pk).update(due_on=None, next_due_on=None)

    with pytest.raises(TransitionRefused) as refused:
        escalate(request)
    assert str(refused.value) == "This request has no due date, so it cannot be overdue."

    assert_unchanged(request, Status.SENT)
    assert not request.events.filter(status=Status.OVERDUE).exists()
