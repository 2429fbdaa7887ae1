"""Escalating a tracked request to a complaint under Article 77 GDPR, and the bundle sent with it.

The complaint is written by the same ``letters_draft`` as every other letter, from the case's own
answers, but it tells what happened with this request (from its status history) and lists the
annexes that ``complaint_bundle_pdf`` later puts behind it. The annex list is frozen in the
escalation's status event, so files attached afterwards never shift the numbers the complaint
cites.
"""

import dataclasses
import datetime as dt
import io
import logging

from django.db import transaction
from django.template.loader import render_to_string
from django.utils.dateformat import format as date_format
from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from privacyreq.letters.answers import OTHER, AnswersError, ComplaintTo
from privacyreq.letters.answers import Document as DocumentKind
from privacyreq.letters.services import (
    HistoryItem,
    ReferenceDataMissing,
    answers_validate,
    document_render_pdf,
    html_pdf,
    letters_draft,
)
from privacyreq.reference.models import SupervisoryAuthority
from privacyreq.reference.selectors import authority_for_residence
from privacyreq.tracking.dates import WAITING_FOR_CONTROLLER
from privacyreq.tracking.models import Attachment, Request, StatusEvent, StoredDocument
from privacyreq.tracking.services import document_store, event_append, request_state
from privacyreq.tracking.transitions import (
    Channel,
    Outcome,
    RequestState,
    Status,
    TransitionRefused,
    transition_check,
)

logger = logging.getLogger(__name__)

AUTO_OVERDUE_NOTE = "Recorded automatically: no answer by the due date"

# How the complaint names each request the user made.
_REQUEST_NAMES = {
    DocumentKind.OBJECTION: "objection under Article 21(1) GDPR",
    DocumentKind.ERASURE: "request for erasure under Article 17 GDPR",
    DocumentKind.ACCESS: "subject access request under Article 15 GDPR",
    DocumentKind.RESTRICTION: "request for restriction of processing under Article 18(1)(d) GDPR",
}
_CHANNELS = {
    Channel.EMAIL: "by email",
    Channel.WEB_FORM: "through the controller\u2019s web form",
    Channel.POST: "by post",
}

# An image reply becomes one A4 page at 200 dpi, with 1.5 cm margins: sharp enough to read a
# scanned letter, small enough to email.
_DPI = 200
_A4_PIXELS = (1654, 2339)
_MARGIN = 118


@dataclasses.dataclass(frozen=True)
class Annex:
    kind: str  # "document" (a letter the user sent) or "attachment" (a file they received)
    pk: int
    title: str


def _long(day: dt.date) -> str:
    return date_format(day, "j F Y")


# --- Whether and how a request can be escalated ------------------------------------------------


def _escalation_plan(request: Request, today: dt.date) -> bool:
    """Raise ``TransitionRefused`` unless the request can be escalated today; return whether it
    must first be recorded as overdue (it is still waiting but its due date has passed)."""
    if request.kind == DocumentKind.COMPLAINT:
        raise TransitionRefused("This is already a complaint to an authority.")
    if request.complaint_id:
        raise TransitionRefused("This request has already been escalated: its complaint exists.")
    if request.status == Status.DRAFT:
        raise TransitionRefused(
            "Send this request and mark it as sent first. You can escalate it if the "
            "organisation does not answer in time, or refuses."
        )
    if request.status == Status.ANSWERED and request.outcome not in Outcome.values:
        raise TransitionRefused("Record whether the organisation complied, partly or refused.")
    if request.status in WAITING_FOR_CONTROLLER:
        due = request.next_due_on
        if due is None:
            raise TransitionRefused("This request has no due date, so it cannot be overdue.")
        if due >= today:
            raise TransitionRefused(
                f"The organisation has until {_long(due)} to answer. You can escalate after "
                "that date, or as soon as it refuses."
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
    answers = request.case.answers
    found: dict[str, SupervisoryAuthority] = {}
    platform = request.case.platform
    if platform is not None:
        found[ComplaintTo.LEAD] = platform.lead_authority
    home = authority_for_residence(
        country=answers.get("country", ""), region=answers.get("region", "")
    )
    if home is not None and home != found.get(ComplaintTo.LEAD):
        found[ComplaintTo.HOME] = home
    return found


# --- What the complaint says --------------------------------------------------------------------


def _history_item(request: Request, event: StatusEvent) -> HistoryItem | None:
    details = event.details or {}
    noun = "objection" if request.kind == DocumentKind.OBJECTION else "request"
    if event.status == Status.SENT:
        text = f"I sent the controller my {_REQUEST_NAMES.get(request.kind, 'request')}"
        channel = details.get("channel", request.channel)
        if channel in _CHANNELS:
            text += f" {_CHANNELS[channel]}"
        if details.get("reference"):
            text += f" (reference {details['reference']})"
        received = details.get("received_on")
        if channel == Channel.POST and received and received != event.happened_on.isoformat():
            # Without proof of delivery the tool assumes a few days in the post; "on or about"
            # stays true either way.
            text += (
                f"; it reached the controller on or about {_long(dt.date.fromisoformat(received))}"
            )
        return HistoryItem(date=event.happened_on, text=text + ".")
    if event.status == Status.ACKNOWLEDGED:
        return HistoryItem(
            date=event.happened_on, text=f"the controller acknowledged receipt of my {noun}."
        )
    if event.status == Status.EXTENDED:
        due = details.get("due_on")
        until = f", to {_long(dt.date.fromisoformat(due))}" if due else ""
        return HistoryItem(
            date=event.happened_on,
            text="the controller informed me that it was extending the period for its reply by "
            f"two further months under the second sentence of Article 12(3) GDPR{until}.",
        )
    if event.status == Status.OVERDUE:
        # The event is dated the day after the deadline; the letter names the deadline itself.
        ended = request.due_on or event.happened_on - dt.timedelta(days=1)
        period = (
            "the period for the controller\u2019s reply, as extended under the second sentence of "
            "Article 12(3) GDPR,"
            if request.extended
            else "the one-month period for the controller\u2019s reply under Article 12(3) GDPR"
        )
        return HistoryItem(date=ended, text=f"{period} ended without a reply.", outcome="overdue")
    if event.status == Status.ANSWERED:
        outcome = details.get("outcome", request.outcome)
        texts = {
            Outcome.REFUSED: f"the controller refused my {noun}.",
            Outcome.PARTLY: f"the controller replied, but acted on my {noun} only in part.",
            Outcome.COMPLIED: f"the controller replied that it had complied with my {noun}.",
        }
        if outcome not in texts:
            return None
        marked = outcome if outcome in (Outcome.REFUSED, Outcome.PARTLY) else ""
        return HistoryItem(date=event.happened_on, text=texts[outcome], outcome=marked)
    return None


def request_history(*, request: Request) -> list[HistoryItem]:
    """What happened with ``request``, from its status history, in date order, for the complaint.

    Only the controller's side of the story: drafting, closing and the user's own notes are left
    out.
    """
    items = [_history_item(request, event) for event in request.events.order_by("id")]
    return sorted((item for item in items if item), key=lambda item: item.date)


def _answered_on(request: Request) -> dt.date | None:
    event = request.events.filter(status=Status.ANSWERED).order_by("-id").first()
    return event.happened_on if event else None


def _letter_title(sent: Request) -> str:
    title = f"My {_REQUEST_NAMES.get(sent.kind, 'request')}"
    if sent.sent_on:
        title += f", sent on {_long(sent.sent_on)}"
    if sent.channel in _CHANNELS:
        title += f" {_CHANNELS[sent.channel]}"
    return title


def _attachment_title(attachment: Attachment, answered_on: dt.date | None) -> str:
    if attachment.note:
        return f"Correspondence from the controller: {attachment.note} ({attachment.original_name})"
    if answered_on:
        return f"The controller\u2019s reply of {_long(answered_on)} ({attachment.original_name})"
    return f"Correspondence from the controller ({attachment.original_name})"


def complaint_annexes(*, request: Request) -> list[Annex]:
    """The annexes for a complaint about ``request``, in their order: the request itself, every
    file attached to it, then the other letters of the same case that were sent."""
    annexes = [Annex("document", request.document_id, _letter_title(request))]
    answered_on = _answered_on(request)
    annexes += [
        Annex("attachment", attachment.pk, _attachment_title(attachment, answered_on))
        for attachment in request.attachments.order_by("uploaded_at", "id")
    ]
    others = (
        Request.objects.filter(case_id=request.case_id, sent_on__isnull=False)
        .exclude(pk=request.pk)
        .exclude(kind=DocumentKind.COMPLAINT)
        .order_by("sent_on", "id")
    )
    annexes += [Annex("document", other.document_id, _letter_title(other)) for other in others]
    return annexes


def _complaint_answers(request: Request, *, complaint_to: str, today: dt.date):
    try:
        answers = answers_validate(raw=request.case.answers, today=today)
    except AnswersError as error:
        raise TransitionRefused(
            f"The answers saved with this case no longer pass the checks ({error}). "
            "Write the complaint from the questionnaire instead."
        ) from None
    if complaint_to == ComplaintTo.LEAD and answers.platform == OTHER:
        raise TransitionRefused(
            "For an organisation you entered yourself, complain to the authority where you live."
        )
    return dataclasses.replace(
        answers,
        documents=(DocumentKind.COMPLAINT,),
        complaint_to=complaint_to,
        prior_request_sent_on=request.sent_on,
        date=today,
    )


def request_escalate(*, request: Request, complaint_to: str, actor, today: dt.date) -> Request:
    """Draft the complaint about an overdue, refused or partly met request and move the request
    to "complaint drafted". A request still waiting past its due date is first recorded as
    overdue. Raises ``TransitionRefused`` saying why when it cannot be escalated."""
    if complaint_to not in ComplaintTo.values:
        raise TransitionRefused("Choose the authority the complaint goes to.")
    with transaction.atomic():
        # Lock and re-read the row: a double submit must not draft two complaints.
        Request.objects.select_for_update().get(pk=request.pk)
        request.refresh_from_db()
        auto_overdue = _escalation_plan(request, today)
        answers = _complaint_answers(request, complaint_to=complaint_to, today=today)
        if auto_overdue:
            event_append(
                request=request,
                status=Status.OVERDUE,
                previous=request.status,
                on=request.next_due_on + dt.timedelta(days=1),
                actor=None,
                note=AUTO_OVERDUE_NOTE,
            )
            request.status = Status.OVERDUE
        annexes = complaint_annexes(request=request)
        try:
            draft = letters_draft(
                answers=answers,
                history=request_history(request=request),
                annexes=[annex.title for annex in annexes],
            )
        except ReferenceDataMissing as error:
            raise TransitionRefused(
                f"The complaint cannot be written: {error} Please tell us about this."
            ) from None
        generated = draft.document(DocumentKind.COMPLAINT)
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


# --- The bundle ---------------------------------------------------------------------------------


def _read(field) -> bytes | None:
    try:
        with field.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:
        logger.warning("Stored file %s is missing", field.name)
        return None


def _image_pdf(data: bytes) -> bytes:
    """One A4 page with the image fitted inside the margins, never enlarged. Pillow reads the
    bytes itself, so the PDF renderer never sees an uploaded file."""
    with Image.open(io.BytesIO(data)) as opened:
        image = ImageOps.exif_transpose(opened)
        image.thumbnail((_A4_PIXELS[0] - 2 * _MARGIN, _A4_PIXELS[1] - 2 * _MARGIN))
        image = image.convert("RGBA")
    page = Image.new("RGB", _A4_PIXELS, "white")
    page.paste(image, ((_A4_PIXELS[0] - image.width) // 2, _MARGIN), image)
    out = io.BytesIO()
    page.save(out, "PDF", resolution=float(_DPI), quality=90)
    return out.getvalue()


def _annex_content(request: Request, annex: Annex) -> bytes | None:
    if annex.kind == "document":
        stored = StoredDocument.objects.filter(pk=annex.pk, case_id=request.case_id).first()
        return _read(stored.pdf) if stored else None
    attachment = request.attachments.filter(pk=annex.pk).first()
    if attachment is None:
        return None
    data = _read(attachment.file)
    if data is None or attachment.content_type == "application/pdf":
        return data
    return _image_pdf(data)


def _stored_annexes(request: Request) -> tuple[list[Annex], dt.date | None]:
    """The annexes the complaint lists (frozen when it was drafted) and the complaint's date."""
    event = (
        request.events.filter(status=Status.COMPLAINT_DRAFTED, details__has_key="annexes")
        .order_by("-id")
        .first()
    )
    if event is None:
        return complaint_annexes(request=request), None
    annexes = [Annex(item["kind"], item["pk"], item["title"]) for item in event.details["annexes"]]
    return annexes, event.happened_on


def complaint_bundle_pdf(*, request: Request) -> bytes:
    """The stored complaint followed by its numbered annexes, each behind a cover page, with one
    bookmark per part. Numbers match the annex list printed in the complaint."""
    complaint = request.complaint
    if complaint is None:
        raise ValueError("This request has no complaint.")
    complaint_pdf = _read(complaint.pdf)
    if complaint_pdf is None:
        raise FileNotFoundError(complaint.pdf.name)
    annexes, complaint_date = _stored_annexes(request)
    answers = request.case.answers
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(complaint_pdf)), import_outline=False)
    writer.add_outline_item(title=complaint.subject, page_number=0)
    for number, annex in enumerate(annexes, start=1):
        content = _annex_content(request, annex)
        cover = render_to_string(
            "letters/pdf/annex_cover.html",
            {
                "number": number,
                "title": annex.title,
                "missing": content is None,
                "language": answers.get("language", "en"),
                "full_name": answers.get("full_name", ""),
                "controller_name": request.case.controller_name,
                "complaint_date": complaint_date or complaint.created_at.date(),
            },
        )
        start = len(writer.pages)
        # Covers come from the in-memory document cache: a second download renders none.
        cover_pdf = html_pdf(html=cover).content
        writer.append(PdfReader(io.BytesIO(cover_pdf)), import_outline=False)
        if content is not None:
            writer.append(PdfReader(io.BytesIO(content)), import_outline=False)
        writer.add_outline_item(title=f"Annex {number} — {annex.title}", page_number=start)
    writer.add_metadata(
        {
            "/Title": f"{complaint.subject}, with annexes",
            "/Author": answers.get("full_name", ""),
        }
    )
    # Show the title rather than the file name, and open with the bookmarks visible.
    writer.create_viewer_preferences().display_doctitle = True
    writer.page_mode = "/UseOutlines"
    writer.root_object[NameObject("/Lang")] = TextStringObject(answers.get("language", "en"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
