import datetime as dt

import pytest

from privacyreq.tracking.transitions import (
    Outcome,
    RequestState,
    Status,
    TransitionRefused,
    allowed_next,
    transition_check,
)

DUE = dt.date(2026, 12, 23)
BEFORE_DUE = dt.date(2026, 12, 1)
AFTER_DUE = dt.date(2026, 12, 24)


def state(status, *, outcome="", due_on=DUE):
    return RequestState(status=status, due_on=due_on, outcome=outcome)


@pytest.mark.parametrize(
    ("current", "new", "on", "outcome"),
    [
        (Status.DRAFT, Status.SENT, BEFORE_DUE, ""),
        (Status.SENT, Status.ACKNOWLEDGED, BEFORE_DUE, ""),
        (Status.SENT, Status.EXTENDED, DUE, ""),
        (Status.ACKNOWLEDGED, Status.EXTENDED, BEFORE_DUE, ""),
        (Status.SENT, Status.ANSWERED, BEFORE_DUE, Outcome.COMPLIED),
        (Status.EXTENDED, Status.ANSWERED, AFTER_DUE, Outcome.REFUSED),
        (Status.SENT, Status.OVERDUE, AFTER_DUE, ""),
        (Status.EXTENDED, Status.OVERDUE, AFTER_DUE, ""),
        (Status.OVERDUE, Status.ANSWERED, AFTER_DUE, Outcome.PARTLY),
        (Status.OVERDUE, Status.COMPLAINT_DRAFTED, AFTER_DUE, ""),
        (Status.COMPLAINT_DRAFTED, Status.COMPLAINT_LODGED, AFTER_DUE, ""),
        (Status.COMPLAINT_LODGED, Status.AUTHORITY_ANSWERED, AFTER_DUE, ""),
        (Status.AUTHORITY_ANSWERED, Status.CLOSED, AFTER_DUE, ""),
        (Status.DRAFT, Status.CLOSED, BEFORE_DUE, ""),
    ],
)
def test_possible_transitions_pass(current, new, on, outcome):
    transition_check(state(current), new, on=on, outcome=outcome)


def test_escalation_after_a_refusal_or_partial_answer_but_not_after_compliance():
    for outcome in (Outcome.REFUSED, Outcome.PARTLY):
        transition_check(
            state(Status.ANSWERED, outcome=outcome), Status.COMPLAINT_DRAFTED, on=AFTER_DUE
        )
    with pytest.raises(TransitionRefused, match="complied"):
        transition_check(
            state(Status.ANSWERED, outcome=Outcome.COMPLIED), Status.COMPLAINT_DRAFTED, on=DUE
        )
    assert Status.COMPLAINT_DRAFTED not in allowed_next(
        state(Status.ANSWERED, outcome=Outcome.COMPLIED)
    )


@pytest.mark.parametrize(
    ("current", "new"),
    [
        (Status.DRAFT, Status.ANSWERED),
        (Status.DRAFT, Status.COMPLAINT_DRAFTED),
        (Status.SENT, Status.COMPLAINT_LODGED),
        (Status.COMPLAINT_LODGED, Status.SENT),
        (Status.CLOSED, Status.SENT),
        (Status.ANSWERED, Status.OVERDUE),
    ],
)
def test_impossible_transitions_are_refused_in_words(current, new):
    with pytest.raises(TransitionRefused, match="cannot become"):
        transition_check(state(current), new, on=AFTER_DUE, outcome=Outcome.REFUSED)


def test_extension_only_counts_within_the_first_month():
    transition_check(state(Status.SENT), Status.EXTENDED, on=DUE)
    with pytest.raises(TransitionRefused, match="within one month"):
        transition_check(state(Status.SENT), Status.EXTENDED, on=AFTER_DUE)


def test_not_overdue_until_the_due_date_has_passed():
    with pytest.raises(TransitionRefused, match="not overdue"):
        transition_check(state(Status.SENT), Status.OVERDUE, on=DUE)
    transition_check(state(Status.SENT), Status.OVERDUE, on=AFTER_DUE)


def test_an_answer_needs_an_outcome_and_unknown_statuses_are_refused():
    with pytest.raises(TransitionRefused, match="complied, partly or refused"):
        transition_check(state(Status.SENT), Status.ANSWERED, on=BEFORE_DUE)
    with pytest.raises(TransitionRefused, match="Unknown status"):
        transition_check(state(Status.SENT), "teleported", on=BEFORE_DUE)


def test_closed_is_final_and_every_status_has_rules():
    assert allowed_next(state(Status.CLOSED)) == []
    for status in Status.values:
        allowed_next(state(status))  # no KeyError: every status is covered
