"""Escalating a tracked request to a complaint under Article 77 GDPR, and the bundle sent with it.

The complaint is written by the same ``letters_draft`` as every other letter, from the case's own
answers, but it tells what happened with this request (from its status history) and lists the
annexes that ``complaint_bundle_pdf`` later puts behind it. The annex list is frozen in the
escalation's status event, so files attached afterwards never shift the numbers the complaint
cites.

The story, the annex titles, the cover pages and the bookmarks are part of the complaint, so they
are written in the complaint's language (``complaint_language``), whatever the language of the
page the user escalates from; the reasons an escalation is refused are for the user, in theirs.
"""

import dataclasses
import datetime as dt
import io
import logging

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
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
    """A date as the active language writes it in running text ("24 November 2026")."""
    return date_format(day, "DATE_FORMAT")


def complaint_language(answers: dict) -> str:
    """The language a complaint from these stored answers (the case's JSON) is written in: its
    own ``complaint_language`` if it has one, otherwise the language of the other letters (the
    same rule as ``Answers.document_language``)."""
    return answers.get("complaint_language") or answers.get("language") or "en"


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
                % {"day": _long(due)}
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


def _my_request(kind: str) -> str:
    """The request, as the object of "I sent the controller ...". The same phrases (and context)
    as the complaint template's list of requests sent, so each is translated once."""
    if kind == DocumentKind.OBJECTION:
        # Translators: What the user sent the controller, as the direct object of "send" (in "I
        # sent the controller <this> by email."). Add the possessive your language needs.
        return pgettext("requests sent", "my objection under Article 21(1) GDPR")
    if kind == DocumentKind.ERASURE:
        return pgettext("requests sent", "my request for erasure under Article 17 GDPR")
    if kind == DocumentKind.ACCESS:
        return pgettext("requests sent", "my subject access request under Article 15 GDPR")
    if kind == DocumentKind.RESTRICTION:
        return pgettext(
            "requests sent",
            "my request for restriction of processing under Article 18(1)(d) GDPR",
        )
    return pgettext("requests sent", "my request")


def _sent_text(request: Request, event: StatusEvent) -> str:
    """ "I sent the controller my objection ... by email (reference ...)." Each combination of
    channel, reference and (for post) delivery date is its own sentence."""
    details = event.details or {}
    channel = details.get("channel", request.channel)
    values = {"request": _my_request(request.kind), "reference": details.get("reference") or ""}
    received = details.get("received_on")
    if channel == Channel.POST and received and received != event.happened_on.isoformat():
        # Without proof of delivery the tool assumes a few days in the post; "on or about"
        # stays true either way.
        values["received"] = _long(dt.date.fromisoformat(received))
        if values["reference"]:
            # Translators: In a complaint's dated list of events, after "<date>: ". %(request)s:
            # e.g. "my objection under Article 21(1) GDPR"; %(reference)s: a reference number the
            # user noted (e.g. of the registered letter); %(received)s: a date.
            text = _(
                "I sent the controller %(request)s by post (reference %(reference)s); it reached "
                "the controller on or about %(received)s."
            )
        else:
            # Translators: After "<date>: " in a complaint. %(request)s: e.g. "my objection under
            # Article 21(1) GDPR"; %(received)s: a date.
            text = _(
                "I sent the controller %(request)s by post; it reached the controller on or "
                "about %(received)s."
            )
    elif channel == Channel.EMAIL:
        if values["reference"]:
            # Translators: After "<date>: " in a complaint. %(request)s: e.g. "my objection under
            # Article 21(1) GDPR"; %(reference)s: a reference number the user noted.
            text = _("I sent the controller %(request)s by email (reference %(reference)s).")
        else:
            # Translators: After "<date>: " in a complaint. %(request)s: e.g. "my objection under
            # Article 21(1) GDPR".
            text = _("I sent the controller %(request)s by email.")
    elif channel == Channel.WEB_FORM:
        if values["reference"]:
            # Translators: After "<date>: " in a complaint. %(request)s: e.g. "my objection under
            # Article 21(1) GDPR"; %(reference)s: a reference number the user noted.
            text = _(
                "I sent the controller %(request)s through the controller’s web form "  # noqa: RUF001
                "(reference %(reference)s)."
            )
        else:
            # Translators: After "<date>: " in a complaint. %(request)s: e.g. "my objection under
            # Article 21(1) GDPR".
            text = _("I sent the controller %(request)s through the controller’s web form.")  # noqa: RUF001
    elif channel == Channel.POST:
        if values["reference"]:
            # Translators: After "<date>: " in a complaint. %(request)s: e.g. "my objection under
            # Article 21(1) GDPR"; %(reference)s: a reference number the user noted.
            text = _("I sent the controller %(request)s by post (reference %(reference)s).")
        else:
            # Translators: After "<date>: " in a complaint. %(request)s: e.g. "my objection under
            # Article 21(1) GDPR".
            text = _("I sent the controller %(request)s by post.")
    elif values["reference"]:
        # Translators: After "<date>: " in a complaint. %(request)s: e.g. "my objection under
        # Article 21(1) GDPR"; %(reference)s: a reference number the user noted.
        text = _("I sent the controller %(request)s (reference %(reference)s).")
    else:
        # Translators: After "<date>: " in a complaint. %(request)s: e.g. "my objection under
        # Article 21(1) GDPR".
        text = _("I sent the controller %(request)s.")
    return text % values


def _history_item(request: Request, event: StatusEvent) -> HistoryItem | None:
    """One step of the story, in the active language (the complaint's)."""
    details = event.details or {}
    objection = request.kind == DocumentKind.OBJECTION
    if event.status == Status.SENT:
        return HistoryItem(date=event.happened_on, text=_sent_text(request, event))
    if event.status == Status.ACKNOWLEDGED:
        if objection:
            # Translators: In a complaint's dated list of events, after "<date>: ".
            text = _("the controller acknowledged receipt of my objection.")
        else:
            text = _("the controller acknowledged receipt of my request.")
        return HistoryItem(date=event.happened_on, text=text)
    if event.status == Status.EXTENDED:
        due = details.get("due_on")
        if due:
            # Translators: In a complaint's dated list of events, after "<date>: ". %(day)s: the
            # new date by which the controller must reply.
            text = _(
                "the controller informed me that it was extending the period for its reply by "
                "two further months under the second sentence of Article 12(3) GDPR, to %(day)s."
            ) % {"day": _long(dt.date.fromisoformat(due))}
        else:
            text = _(
                "the controller informed me that it was extending the period for its reply by "
                "two further months under the second sentence of Article 12(3) GDPR."
            )
        return HistoryItem(date=event.happened_on, text=text)
    if event.status == Status.OVERDUE:
        # The event is dated the day after the deadline; the letter names the deadline itself.
        ended = request.due_on or event.happened_on - dt.timedelta(days=1)
        if request.extended:
            # Translators: In a complaint's dated list of events, after "<date>: " (the date the
            # period ended).
            text = _(
                "the period for the controller’s reply, as extended under the second "  # noqa: RUF001
                "sentence of Article 12(3) GDPR, ended without a reply."
            )
        else:
            text = _(
                "the one-month period for the controller’s reply under Article 12(3) GDPR "  # noqa: RUF001
                "ended without a reply."
            )
        return HistoryItem(date=ended, text=text, outcome="overdue")
    if event.status == Status.ANSWERED:
        outcome = details.get("outcome", request.outcome)
        if outcome not in (Outcome.REFUSED, Outcome.PARTLY, Outcome.COMPLIED):
            return None
        texts = {
            # Translators: In a complaint's dated list of events, after "<date>: ".
            (Outcome.REFUSED, True): _("the controller refused my objection."),
            (Outcome.REFUSED, False): _("the controller refused my request."),
            (Outcome.PARTLY, True): _(
                "the controller replied, but acted on my objection only in part."
            ),
            (Outcome.PARTLY, False): _(
                "the controller replied, but acted on my request only in part."
            ),
            (Outcome.COMPLIED, True): _(
                "the controller replied that it had complied with my objection."
            ),
            (Outcome.COMPLIED, False): _(
                "the controller replied that it had complied with my request."
            ),
        }
        marked = outcome if outcome in (Outcome.REFUSED, Outcome.PARTLY) else ""
        return HistoryItem(date=event.happened_on, text=texts[outcome, objection], outcome=marked)
    return None


def request_history(*, request: Request) -> list[HistoryItem]:
    """What happened with ``request``, from its status history, in date order, for the complaint,
    in the active language (call it under the complaint's).

    Only the controller's side of the story: drafting, closing and the user's own notes are left
    out.
    """
    items = [_history_item(request, event) for event in request.events.order_by("id")]
    return sorted((item for item in items if item), key=lambda item: item.date)


def _answered_on(request: Request) -> dt.date | None:
    event = request.events.filter(status=Status.ANSWERED).order_by("-id").first()
    return event.happened_on if event else None


def _letter_name(kind: str) -> str:
    """The first words of a letter's annex title."""
    if kind == DocumentKind.OBJECTION:
        # Translators: The start of the title of an annex to a complaint: one of the user's
        # letters (followed by ", sent on <date> by email" or similar).
        return pgettext("annex title", "My objection under Article 21(1) GDPR")
    if kind == DocumentKind.ERASURE:
        return pgettext("annex title", "My request for erasure under Article 17 GDPR")
    if kind == DocumentKind.ACCESS:
        return pgettext("annex title", "My subject access request under Article 15 GDPR")
    if kind == DocumentKind.RESTRICTION:
        return pgettext(
            "annex title", "My request for restriction of processing under Article 18(1)(d) GDPR"
        )
    return pgettext("annex title", "My request")


def _letter_title(sent: Request) -> str:
    """ "My objection under Article 21(1) GDPR, sent on 26 November 2026 by email"."""
    letter = _letter_name(sent.kind)
    if not sent.sent_on:
        return letter
    values = {"letter": letter, "day": _long(sent.sent_on)}
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
            "day": _long(answered_on),
        }
    # Translators: The title of an annex to a complaint. %(file)s: a file name.
    return _("Correspondence from the controller (%(file)s)") % values


def complaint_annexes(*, request: Request) -> list[Annex]:
    """The annexes for a complaint about ``request``, in their order: the request itself, every
    file attached to it, then the other letters of the same case that were sent. Titled in the
    active language (call it under the complaint's)."""
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
            # Translators: %(error)s: what is wrong with the saved answers (a technical message).
            _(
                "The answers saved with this case no longer pass the checks (%(error)s). "
                "Write the complaint from the questionnaire instead."
            )
            % {"error": error}
        ) from None
    if complaint_to == ComplaintTo.LEAD and answers.platform == OTHER:
        raise TransitionRefused(
            _("For an organisation you entered yourself, complain to the authority where you live.")
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
        raise TransitionRefused(_("Choose the authority the complaint goes to."))
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
    """The annexes the complaint lists (frozen when it was drafted, in the complaint's language)
    and the complaint's date."""
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
    bookmark per part. Numbers match the annex list printed in the complaint. Covers, bookmarks
    and the title belong to the complaint, so they are in its language, as is the PDF's /Lang."""
    complaint = request.complaint
    if complaint is None:
        raise ValueError("This request has no complaint.")
    complaint_pdf = _read(complaint.pdf)
    if complaint_pdf is None:
        raise FileNotFoundError(complaint.pdf.name)
    answers = request.case.answers
    language = complaint_language(answers)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(complaint_pdf)), import_outline=False)
    writer.add_outline_item(title=complaint.subject, page_number=0)
    with translation.override(language):
        annexes, complaint_date = _stored_annexes(request)
        for number, annex in enumerate(annexes, start=1):
            content = _annex_content(request, annex)
            cover = render_to_string(
                "letters/pdf/annex_cover.html",
                {
                    "number": number,
                    "title": annex.title,
                    "missing": content is None,
                    "language": language,
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
            # Translators: A bookmark in the complaint's PDF, as on the annex's cover page.
            # %(number)s: the annex's number; %(title)s: its (translated) title.
            outline = _("Annex %(number)s — %(title)s") % {"number": number, "title": annex.title}
            writer.add_outline_item(title=outline, page_number=start)
        # Translators: The title of the PDF of a complaint with its annexes; %(subject)s: the
        # complaint's subject line ("Complaint under Article 77 GDPR against ...").
        title = _("%(subject)s, with annexes") % {"subject": complaint.subject}
    writer.add_metadata({"/Title": title, "/Author": answers.get("full_name", "")})
    # Show the title rather than the file name, and open with the bookmarks visible.
    writer.create_viewer_preferences().display_doctitle = True
    writer.page_mode = "/UseOutlines"
    writer.root_object[NameObject("/Lang")] = TextStringObject(language)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
