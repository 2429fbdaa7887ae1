"""Escalating a tracked request to a complaint under Article 77 GDPR.

The complaint is written by the same ``letters_draft`` as every other letter, from the case's own
answers, but it tells what happened with this request (from its status history) and lists the
annexes that ``bundle.complaint_bundle_pdf`` later puts behind it. The annex list is frozen in the
escalation's status event, so files attached afterwards never shift the numbers the complaint
cites. The story and the annex titles are written in ``escalation_story``.

The story, the annex titles, the cover pages and the bookmarks are part of the complaint, so they
are written in the complaint's language (``Answers.document_language``), whatever the language of
the page the user escalates from; the reasons an escalation is refused are for the user, in theirs.

A case's answers are read as they were stored (``answers_from_stored``), never checked again
against today's reference data: a platform or region removed since does not make the case
unreadable. Drafting still needs the platform's row, so a complaint about a platform that is gone
is refused (``ReferenceDataMissing``).
"""

import dataclasses
import datetime as dt

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from privacyreq.letters.answers import OTHER, Answers, PriorRequest, answers_from_stored
from privacyreq.letters.kinds import DocumentKind
from privacyreq.letters.routing import ComplaintTo, complaint_options
from privacyreq.letters.selectors import complaint_authorities_read
from privacyreq.letters.services import (
    ReferenceDataMissing,
    document_render_pdf,
    letters_draft,
)
from privacyreq.reference.models import SupervisoryAuthority
from privacyreq.tracking.dates import WAITING_FOR_CONTROLLER
from privacyreq.tracking.escalation_story import complaint_annexes, long_date, request_history
from privacyreq.tracking.models import Request, StatusEvent, StoredDocument
from privacyreq.tracking.services import (
    document_store,
    event_append,
    request_overdue_record,
    request_state,
)
from privacyreq.tracking.transitions import (
    Outcome,
    RequestState,
    Status,
    TransitionRefused,
    transition_check,
)

# --- Whether and how a request can be escalated ------------------------------------------------


def _escalation_plan(request: Request, today: dt.date) -> bool:
    """Raise ``TransitionRefused`` unless the request can be escalated today; return whether it
    must first be recorded as overdue (it is still waiting but its due date has passed)."""
    if request.kind == DocumentKind.COMPLAINT:
        raise TransitionRefused(_("This is already a complaint to an authority."))
    if request.complaint_id:
        raise TransitionRefused(_("This request has already been escalated: its complaint exists."))
    if request.status == Status.DRAFT:
        raise TransitionRefused(
            _(
                "Send this request and mark it as sent first. You can escalate it if the "
                "organisation does not answer in time, or refuses."
            )
        )
    if request.status == Status.ANSWERED and request.outcome not in Outcome.values:
        raise TransitionRefused(_("Record whether the organisation complied, partly or refused."))
    waiting = (
        request.follow_ups.filter(status__in=WAITING_FOR_CONTROLLER, next_due_on__gte=today)
        .order_by("-next_due_on")
        .first()
    )
    if waiting is not None and waiting.next_due_on is not None:
        raise TransitionRefused(
            # Translators: Why a request cannot be escalated yet; %(day)s: the end of the final
            # period the user's own reminder or reply letter gave the organisation.
            _(
                "Your follow-up gave the organisation until %(day)s. You can escalate after that "
                "date, if no complete answer has come."
            )
            % {"day": long_date(waiting.next_due_on)}
        )
    if request.status in WAITING_FOR_CONTROLLER and request.reply_problems:
        # A deficient answer (an ID copy demanded, say) can be escalated at once.
        transition_check(request_state(request), Status.COMPLAINT_DRAFTED, on=today)
        return False
    if request.status in WAITING_FOR_CONTROLLER:
        due = request.next_due_on
        if due is None:
            raise TransitionRefused(_("This request has no due date, so it cannot be overdue."))
        if due >= today:
            raise TransitionRefused(
                # Translators: Why a request cannot be escalated to a complaint yet; %(day)s: the
                # date its answer is due.
                _(
                    "The organisation has until %(day)s to answer. You can escalate after that "
                    "date, or as soon as it refuses."
                )
                % {"day": long_date(due)}
            )
        transition_check(request_state(request), Status.OVERDUE, on=due + dt.timedelta(days=1))
        overdue = RequestState(status=Status.OVERDUE, due_on=request.due_on, outcome="")
        transition_check(overdue, Status.COMPLAINT_DRAFTED, on=today)
        return True
    transition_check(request_state(request), Status.COMPLAINT_DRAFTED, on=today)
    return False


def escalation_check(*, request: Request, today: dt.date) -> None:
    """Raise ``TransitionRefused`` with the reason if ``request`` cannot be escalated today."""
    _escalation_plan(request, today)


def complaint_authorities(*, request: Request) -> dict[str, SupervisoryAuthority]:
    """The authorities the user may complain to, keyed by ``ComplaintTo``: the platform's lead
    authority (Article 56) and the one where they live (Article 77(1)); only the latter for an
    organisation they entered themselves, and only the lead when both are the same."""
    answers = answers_from_stored(request.case.answers)
    authorities = complaint_authorities_read(
        platform=request.case.platform, country=answers.country, region=answers.region
    )
    return complaint_options(authorities)


def _escalatable(request: Request, today: dt.date) -> bool:
    try:
        _escalation_plan(request, today)
    except TransitionRefused:
        return False
    return True


def _gathered(request: Request, today: dt.date) -> tuple[list[Request], list[Request]]:
    """One complaint per case: besides ``request``, the other requests of the case that can be
    escalated today (overdue, refused, partly met or deficiently answered), and those already
    escalated to the case's complaint not yet lodged, which the new complaint replaces."""
    others = list(
        request.case.requests.exclude(pk=request.pk)
        .exclude(kind=DocumentKind.COMPLAINT)
        .order_by("sent_on", "id")
    )
    new = [other for other in others if _escalatable(other, today)]
    drafted = [
        other
        for other in others
        if other.complaint_id is not None and other.status == Status.COMPLAINT_DRAFTED
    ]
    return new, drafted


def escalation_covers(*, request: Request, today: dt.date) -> list[Request]:
    """The other requests of the case the complaint about ``request`` will also be about."""
    new, drafted = _gathered(request, today)
    return sorted([*new, *drafted], key=lambda other: (other.sent_on or dt.date.max, other.pk))


def _lodged_refusal(request: Request, authority: SupervisoryAuthority | None) -> None:
    """Never a second complaint about a case to an authority that already has one."""
    lodged = (
        request.case.requests.filter(
            status__in=[Status.COMPLAINT_LODGED, Status.AUTHORITY_ANSWERED], authority=authority
        )
        .exclude(lodged_on__isnull=True)
        .order_by("lodged_on")
        .first()
    )
    if lodged is not None and authority is not None and lodged.lodged_on is not None:
        raise TransitionRefused(
            # Translators: %(authority)s: the authority's name; %(day)s: a date.
            _(
                "You lodged a complaint about this case with %(authority)s on %(day)s. Send the "
                "authority the new facts and letters, quoting its reference, rather than a second "
                "complaint."
            )
            % {"authority": authority.name, "day": long_date(lodged.lodged_on)}
        )


def _complaint_answers(
    request: Request,
    *,
    complaint_to: str,
    today: dt.date,
) -> Answers:
    answers = answers_from_stored(request.case.answers)
    asked = request.follows if request.follows_id and request.follows else request
    if complaint_to == ComplaintTo.LEAD and answers.platform == OTHER:
        raise TransitionRefused(
            _("For an organisation you entered yourself, complain to the authority where you live.")
        )
    return dataclasses.replace(
        answers,
        documents=(DocumentKind.COMPLAINT,),
        complaint_to=complaint_to,
        # The request escalated is the earlier request (for a follow-up, the request it followed
        # up); its story (the history) says the rest.
        prior_request=PriorRequest(
            sent_on=asked.sent_on, document=asked.kind, channel=asked.channel
        )
        if asked.sent_on
        else None,
        complaint_now=False,
        # The complaint is not a follow-up: those keys belong to the letters.
        reply_problems=(),
        access_missing=(),
        final_period_days=0,
        date=today,
    )


def complaint_to_initial(*, request: Request) -> str:
    """The authority chosen before for this case: with the questionnaire's complaint, or at an
    earlier escalation; "" when none was."""
    chosen = (
        StatusEvent.objects.filter(
            request__case_id=request.case_id, details__has_key="complaint_to"
        )
        .order_by("-id")
        .values_list("details__complaint_to", flat=True)
        .first()
    )
    if chosen:
        return str(chosen)
    return str(request.case.answers.get("complaint_to") or "")


def request_escalate(*, request: Request, complaint_to: str, actor, today: dt.date) -> Request:
    """Draft the case's complaint about an overdue, refused, partly met or deficiently answered
    request and move it to "complaint drafted". One complaint per case: every other request of
    the case that can be escalated today is gathered into it, and a complaint already drafted for
    the case (from the questionnaire, or an earlier escalation not yet lodged) is replaced, never
    joined by a second. A request still waiting past its due date is first recorded as overdue.
    Raises ``TransitionRefused`` saying why when it cannot be escalated."""
    if complaint_to not in ComplaintTo.values:
        raise TransitionRefused(_("Choose the authority the complaint goes to."))
    with transaction.atomic():
        # Lock and re-read the case's rows: a double submit must not draft two complaints.
        list(Request.objects.select_for_update().filter(case_id=request.case_id))
        request.refresh_from_db()
        _escalation_plan(request, today)
        authority = complaint_authorities(request=request).get(complaint_to)
        _lodged_refusal(request, authority)
        answers = _complaint_answers(request, complaint_to=complaint_to, today=today)
        new, drafted = _gathered(request, today)
        targets = [request, *new]
        for target in targets:
            if _escalation_plan(target, today):
                request_overdue_record(request=target)
        told = [*new, *drafted]
        # The story and the annex titles are part of the complaint: in its language.
        with translation.override(answers.document_language(DocumentKind.COMPLAINT)):
            annexes = complaint_annexes(request=request, others=told)
            history = request_history(request=request, others=told)
        try:
            draft = letters_draft(
                answers=answers, history=history, annexes=[annex.title for annex in annexes]
            )
        except ReferenceDataMissing as error:
            raise TransitionRefused(
                # Translators: %(error)s: what is missing (a technical message).
                _("The complaint cannot be written: %(error)s Please tell us about this.")
                % {"error": error}
            ) from None
        generated = draft.document(DocumentKind.COMPLAINT)
        assert generated is not None  # the answers asked for exactly this document
        document = document_store(
            case=request.case,
            kind=generated.kind,
            title=generated.title,
            subject=generated.subject,
            text=generated.email_body,
            pdf=document_render_pdf(document=generated),
            dated=today,
        )
        details = {
            "complaint_document_id": document.pk,
            "authority_code": draft.authority.code if draft.authority else "",
            "complaint_to": complaint_to,
            "annexes": [dataclasses.asdict(annex) for annex in annexes],
        }
        replaced = _complaint_replace(request, document=document, authority=draft.authority)
        for target in [*targets, *drafted, *replaced]:
            previous = target.status
            target.status = Status.COMPLAINT_DRAFTED
            if target.kind != DocumentKind.COMPLAINT:
                target.next_due_on = None
            target.complaint = document
            target.authority = draft.authority
            target.save()
            event_append(
                request=target,
                status=Status.COMPLAINT_DRAFTED,
                previous=previous,
                on=today,
                actor=actor,
                **details,
            )
        _documents_drop(request.case, keep=document)
    request.refresh_from_db()
    return request


def _complaint_replace(
    request: Request, *, document: StoredDocument, authority: SupervisoryAuthority | None
) -> list[Request]:
    """The questionnaire's complaint of the case, not yet lodged, now holds the new complaint:
    its request keeps its place (and the day it may go is today)."""
    replaced = list(
        request.case.requests.filter(kind=DocumentKind.COMPLAINT, status=Status.COMPLAINT_DRAFTED)
    )
    for complaint in replaced:
        complaint.document = document if complaint is replaced[0] else complaint.document
        complaint.complaint_from = None
    return replaced


def _documents_drop(case, *, keep: StoredDocument) -> None:
    """Drafts of complaints no request refers to any more (the one the new complaint replaced)
    are deleted with their files: a case has one complaint draft."""
    orphans = StoredDocument.objects.filter(
        case=case,
        kind=DocumentKind.COMPLAINT,
        request__isnull=True,
        escalated_requests__isnull=True,
    ).exclude(pk=keep.pk)
    for orphan in orphans:
        orphan.pdf.delete(save=False)
        orphan.delete()
