"""Follow-ups to a tracked request, and re-dating a letter before it is sent (issue 16).

A follow-up is a letter of its own (a ``reminder`` when no answer came in time, a ``reply`` to an
answer whose problems the user recorded), written by ``letters_draft`` from the case's answers with
the request it follows up as ``prior_request``. It is tracked as a request of its own, linked to
that request (``Request.follows``), whose answer is due at the end of the final period it gives.
"""

import dataclasses
import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from privacyreq.letters.answers import Answers, PriorRequest, answers_from_stored
from privacyreq.letters.choices import PriorReply
from privacyreq.letters.kinds import FOLLOW_UP_KINDS, REQUEST_KINDS, DocumentKind
from privacyreq.letters.services import (
    ReferenceDataMissing,
    document_render_pdf,
    letters_draft,
)
from privacyreq.tracking.dates import WAITING_FOR_CONTROLLER
from privacyreq.tracking.escalation_story import long_date
from privacyreq.tracking.models import Request
from privacyreq.tracking.reply_rules import PROBLEM_STATUSES
from privacyreq.tracking.services import (
    document_store,
    event_append,
    request_overdue_record,
)
from privacyreq.tracking.transitions import Channel, Outcome, Status, TransitionRefused


def _prior_reply(request: Request) -> str:
    """What came back from ``request``, as the answers format says it (``PriorReply``)."""
    if request.status == Status.ANSWERED:
        return PriorReply.REFUSED if request.outcome == Outcome.REFUSED else PriorReply.PARTIAL
    if request.extended:
        return PriorReply.EXTENSION
    if request.events.filter(status=Status.ACKNOWLEDGED).exists():
        return PriorReply.ACKNOWLEDGED
    return PriorReply.NONE


def follow_up_answers(*, request: Request, kind: str, on: dt.date) -> Answers:
    """The answers a follow-up of ``kind`` to ``request`` is written from, dated ``on``: the
    case's, with the request as the earlier request and (for a reply) its recorded problems."""
    assert request.sent_on is not None  # only a sent request is followed up
    answers = answers_from_stored(request.case.answers)
    # A posted letter's arrival counts when the user gave it; otherwise the letter assumes it.
    arrived = (
        request.received_on
        if request.channel == Channel.POST and not _arrival_assumed(request)
        else None
    )
    reply = kind == DocumentKind.REPLY
    return dataclasses.replace(
        answers,
        documents=(kind,),
        prior_request=PriorRequest(
            sent_on=request.sent_on,
            document=request.kind,
            channel=request.channel,
            reference=request.reference,
            reply=_prior_reply(request),
            received_on=arrived,
        ),
        reply_problems=tuple(request.reply_problems) if reply else (),
        access_missing=tuple(request.access_missing) if reply else (),
        final_period_days=0,
        # How the follow-up itself will go is not known yet: its period counts from its date.
        sent_by="",
        complaint_to="",
        complaint_now=False,
        complaint_language="",
        representative="",
        other_proceedings="",
        date=on,
    )


def _arrival_assumed(request: Request) -> bool:
    event = request.events.filter(status=Status.SENT).order_by("-id").first()
    return bool(event and event.details.get("received_assumed"))


def _overdue_now(request: Request, today: dt.date) -> bool:
    """Still waiting for the organisation, and its date has passed."""
    due = request.next_due_on
    return request.status in WAITING_FOR_CONTROLLER and due is not None and due < today


def follow_up_check(*, request: Request, kind: str, today: dt.date) -> None:
    """Raise ``TransitionRefused`` saying why ``request`` cannot get a follow-up of ``kind``."""
    if kind not in FOLLOW_UP_KINDS:
        raise TransitionRefused(_("Choose a reminder or a reply letter."))
    if request.kind not in REQUEST_KINDS:
        raise TransitionRefused(
            _(
                "Follow-ups are written for a request to the organisation. If a follow-up was "
                "not answered either, escalate to a complaint."
            )
        )
    pending = request.follow_ups.filter(status__in=[Status.DRAFT, *WAITING_FOR_CONTROLLER]).first()
    if pending is not None:
        raise TransitionRefused(
            _(
                "A follow-up to this request is already under way: send it, or wait for its "
                "final period to end."
            )
        )
    if kind == DocumentKind.REMINDER:
        if request.status == Status.OVERDUE or _overdue_now(request, today):
            return
        if request.status in WAITING_FOR_CONTROLLER and request.next_due_on:
            raise TransitionRefused(
                # Translators: %(day)s: the date the organisation's answer is due.
                _("The organisation has until %(day)s to answer. A reminder goes after that date.")
                % {"day": long_date(request.next_due_on)}
            )
        raise TransitionRefused(
            _(
                "A reminder is for a request that was sent and not answered by its due date. If "
                "an answer came with problems, record them and write a reply letter."
            )
        )
    if request.status in PROBLEM_STATUSES and request.reply_problems:
        if request.status == Status.ANSWERED and request.outcome == Outcome.COMPLIED:
            raise TransitionRefused(_("The organisation complied with this request."))
        return
    raise TransitionRefused(
        _(
            "Record what is wrong with the organisation's reply first (“Record what happened”), "
            "then write the reply letter."
        )
    )


def follow_up_create(*, request: Request, kind: str, actor, today: dt.date) -> Request:
    """Write the follow-up of ``kind`` to ``request`` and track it as a request of its own, in
    draft. A request still waiting past its due date is first recorded as overdue. Raises
    ``TransitionRefused`` saying why when the follow-up does not fit."""
    with transaction.atomic():
        # Lock and re-read: a double submit must not write two follow-ups.
        Request.objects.select_for_update().get(pk=request.pk)
        request.refresh_from_db()
        follow_up_check(request=request, kind=kind, today=today)
        if _overdue_now(request, today):
            request_overdue_record(request=request)
            request.save(update_fields=["status", "updated_at"])
        answers = follow_up_answers(request=request, kind=kind, on=today)
        follow_up = Request.objects.create(
            case=request.case,
            document=_document_write(request=request, answers=answers, kind=kind),
            kind=kind,
            status=Status.DRAFT,
            follows=request,
        )
        event_append(
            request=follow_up,
            status=Status.DRAFT,
            previous="",
            on=today,
            actor=actor,
            final_days=answers.final_period_days or settings.LETTERS_FINAL_PERIOD_DAYS,
        )
    return follow_up


def _document_write(*, request: Request, answers: Answers, kind: str):
    try:
        draft = letters_draft(answers=answers)
    except ReferenceDataMissing as error:
        raise TransitionRefused(
            # Translators: %(error)s: what is missing (a technical message).
            _("The letter cannot be written: %(error)s Please tell us about this.")
            % {"error": error}
        ) from None
    generated = draft.document(kind)
    assert generated is not None  # the answers asked for exactly this document
    return document_store(
        case=request.case,
        kind=generated.kind,
        title=generated.title,
        subject=generated.subject,
        text=generated.email_body,
        pdf=document_render_pdf(document=generated),
        dated=answers.date,
    )


def letter_redate(*, request: Request, on: dt.date, actor, today: dt.date) -> Request:
    """Write the request's letter again, dated ``on`` (the day the user actually sent it), and keep
    it instead of the old one. Only before it is marked sent; raises ``TransitionRefused``."""
    if request.status != Status.DRAFT:
        raise TransitionRefused(_("Only a letter not yet marked as sent can be re-dated."))
    if request.kind == DocumentKind.COMPLAINT:
        raise TransitionRefused(_("A complaint is dated when you lodge it."))
    if on > today:
        raise TransitionRefused(_("The date cannot be in the future."))
    if on < request.case.created_at.date() - dt.timedelta(days=366):
        raise TransitionRefused(_("Choose a date within a year before the case was saved."))
    followed = request.follows
    if request.kind in FOLLOW_UP_KINDS:
        if followed is None:
            raise TransitionRefused(_("The request this letter follows up no longer exists."))
        if followed.sent_on and on <= followed.sent_on:
            raise TransitionRefused(
                _("A follow-up cannot be dated on or before the request it follows up.")
            )
        if request.kind == DocumentKind.REMINDER and followed.due_on and on <= followed.due_on:
            raise TransitionRefused(
                # Translators: %(day)s: the date the organisation's answer was due.
                _("A reminder can only be dated after %(day)s, when the answer was due.")
                % {"day": long_date(followed.due_on)}
            )
        answers = follow_up_answers(request=followed, kind=request.kind, on=on)
    else:
        answers = dataclasses.replace(answers_from_stored(request.case.answers), date=on)
    with transaction.atomic():
        Request.objects.select_for_update().get(pk=request.pk)
        old = request.document
        request.document = _document_write(request=request, answers=answers, kind=request.kind)
        request.save(update_fields=["document", "updated_at"])
        old.pdf.delete(save=False)
        old.delete()
        event_append(
            request=request,
            status=Status.DRAFT,
            previous=Status.DRAFT,
            on=today,
            actor=actor,
            redated_to=on.isoformat(),
        )
    return request
