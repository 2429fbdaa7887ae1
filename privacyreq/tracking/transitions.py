"""Which status changes a tracked request may make, and why not — pure, no ORM, no clock.

A request (one per document sent) moves through: draft → sent → acknowledged → extended →
answered (complied / partly / refused) or overdue → complaint drafted → complaint lodged →
authority answered / closed. The tracking services ask ``transition_check`` before writing a status
event, so the rules live in one place and the refusal message is the one the user sees.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext, pgettext_lazy


class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("status of a request", "Draft")
    SENT = "sent", pgettext_lazy("status of a request", "Sent")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("status of a request", "Acknowledged")
    EXTENDED = "extended", pgettext_lazy("status of a request", "Deadline extended")
    ANSWERED = "answered", pgettext_lazy("status of a request", "Answered")
    OVERDUE = "overdue", pgettext_lazy("status of a request", "Overdue")
    COMPLAINT_DRAFTED = (
        "complaint_drafted",
        pgettext_lazy("status of a request", "Complaint drafted"),
    )
    COMPLAINT_LODGED = "complaint_lodged", pgettext_lazy("status of a request", "Complaint lodged")
    AUTHORITY_ANSWERED = (
        "authority_answered",
        pgettext_lazy("status of a request", "Authority answered"),
    )
    CLOSED = "closed", pgettext_lazy("status of a request", "Closed")


class Outcome(models.TextChoices):
    # Translators: what the organisation did with the request.
    COMPLIED = "complied", pgettext_lazy("outcome of a request", "Complied")
    PARTLY = "partly", pgettext_lazy("outcome of a request", "Partly complied")
    REFUSED = "refused", pgettext_lazy("outcome of a request", "Refused")


class Channel(models.TextChoices):
    EMAIL = "email", pgettext_lazy("how a request was sent", "Email")
    WEB_FORM = "web_form", pgettext_lazy("how a request was sent", "Web form")
    POST = "post", pgettext_lazy("how a request was sent", "Post")


_ALLOWED: dict[str, set[str]] = {
    Status.DRAFT: {Status.SENT, Status.CLOSED},
    Status.SENT: {Status.ACKNOWLEDGED, Status.EXTENDED, Status.ANSWERED, Status.OVERDUE,
                  Status.CLOSED},
    Status.ACKNOWLEDGED: {Status.EXTENDED, Status.ANSWERED, Status.OVERDUE, Status.CLOSED},
    Status.EXTENDED: {Status.ANSWERED, Status.OVERDUE, Status.CLOSED},
    Status.OVERDUE: {Status.ANSWERED, Status.COMPLAINT_DRAFTED, Status.CLOSED},
    Status.ANSWERED: {Status.COMPLAINT_DRAFTED, Status.CLOSED},
    Status.COMPLAINT_DRAFTED: {Status.COMPLAINT_LODGED, Status.CLOSED},
    Status.COMPLAINT_LODGED: {Status.AUTHORITY_ANSWERED, Status.CLOSED},
    Status.AUTHORITY_ANSWERED: {Status.CLOSED},
    Status.CLOSED: set(),
}  # fmt: skip


@dataclass(frozen=True)
class RequestState:
    """What the rules need to know about a request, read from its row."""

    status: str
    due_on: dt.date | None = None
    outcome: str = ""
    # The user recorded problems with the organisation's reply (an ID copy demanded, say): an
    # acknowledgment or an extension with such problems is a deficient answer, and can be
    # escalated without waiting for the due date.
    problems: bool = False


class TransitionRefused(ValueError):
    """The change is impossible; the message says why, in words for the user."""


def allowed_next(state: RequestState) -> list[str]:
    """The statuses the request may move to now, in the order of ``Status``."""
    allowed = _ALLOWED[state.status]
    if state.status == Status.ANSWERED and state.outcome == Outcome.COMPLIED:
        allowed = allowed - {Status.COMPLAINT_DRAFTED}
    if state.problems and state.status in (Status.ACKNOWLEDGED, Status.EXTENDED):
        allowed = allowed | {Status.COMPLAINT_DRAFTED}
    return [status for status in Status.values if status in allowed]


def transition_check(state: RequestState, new: str, *, on: dt.date, outcome: str = "") -> None:
    """Raise ``TransitionRefused`` unless ``state`` may become ``new`` on the date ``on``."""
    if new not in Status.values:
        raise TransitionRefused(gettext("Unknown status %(status)r.") % {"status": new})
    if new not in allowed_next(state):
        current = Status(state.status).label
        if state.status == Status.ANSWERED and new == Status.COMPLAINT_DRAFTED:
            raise TransitionRefused(
                gettext(
                    "The organisation complied with this request, so there is nothing to escalate."
                )
            )
        raise TransitionRefused(
            # Translators: both placeholders are status names ("Sent", "Complaint lodged").
            gettext("A request that is “%(current)s” cannot become “%(new)s”.")
            % {"current": current, "new": Status(new).label}
        )
    if new == Status.ANSWERED and outcome not in Outcome.values:
        raise TransitionRefused(
            gettext("Say whether the organisation complied, partly or refused.")
        )
    # Art. 12(3): an extension counts only if the controller said so within the first month,
    # i.e. by the one-month due date (which the deadline engine already rolled past holidays).
    if new == Status.EXTENDED and (state.due_on is None or on > state.due_on):
        raise TransitionRefused(
            gettext(
                "An extension only counts if the organisation told you within one month of "
                "receiving your request (Article 12(3) GDPR); after that, the request is overdue."
            )
        )
    if new == Status.OVERDUE and (state.due_on is None or on <= state.due_on):
        raise TransitionRefused(
            gettext("The request is not overdue before its due date has passed.")
        )
