"""What the user should do next with a request — pure, so the dashboard, the request page and the
reminder emails all say the same thing."""

import datetime as dt
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from privacyreq.letters.kinds import REQUEST_KINDS
from privacyreq.tracking.dates import WAITING_FOR_CONTROLLER
from privacyreq.tracking.transitions import Outcome, Status


@dataclass(frozen=True)
class NextAction:
    # One of: mark_sent, record, reminder, reply, escalate, lodge, authority, close, ""
    # (nothing to do).
    kind: str
    label: str
    hint: str


def next_action(
    *,
    status: str,
    outcome: str,
    next_due_on: dt.date | None,
    today: dt.date,
    complaint_from: dt.date | None = None,
    follow_up: str = "",
    follow_up_pending: bool = False,
) -> NextAction:
    """The next step, its label and hint in the active language. ``complaint_from``: the first day
    a complaint drafted with the letters may go (before it, the step is to wait). ``follow_up``:
    the follow-up letter that fits the request ("reminder", "reply" or ""), proposed before a
    complaint; ``follow_up_pending``: one was written and its final period has not ended."""
    overdue = next_due_on is not None and next_due_on < today
    escalate = pgettext("next step, a button", "Escalate to a complaint")
    close = pgettext("next step, a button: close the request", "Close")
    if follow_up_pending and status in (*WAITING_FOR_CONTROLLER, Status.OVERDUE, Status.ANSWERED):
        return NextAction(
            "",
            "",
            _(
                "Your follow-up letter is under way: send it, and wait for the final period it "
                "gives to end."
            ),
        )
    if follow_up == "reply":
        return NextAction(
            "reply",
            pgettext("next step, a button", "Write a reply letter"),
            _(
                "The organisation's reply has problems: answer each one with the law, or "
                "complain to the authority now."
            ),
        )
    if follow_up == "reminder":
        return NextAction(
            "reminder",
            pgettext("next step, a button", "Write a reminder"),
            _(
                "The organisation missed its deadline: send a reminder with a final period, or "
                "complain to the authority now."
            ),
        )
    if status == Status.DRAFT:
        return NextAction(
            "mark_sent",
            pgettext("next step, a button", "Mark as sent"),
            _("Send the letter, then record how and when."),
        )
    if status in WAITING_FOR_CONTROLLER:
        if overdue:
            return NextAction(
                "escalate",
                escalate,
                _("The organisation missed its deadline. You can complain to the authority."),
            )
        return NextAction(
            "record",
            pgettext("next step, a button", "Record the answer"),
            _("Waiting for the organisation's answer."),
        )
    if status == Status.OVERDUE:
        return NextAction("escalate", escalate, _("No answer in time: complain to the authority."))
    if status == Status.ANSWERED:
        if outcome == Outcome.COMPLIED:
            return NextAction("close", close, _("The organisation did what you asked."))
        return NextAction(
            "escalate", escalate, _("The organisation refused or only partly complied.")
        )
    if status == Status.COMPLAINT_DRAFTED and complaint_from and today < complaint_from:
        return NextAction(
            "lodge",
            pgettext("next step, a button", "Mark complaint lodged"),
            # Translators: the next step of a complaint saved with the letters; %(day)s: a date,
            # the day after the organisation's deadline to answer them.
            _(
                "Send the complaint only from %(day)s, and only if no complete answer to your "
                "letters has come by then."
            )
            % {"day": date_format(complaint_from, "DATE_FORMAT")},
        )
    if status == Status.COMPLAINT_DRAFTED:
        return NextAction(
            "lodge",
            pgettext("next step, a button", "Mark complaint lodged"),
            _("Send the complaint, then record the date."),
        )
    if status == Status.COMPLAINT_LODGED:
        hint = (
            _(
                "The authority should have told you how your complaint is progressing "
                "(Article 78(2) GDPR)."
            )
            if overdue
            else _("Waiting for the authority.")
        )
        return NextAction(
            "authority", pgettext("next step, a button", "Record the authority's answer"), hint
        )
    if status == Status.AUTHORITY_ANSWERED:
        return NextAction("close", close, _("Close the case once nothing more is needed."))
    # Translators: the next step of a closed request: there is none.
    return NextAction("", "", _("Closed."))


def follow_up_fitting(
    *, kind: str, status: str, outcome: str, problems: bool, overdue: bool
) -> str:
    """The follow-up letter a request calls for: "reply" to an answer with recorded problems,
    "reminder" when no answer came in time, "" otherwise (and for follow-ups and complaints,
    which get none: a follow-up left unanswered goes to the authority)."""
    if kind not in REQUEST_KINDS:
        return ""
    if problems and status in (Status.ANSWERED, Status.ACKNOWLEDGED, Status.EXTENDED):
        return "" if outcome == Outcome.COMPLIED else "reply"
    if status == Status.OVERDUE or (status in WAITING_FOR_CONTROLLER and overdue):
        return "reminder"
    return ""
