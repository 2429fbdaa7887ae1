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
from privacyreq.tracking.models import Request
from privacyreq.tracking.services import document_store, event_append, request_state
from privacyreq.tracking.transitions import (
    Outcome,
    RequestState,
    Status,
    TransitionRefused,
    transition_check,
)

AUTO_OVERDUE_NOTE = "Recorded automatically: no answer by the due date"


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


def _complaint_answers(request: Request, *, complaint_to: str, today: dt.date) -> Answers:
    answers = answers_from_stored(request.case.answers)
    if complaint_to == ComplaintTo.LEAD and answers.platform == OTHER:
        raise TransitionRefused(
            _("For an organisation you entered yourself, complain to the authority where you live.")
        )
    return dataclasses.replace(
        answers,
        documents=(DocumentKind.COMPLAINT,),
        complaint_to=complaint_to,
        # The request escalated is the earlier request; its story (the history) says the rest.
        prior_request=PriorRequest(
            sent_on=request.sent_on, document=request.kind, channel=request.channel
        )
        if request.sent_on
        else None,
        complaint_now=False,
        date=today,
    )


def request_escalate(*, request: Request, complaint_to: str, actor, today: dt.date) -> Request:
    """Draft the complaint about an overdue, refused or partly met request and move the request
    to "complaint drafted". A request still waiting past its due date is first recorded as
    overdue. Raises ``TransitionRefused`` saying why when it cannot be escalated."""
    if complaint_to not in ComplaintTo.values:
        raise TransitionRefused(_("Choose the authority the complaint goes to."))
    with transaction.atomic():
        # Lock and re-read the row: a double submit must not draft two complaints.
        Request.objects.select_for_update().get(pk=request.pk)
        request.refresh_from_db()
        auto_overdue = _escalation_plan(request, today)
        answers = _complaint_answers(request, complaint_to=complaint_to, today=today)
        if auto_overdue:
            # _escalation_plan only asks for it when the request has a past due date.
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
        # The story and the annex titles are part of the complaint: in its language.
        with translation.override(answers.document_language(DocumentKind.COMPLAINT)):
            annexes = complaint_annexes(request=request)
            history = request_history(request=request)
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
        )
        previous = request.status
        request.status = Status.COMPLAINT_DRAFTED
        request.complaint = document
        request.authority = draft.authority
        request.next_due_on = None
        request.save()
        event_append(
            request=request,
            status=Status.COMPLAINT_DRAFTED,
            previous=previous,
            on=today,
            actor=actor,
            complaint_document_id=document.pk,
            authority_code=draft.authority.code if draft.authority else "",
            complaint_to=complaint_to,
            annexes=[dataclasses.asdict(annex) for annex in annexes],
        )
    return request
