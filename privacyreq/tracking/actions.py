"""What the user should do next with a request — pure, so the dashboard, the request page and the
reminder emails all say the same thing."""

import datetime as dt
from dataclasses import dataclass

from privacyreq.tracking.dates import WAITING_FOR_CONTROLLER
from privacyreq.tracking.transitions import Outcome, Status


@dataclass(frozen=True)
class NextAction:
    # One of: mark_sent, record, escalate, lodge, authority, close, "" (nothing to do).
    kind: str
    label: str
    hint: str


def next_action(
    *, status: str, outcome: str, next_due_on: dt.date | None, today: dt.date
) -> NextAction:
    overdue = next_due_on is not None and next_due_on < today
    if status == Status.DRAFT:
        return NextAction("mark_sent", "Mark as sent", "Send the letter, then record how and when.")
    if status in WAITING_FOR_CONTROLLER:
        if overdue:
            return NextAction(
                "escalate",
                "Escalate to a complaint",
                "The organisation missed its deadline. You can complain to the authority.",
            )
        return NextAction("record", "Record the answer", "Waiting for the organisation's answer.")
    if status == Status.OVERDUE:
        return NextAction(
            "escalate", "Escalate to a complaint", "No answer in time: complain to the authority."
        )
    if status == Status.ANSWERED:
        if outcome == Outcome.COMPLIED:
            return NextAction("close", "Close", "The organisation did what you asked.")
        return NextAction(
            "escalate",
            "Escalate to a complaint",
            "The organisation refused or only partly complied.",
        )
    if status == Status.COMPLAINT_DRAFTED:
        return NextAction(
            "lodge", "Mark complaint lodged", "Send the complaint, then record the date."
        )
    if status == Status.COMPLAINT_LODGED:
        hint = (
            "The authority should have told you how your complaint is progressing "
            "(Article 78(2) GDPR)."
            if overdue
            else "Waiting for the authority."
        )
        return NextAction("authority", "Record the authority's answer", hint)
    if status == Status.AUTHORITY_ANSWERED:
        return NextAction("close", "Close", "Close the case once nothing more is needed.")
    return NextAction("", "", "Closed.")
