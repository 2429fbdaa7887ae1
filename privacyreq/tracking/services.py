"""Writing tracked cases and requests. Every status change goes through ``transition_check`` and
appends a ``StatusEvent``; the request row only ever mirrors the latest state of that history."""

import datetime as dt
import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from privacyreq.deadlines import final_period_end
from privacyreq.letters.answers import Answers
from privacyreq.letters.choices import AccessItem, ReplyProblem
from privacyreq.letters.kinds import FOLLOW_UP_KINDS, REQUEST_KINDS, DocumentKind, kind_spec
from privacyreq.letters.services import DRAFT, Draft, document_pdf, letters_draft
from privacyreq.tracking.dates import (
    authority_due,
    controller_due,
    next_due,
    receipt_date,
)
from privacyreq.tracking.idempotency import AlreadyDone, row_lock
from privacyreq.tracking.models import (
    Case,
    Note,
    Request,
    StatusEvent,
    StoredDocument,
)
from privacyreq.tracking.preferences import preferences_get
from privacyreq.tracking.reply_rules import (
    PROBLEM_STATUSES,
    SentBeforeDated,
    reply_problems_check,
)
from privacyreq.tracking.selectors import follow_up_days, letter_date
from privacyreq.tracking.transitions import (
    Channel,
    RequestState,
    Status,
    TransitionRefused,
    transition_check,
)

# --- Cases and requests ---------------------------------------------------------------------------


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document_store(
    *,
    case: Case,
    kind: str,
    title: str,
    subject: str,
    text: str,
    pdf: bytes,
    dated: dt.date | None = None,
):
    """Keep a generated document with the hash of its PDF, as the user got it, and the date it
    bears."""
    document = StoredDocument(
        case=case,
        kind=kind,
        title=title,
        subject=subject,
        text=text,
        sha256=sha256_hex(pdf),
        dated=dated,
    )
    document.pdf.save(kind_spec(kind).file_name("pdf"), ContentFile(pdf), save=False)
    document.save()
    return document


def event_append(
    *, request: Request, status: str, previous: str, on: dt.date, actor, note="", **details
):
    return StatusEvent.objects.create(
        request=request,
        status=status,
        previous_status=previous,
        happened_on=on,
        actor=actor,
        note=note,
        details={key: value for key, value in details.items() if value not in ("", None)},
    )


# The note of an overdue event the tool records by itself, kept in English in the database (shown
# in the reader's language by the ``event_note`` filter).
AUTO_OVERDUE_NOTE = "Recorded automatically: no answer by the due date"


def request_overdue_record(*, request: Request) -> None:
    """A request still waiting past its due date is recorded as overdue, the day after it, by the
    tool itself (before a follow-up or an escalation needs it so). The caller saves the row."""
    assert request.next_due_on is not None
    event_append(
        request=request,
        status=Status.OVERDUE,
        previous=request.status,
        on=request.next_due_on + dt.timedelta(days=1),
        actor=None,
        note=AUTO_OVERDUE_NOTE,
    )
    request.status = Status.OVERDUE


def _refresh_next_due(request: Request) -> None:
    request.next_due_on = next_due(
        status=request.status, due_on=request.due_on, authority_due_on=request.authority_due_on
    )


class CaseLimitReached(Exception):
    """The user already has as many cases as one account may keep."""


@transaction.atomic
def case_create(
    *,
    owner,
    answers: Answers,
    draft: Draft | None = None,
    language: str | None = None,
    draft_key: str = "",
) -> Case:
    """Store the answers and every document they produce under ``owner``; one request per
    document, in draft (a complaint starts as a drafted complaint). A complaint drafted for after
    the letters' reply date is a later step, dated the day after it (``complaint_from``).

    ``language`` is the interface language the user saved the case in: if the owner has no
    preferences yet, it becomes the language of their reminder emails.

    ``draft_key`` names the letters saved (``idempotency.draft_key``): if the owner already saved
    them, that case is returned and nothing is written, so a double submit makes one case.

    Raises ``CaseLimitReached`` at ``TRACKING_MAX_CASES``: each case stores several PDFs, and a
    script saving in a loop must not fill the disk.
    """
    # Lock the owner's row so two saves at once cannot both pass the count, nor both find these
    # letters unsaved (SQLite: the transaction took the write lock when it began).
    get_user_model().objects.select_for_update().filter(pk=owner.pk).first()
    if draft_key:
        saved = Case.objects.filter(owner=owner, draft_key=draft_key).first()
        if saved is not None:
            return saved
    limit = settings.TRACKING_MAX_CASES
    if Case.objects.filter(owner=owner).count() >= limit:
        raise CaseLimitReached(
            ngettext(
                "You already track %(limit)s case, the most one account can keep. "
                "Delete a case you no longer need, then save these letters again.",
                "You already track %(limit)s cases, the most one account can keep. "
                "Delete a case you no longer need, then save these letters again.",
                limit,
            )
            % {"limit": limit}
        )
    # The reminders for this case are emailed in the language of the owner's preferences.
    preferences_get(user=owner, language=language)
    draft = draft or letters_draft(answers=answers)
    # Without an earlier request the complaint is only to be sent once the letters' month has
    # passed without a complete answer; a complaint lodged now (or about an earlier request) has
    # no such day.
    complaint_from = draft.complaint_from if draft.complaint_mode == DRAFT else None
    case = Case.objects.create(
        owner=owner,
        platform=draft.platform,
        controller_name=draft.controller.name,
        controller_country=draft.controller.country,
        answers=answers.to_json(),
        draft_key=draft_key,
    )
    for generated in draft.documents:
        document = document_store(
            case=case,
            kind=generated.kind,
            title=generated.title,
            subject=generated.subject,
            text=generated.email_body,
            # The PDF the user may just have downloaded, from the document cache: rendering is
            # deterministic, so these are the bytes a new render would give, and their sha256.
            pdf=document_pdf(document=generated).content,
            dated=answers.date,
        )
        status = (
            Status.COMPLAINT_DRAFTED if generated.kind == DocumentKind.COMPLAINT else Status.DRAFT
        )
        is_complaint = generated.kind == DocumentKind.COMPLAINT
        request = Request.objects.create(
            case=case,
            document=document,
            kind=generated.kind,
            status=status,
            authority=draft.authority if is_complaint else None,
            complaint_from=complaint_from if is_complaint else None,
        )
        event_append(request=request, status=status, previous="", on=answers.date, actor=owner)
    return case


def _complaint_step_follow(case: Case) -> None:
    """Keep a drafted complaint's day after its letters' reply date as the user records them: once
    letters are marked sent (or extended), the day after the latest of their due dates, not the
    one the questionnaire assumed. Only for a complaint still drafted for later, and not when it
    waits for an earlier request's reply date: the letters saved with it are other requests."""
    if case.answers.get("prior_request") or case.answers.get("prior_request_sent_on"):
        return
    letters_due = [
        due
        for due in case.requests.filter(kind__in=REQUEST_KINDS, due_on__isnull=False).values_list(
            "due_on", flat=True
        )
        if due is not None
    ]
    if not letters_due:
        return
    case.requests.filter(
        kind=DocumentKind.COMPLAINT, status=Status.COMPLAINT_DRAFTED, complaint_from__isnull=False
    ).update(complaint_from=max(letters_due) + dt.timedelta(days=1))


def request_state(request: Request) -> RequestState:
    return RequestState(
        status=request.status,
        due_on=request.due_on,
        outcome=request.outcome,
        problems=bool(request.reply_problems),
    )


@transaction.atomic
def request_mark_sent(
    *,
    request: Request,
    sent_on: dt.date,
    channel: str,
    actor,
    today: dt.date,
    reference: str = "",
    received_on: dt.date | None = None,
    note: str = "",
) -> Request:
    """Record that the letter went out; the due date follows from when it was received.

    Raises ``AlreadyDone`` if it was marked sent since ``request`` was read (a double submit):
    nothing is written, so the history has one "Sent" event."""
    # Of two submits at once, the second waits here for the first, then finds the letter sent.
    row_lock(request)
    if request.status != Status.DRAFT and request.sent_on is not None:
        raise AlreadyDone(_("This request is already marked as sent."))
    transition_check(request_state(request), Status.SENT, on=sent_on)
    if channel not in Channel.values:
        raise TransitionRefused(_("Choose how you sent it: email, web form or post."))
    if sent_on > today:
        raise TransitionRefused(_("The date you sent it cannot be in the future."))
    if received_on and received_on < sent_on:
        raise TransitionRefused(_("It cannot have arrived before you sent it."))
    dated = letter_date(request)
    if dated and sent_on < dated:
        raise SentBeforeDated(
            # Translators: %(day)s: the date the letter bears. The page then offers a button to
            # re-date the letter.
            _(
                "The letter is dated %(day)s, so it cannot have been sent before that day. If you "
                "sent it earlier, re-date the letter to the day you sent it."
            )
            % {"day": date_format(dated, "DATE_FORMAT")},
            dated=dated,
        )
    received = receipt_date(
        channel=channel,
        sent_on=sent_on,
        received_on=received_on if channel == Channel.POST else None,
        post_days=settings.TRACKING_POST_DAYS,
    )
    previous = request.status
    request.status = Status.SENT
    request.sent_on = sent_on
    request.channel = channel
    request.reference = reference
    request.received_on = received
    request.extended = False
    if request.kind in FOLLOW_UP_KINDS:
        # A follow-up's answer is due at the end of the final period it gave.
        request.due_on = final_period_end(
            received, days=follow_up_days(request), country=request.case.controller_country
        )
    else:
        request.due_on = controller_due(
            received=received, country=request.case.controller_country, extended=False
        )
    _refresh_next_due(request)
    request.save()
    event_append(
        request=request,
        status=Status.SENT,
        previous=previous,
        on=sent_on,
        actor=actor,
        note=note,
        channel=channel,
        reference=reference,
        received_on=received.isoformat(),
        # A posted letter's arrival without a date from the user is an assumption, and is
        # told as one (the request page, the complaint).
        received_assumed=True if channel == Channel.POST and not received_on else None,
        due_on=request.due_on.isoformat(),
    )
    _complaint_step_follow(request.case)
    return request


@transaction.atomic
def request_record(
    *,
    request: Request,
    status: str,
    on: dt.date,
    actor,
    today: dt.date,
    outcome: str = "",
    note: str = "",
    reference: str = "",
    problems: list[str] | tuple[str, ...] = (),
    access_missing: list[str] | tuple[str, ...] = (),
) -> Request:
    """Any other status change the user reports (acknowledged, extended, answered, overdue,
    complaint lodged, authority answered, closed), with what is wrong with a reply
    (``problems``, ``access_missing``). Escalation has its own service. Recording a complaint
    lodged records it for every request the same complaint is about."""
    # The checks below read the row as it is now: a submit that waited for another one sees the
    # status that one recorded, and is refused rather than recording it a second time.
    row_lock(request)
    reply_problems_check(
        status=status, outcome=outcome, problems=list(problems), access_missing=list(access_missing)
    )
    # Kept in the order of the lists, so the letters and the complaint name them in that order.
    problems = [p for p in ReplyProblem.values if p in problems]
    access_missing = [a for a in AccessItem.values if a in access_missing]
    if status == Status.SENT:
        raise TransitionRefused(_("Use “Mark as sent” to record when and how you sent it."))
    if status == Status.COMPLAINT_DRAFTED:
        raise TransitionRefused(_("Use “Escalate to a complaint” to draft the complaint."))
    if on > today:
        raise TransitionRefused(_("The date cannot be in the future."))
    if request.sent_on and on < request.sent_on:
        raise TransitionRefused(_("The date cannot be before you sent the request."))
    transition_check(request_state(request), status, on=on, outcome=outcome)
    if status == Status.EXTENDED and request.kind in FOLLOW_UP_KINDS:
        raise TransitionRefused(
            _(
                "The final period of a follow-up is the one your letter gave; it cannot be "
                "extended under Article 12(3) GDPR."
            )
        )
    previous = request.status
    request.status = status
    details: dict = {}
    if status == Status.ANSWERED:
        request.outcome = outcome
        details["outcome"] = outcome
    if status in PROBLEM_STATUSES:
        request.reply_problems = problems
        request.access_missing = access_missing
        details["problems"] = problems or None
        details["access_missing"] = access_missing or None
    if status == Status.EXTENDED:
        request.extended = True
        received = request.received_on or request.sent_on
        # Only a sent request can be extended (transition_check), and marking it sent set both.
        assert received is not None
        request.due_on = controller_due(
            received=received,
            country=request.case.controller_country,
            extended=True,
        )
        details["due_on"] = request.due_on.isoformat()
    if status == Status.COMPLAINT_LODGED:
        request.lodged_on = on
        country = request.authority.country if request.authority else "IE"
        request.authority_due_on = authority_due(lodged=on, country=country)
        details["authority_due_on"] = request.authority_due_on.isoformat()
        if reference:
            details["reference"] = reference
    _refresh_next_due(request)
    request.save()
    event_append(
        request=request,
        status=status,
        previous=previous,
        on=on,
        actor=actor,
        note=note,
        **details,
    )
    if status == Status.EXTENDED:
        _complaint_step_follow(request.case)
    if status == Status.COMPLAINT_LODGED:
        _lodged_with(request, on=on, actor=actor, details=details)
    return request


def _lodged_with(request: Request, *, on: dt.date, actor, details: dict) -> None:
    """One complaint per case: the other requests it is about, and the complaint's own request
    from the questionnaire, are lodged with it the same day."""
    if request.complaint_id is None and request.kind != DocumentKind.COMPLAINT:
        return
    document_id = request.complaint_id or request.document_id
    others = (
        Request.objects.select_for_update()
        .filter(case_id=request.case_id, status=Status.COMPLAINT_DRAFTED)
        .filter(models.Q(complaint_id=document_id) | models.Q(document_id=document_id))
        .exclude(pk=request.pk)
    )
    for other in others:
        previous = other.status
        other.status = Status.COMPLAINT_LODGED
        other.lodged_on = request.lodged_on
        other.authority_due_on = request.authority_due_on
        other.authority = other.authority or request.authority
        _refresh_next_due(other)
        other.save()
        event_append(
            request=other,
            status=Status.COMPLAINT_LODGED,
            previous=previous,
            on=on,
            actor=actor,
            **details,
        )


def note_add(*, request: Request, text: str) -> Note:
    return Note.objects.create(request=request, text=text)
