"""What a complaint about a tracked request says of it: the story and the annex titles.

Split from ``escalation`` because this is text the complaint prints, not the rules for escalating:
``escalation.request_escalate`` writes the story and the annex list into the complaint, and
``bundle.complaint_bundle_pdf`` puts the annexes behind it in the order of the same list, under
the same titles. Everything here is written in the active language; callers switch to the
complaint's (``Answers.document_language``) first.
"""

import dataclasses
import datetime as dt
from collections.abc import Sequence

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from privacyreq.letters.choices import ReplyProblem
from privacyreq.letters.kinds import FOLLOW_UP_KINDS, DocumentKind, annex_title_start
from privacyreq.letters.letter_facts import DEFICIENT, FOLLOW_UP_OVERDUE
from privacyreq.letters.request_story import (
    acknowledged_text,
    extended_text,
    final_period_ended_text,
    outcome_text,
    period_ended_text,
    reply_problem_text,
    request_sent_text,
)
from privacyreq.letters.services import HistoryItem
from privacyreq.tracking.models import Attachment, Request, StatusEvent
from privacyreq.tracking.transitions import Channel, Outcome, Status


@dataclasses.dataclass(frozen=True)
class Annex:
    kind: str  # "document" (a letter the user sent) or "attachment" (a file they received)
    pk: int
    title: str


def long_date(day: dt.date) -> str:
    """A date as the active language writes it in running text ("24 November 2026")."""
    return date_format(day, "DATE_FORMAT")


# --- What the complaint says ----------------------------------------------------------------------


def _sent_text(request: Request, event: StatusEvent) -> str:
    """ "I sent the controller my objection ... by email (reference ...)." (``request_story``)."""
    details = event.details or {}
    received = details.get("received_on")
    return request_sent_text(
        kind=request.kind,
        channel=details.get("channel", request.channel),
        reference=details.get("reference") or "",
        # Only a posted letter's arrival on another day than its sending is told.
        received=dt.date.fromisoformat(received)
        if received and received != event.happened_on.isoformat()
        else None,
        assumed=bool(details.get("received_assumed")),
    )


def _history_item(request: Request, event: StatusEvent) -> HistoryItem | None:
    """One step of the story, in the active language (the complaint's); the sentences are
    ``request_story``'s, which the questionnaire's complaints tell too."""
    details = event.details or {}
    if event.status == Status.SENT:
        return HistoryItem(date=event.happened_on, text=_sent_text(request, event))
    if event.status == Status.ACKNOWLEDGED:
        return HistoryItem(date=event.happened_on, text=acknowledged_text(kind=request.kind))
    if event.status == Status.EXTENDED:
        due = details.get("due_on")
        text = extended_text(due=dt.date.fromisoformat(due) if due else None)
        return HistoryItem(date=event.happened_on, text=text)
    if event.status == Status.OVERDUE:
        # The event is dated the day after the deadline; the letter names the deadline itself.
        ended = request.due_on or event.happened_on - dt.timedelta(days=1)
        if request.kind in FOLLOW_UP_KINDS:
            # The final period the user set, not the one the GDPR sets: told, never argued as
            # the end of the controller's period under Article 12(3).
            text = final_period_ended_text(kind=request.kind)
            return HistoryItem(date=ended, text=text, outcome=FOLLOW_UP_OVERDUE)
        text = period_ended_text(extended=request.extended)
        return HistoryItem(date=ended, text=text, outcome="overdue")
    if event.status == Status.ANSWERED:
        outcome = details.get("outcome", request.outcome)
        if outcome not in (Outcome.REFUSED, Outcome.PARTLY, Outcome.COMPLIED):
            return None
        marked = outcome if outcome in (Outcome.REFUSED, Outcome.PARTLY) else ""
        text = outcome_text(outcome=outcome, kind=request.kind)
        return HistoryItem(date=event.happened_on, text=text, outcome=marked)
    return None


def _problem_items(event: StatusEvent) -> list[HistoryItem]:
    """What the user recorded as wrong with the reply of ``event``, one step per problem."""
    details = event.details or {}
    return [
        HistoryItem(
            date=event.happened_on,
            text=reply_problem_text(
                problem=problem, access_missing=details.get("access_missing") or ()
            ),
            outcome=DEFICIENT,
        )
        for problem in details.get("problems") or ()
        if problem in ReplyProblem.values
    ]


def request_history(*, request: Request, others: Sequence[Request] = ()) -> list[HistoryItem]:
    """What happened with ``request`` (and the ``others`` the same complaint is about: the rest
    of the case), from their status histories, in date order, for the complaint, in the active
    language (call it under the complaint's).

    Only the controller's side of the story: drafting, closing and the user's own notes are left
    out. On one day, the steps keep the order in which they were recorded.
    """
    items: list[tuple[dt.date, int, HistoryItem]] = []
    for told in (request, *others):
        for event in told.events.order_by("id"):
            item = _history_item(told, event)
            steps = ([item] if item else []) + _problem_items(event)
            items += [(step.date, event.pk, step) for step in steps]
    return [item for _date, _pk, item in sorted(items, key=lambda entry: entry[:2])]


# --- The annexes it lists -------------------------------------------------------------------------


def _answered_on(request: Request) -> dt.date | None:
    event = request.events.filter(status=Status.ANSWERED).order_by("-id").first()
    return event.happened_on if event else None


def _letter_title(sent: Request) -> str:
    """ "My objection under Article 21(1) GDPR, sent on 26 November 2026 by email"."""
    letter = annex_title_start(sent.kind)
    if not sent.sent_on:
        return letter
    values = {"letter": letter, "day": long_date(sent.sent_on)}
    if sent.channel == Channel.EMAIL:
        # Translators: The title of an annex to a complaint. %(letter)s: e.g. "My objection under
        # Article 21(1) GDPR" or "My request for erasure under Article 17 GDPR" (any gender: prefer
        # a wording that needs no agreement with it); %(day)s: the date it was sent.
        return _("%(letter)s, sent on %(day)s by email") % values
    if sent.channel == Channel.WEB_FORM:
        return _("%(letter)s, sent on %(day)s through the controller’s web form") % values  # noqa: RUF001
    if sent.channel == Channel.POST:
        return _("%(letter)s, sent on %(day)s by post") % values
    return _("%(letter)s, sent on %(day)s") % values


def _attachment_title(attachment: Attachment, answered_on: dt.date | None) -> str:
    values = {"file": attachment.original_name, "note": attachment.note}
    if attachment.note:
        # Translators: The title of an annex to a complaint: a file the user received.
        # %(note)s: the user's own description of it (in their words); %(file)s: its file name.
        return _("Correspondence from the controller: %(note)s (%(file)s)") % values
    if answered_on:
        # Translators: The title of an annex to a complaint. %(day)s: the date of the reply;
        # %(file)s: a file name.
        return _("The controller’s reply of %(day)s (%(file)s)") % {  # noqa: RUF001
            **values,
            "day": long_date(answered_on),
        }
    # Translators: The title of an annex to a complaint. %(file)s: a file name.
    return _("Correspondence from the controller (%(file)s)") % values


def complaint_annexes(*, request: Request, others: Sequence[Request] = ()) -> list[Annex]:
    """The annexes for a complaint about ``request`` (and the ``others`` it is about), in their
    order: each of those letters in the order they were sent, each followed by every file attached
    to it, then the other letters of the same case that were sent. Titled in the active language
    (call it under the complaint's)."""
    about = sorted((request, *others), key=lambda r: (r.sent_on or dt.date.max, r.pk))
    annexes = []
    for told in about:
        annexes.append(Annex("document", told.document_id, _letter_title(told)))
        answered_on = _answered_on(told)
        annexes += [
            Annex("attachment", attachment.pk, _attachment_title(attachment, answered_on))
            for attachment in told.attachments.order_by("uploaded_at", "id")
        ]
    rest = (
        Request.objects.filter(case_id=request.case_id, sent_on__isnull=False)
        .exclude(pk__in=[told.pk for told in about])
        .exclude(kind=DocumentKind.COMPLAINT)
        .order_by("sent_on", "id")
    )
    annexes += [Annex("document", other.document_id, _letter_title(other)) for other in rest]
    return annexes
