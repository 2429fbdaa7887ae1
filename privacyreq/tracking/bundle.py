"""The complaint with its annexes as one PDF: the bundle the user sends to the authority.

Split from ``escalation`` because it is file work (reading stored files, turning an image reply
into a page, printing an email reply, merging with pypdf without the annexes' actions and
scripts, cover pages, bookmarks, the PDF's /Lang) rather than the rules of escalating. It reads
the annex list frozen when the complaint was drafted, so its numbers match the complaint's;
covers, bookmarks and the title are in the complaint's language.
"""

import datetime as dt
import hashlib
import io
import json
import logging
import re
from dataclasses import replace
from functools import cache
from pathlib import Path

import pypdf
import weasyprint
from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    TextStringObject,
)

from privacyreq.letters.answers import answers_from_stored
from privacyreq.letters.kinds import DocumentKind
from privacyreq.letters.services import html_pdf
from privacyreq.tracking.eml import EmailAttachment, EmailUnreadable, email_parse
from privacyreq.tracking.escalation_story import Annex, complaint_annexes
from privacyreq.tracking.models import Attachment, Request, StoredDocument
from privacyreq.tracking.transitions import Status
from privacyreq.tracking.uploads import TooManyPages, UploadRefused, pdf_pages, upload_check

logger = logging.getLogger(__name__)

# An image reply becomes one A4 page at 200 dpi, with 1.5 cm margins: sharp enough to read a
# scanned letter, small enough to email.
_DPI = 200
_A4_PIXELS = (1654, 2339)
_MARGIN = 118


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
        box = (_A4_PIXELS[0] - 2 * _MARGIN, _A4_PIXELS[1] - 2 * _MARGIN)
        # A JPEG is decoded at the smallest scale (1/2, 1/4, 1/8) still at least as large as it
        # is shown on the page, as it will be turned: a quarter or less of the memory and time.
        turned = opened.getexif().get(ExifTags.Base.Orientation) in (5, 6, 7, 8)
        width, height = opened.size[::-1] if turned else opened.size
        ratio = min(box[0] / width, box[1] / height, 1)
        shown = (max(1, int(width * ratio)), max(1, int(height * ratio)))
        opened.draft(None, shown[::-1] if turned else shown)
        image = ImageOps.exif_transpose(opened)
        image.thumbnail(box)
        image = image.convert("RGBA")
    page = Image.new("RGB", _A4_PIXELS, "white")
    page.paste(image, ((_A4_PIXELS[0] - image.width) // 2, _MARGIN), image)
    out = io.BytesIO()
    page.save(out, "PDF", resolution=float(_DPI), quality=90)
    return out.getvalue()


# The renderer's line breaking is quadratic in the length of a run with no place to break (a
# base64 blob, a long link pasted in an email: 200,000 such characters take minutes); a zero-width
# space every so often gives it places, and shows nothing.
_UNBROKEN = re.compile(r"\S{20}(?=\S)")
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"


def _email_attachment_pdf(
    attachment: EmailAttachment, *, pages_left: int
) -> tuple[bytes | None, str, int]:
    """An email's attachment as PDF pages and their number, or why not ("type", "size", "pages"
    or "unreadable"; the annex page says it in words). Only what an upload would be accepted as,
    checked the same way: by content, within the same size and pixel limits; and within the
    pages the annex has left, so all of an email's attachments together cost no more than one
    upload."""
    max_bytes = settings.TRACKING_UPLOAD_MAX_BYTES
    data = attachment.data
    if not data.startswith((b"%PDF-", _PNG, _JPEG)):
        return None, "type", 0
    if len(data) > max_bytes:
        return None, "size", 0
    if pages_left < 1:
        return None, "pages", 0
    try:
        if data.startswith(b"%PDF-"):
            return data, "", pdf_pages(data, limit=pages_left)
        upload_check(data=data, max_bytes=max_bytes)
        return _image_pdf(data), "", 1
    except TooManyPages:
        return None, "pages", 0
    except (UploadRefused, OSError, ValueError):
        return None, "unreadable", 0


def _breakable(text: str) -> str:
    return _UNBROKEN.sub(lambda run: run.group(0) + "\u200b", text)


def _email_annex(data: bytes) -> list[bytes] | None:
    """A page printing the email (its headers, its text, the list of its attachments) and then
    the attachments that can be printed. The HTML is ours: the email's fields go in as escaped
    text (an HTML body was already turned into text), so the renderer gets no URL from it."""
    try:
        parsed = email_parse(data)
    except EmailUnreadable:
        # Checked on upload; only a change in what is accepted since could get here.
        logger.warning("A stored email can no longer be read")
        return None
    listed, parts = [], []
    pages_left = settings.TRACKING_UPLOAD_MAX_PAGES
    for attachment in parsed.attachments:
        content, refused, pages = _email_attachment_pdf(attachment, pages_left=pages_left)
        if content is not None:
            parts.append(content)
            pages_left -= pages
        listed.append(
            {
                "name": attachment.filename,
                "content_type": attachment.content_type,
                "size": attachment.size,
                "included": content is not None,
                "refused": refused,
            }
        )
    shown = replace(
        parsed,
        sender=_breakable(parsed.sender),
        to=_breakable(parsed.to),
        cc=_breakable(parsed.cc),
        date_text=_breakable(parsed.date_text),
        subject=_breakable(parsed.subject),
        text=_breakable(parsed.text),
    )
    html = render_to_string(
        "tracking/pdf/email_annex.html",
        {
            "email": shown,
            "day": parsed.date.date() if parsed.date else None,
            "attachments": listed,
            "more_attachments": parsed.attachments_not_listed,
            "limit_mb": settings.TRACKING_UPLOAD_MAX_BYTES // (1024 * 1024),
            "limit_pages": settings.TRACKING_UPLOAD_MAX_PAGES,
        },
    )
    return [html_pdf(html=html).content, *parts]


# What a viewer runs or opens by itself or on a click (PDF 32000-1, 12.6): an annex sent to an
# authority keeps its pages and its links within itself, nothing that acts. These keys hold only
# actions or scripts wherever they are: the document's and a page's or annotation's automatic
# actions, a script, the document's script name tree, an action's follow-up, XFA form scripts.
_ACTING_KEYS = ("/OpenAction", "/AA", "/JS", "/JavaScript", "/Next", "/XFA")
# Actions that reach outside the document or run something; an action dict found anywhere with
# one of these types is emptied, so none is copied even where no viewer would look for it.
_OUTSIDE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/URI",
        "/SubmitForm",
        "/ImportData",
        "/ResetForm",
        "/GoToR",
        "/GoToE",
        "/Rendition",
        "/RichMediaExecute",
    }
)


def _without_actions(reader: PdfReader) -> PdfReader:
    """``reader`` with every action and script taken out of all it holds: removed from its
    objects in place, before its pages are copied, so none reaches the bundle (pypdf copies a page
    with its annotations and form fields; the file's catalog, with /OpenAction and the script name
    tree, is never copied but is cleaned all the same). A link's /A is kept only when it goes to
    a place in the document. Walked with a list, not recursion: a deep file cannot exhaust the
    stack here."""
    if reader.is_encrypted:
        raise ValueError("The PDF is encrypted.")
    pending: list[object] = [reader.trailer, *reader.pages]
    seen: set[tuple[int, int]] = set()
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, ArrayObject):
            pending.extend(item)
        elif isinstance(item, DictionaryObject):
            for key in _ACTING_KEYS:
                item.pop(key, None)
            # /S also names a structure element's tag, a border's style…: those have a /Type.
            kind = item.get("/S")
            if (
                isinstance(kind, NameObject)
                and kind in _OUTSIDE_ACTIONS
                and item.get("/Type", "/Action") == "/Action"
            ):
                item.clear()
            elif "/A" in item:
                action = item["/A"]
                if not isinstance(action, DictionaryObject) or action.get("/S") != "/GoTo":
                    del item["/A"]
            pending.extend(item.values())
    return reader


def _append_annex(writer: PdfWriter, parts: list[bytes], number: int) -> bool:
    """Append the annex's PDFs, without their actions, or nothing and False when one cannot be
    read or copied. Checked on upload, a file can still fail here: stored before a check existed,
    or hostile in a way only copying meets (a chain of references deeper than the stack, a page
    that is not an indirect object). pypdf says a broken file may raise any exception, so any is
    caught; the pages already copied are taken out again, and the cover says the annex could not
    be included."""
    start = len(writer.pages)
    try:
        for part in parts:
            writer.append(_without_actions(PdfReader(io.BytesIO(part))), import_outline=False)
    except Exception as error:
        logger.warning("Annex %s cannot be read (%s)", number, type(error).__name__)
        while len(writer.pages) > start:
            writer.remove_page(len(writer.pages) - 1, clean=True)
        return False
    return True


def _annex_content(request: Request, annex: Annex) -> list[bytes] | None:
    """The annex as PDFs, in order, or None when its file or row is gone."""
    if annex.kind == "document":
        stored = StoredDocument.objects.filter(pk=annex.pk, case_id=request.case_id).first()
        data = _read(stored.pdf) if stored else None
        return None if data is None else [data]
    # One complaint per case: a reply attached to any request of the case can be its annex.
    attachment = Attachment.objects.filter(pk=annex.pk, request__case_id=request.case_id).first()
    if attachment is None:
        return None
    data = _read(attachment.file)
    if data is None:
        return None
    if attachment.content_type == "message/rfc822":
        return _email_annex(data)
    if _over_limits(attachment, data):
        return None
    if attachment.content_type == "application/pdf":
        return [data]
    return [_image_pdf(data)]


def _over_limits(attachment: Attachment, data: bytes) -> bool:
    """Whether a file stored before the page and pixel limits existed exceeds them: its annex
    keeps its number and a cover saying it could not be included, rather than costing the
    bundle seconds and hundreds of MB. Found without reading its pages or pixels."""
    if attachment.content_type == "application/pdf":
        try:
            pdf_pages(data, limit=settings.TRACKING_UPLOAD_MAX_PAGES)
        except TooManyPages:
            logger.warning("Attachment %s has too many pages to be bundled", attachment.pk)
            return True
        except UploadRefused:
            return False  # unreadable: copying it says so (``_append_annex``)
        return False
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except (OSError, ValueError, Image.DecompressionBombError):
        logger.warning("Attachment %s cannot be read as an image", attachment.pk)
        return True
    if width * height > settings.TRACKING_UPLOAD_MAX_PIXELS:
        logger.warning("Attachment %s has too many pixels to be bundled", attachment.pk)
        return True
    return False


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


@cache
def _layout_fingerprint() -> str:
    """What shapes a bundle besides its inputs, hashed once per process: this module, the
    templates of its pages, the translations and the libraries that render and merge. A deploy
    that changes any of them makes every kept bundle stale, so none is served in an old form."""
    digest = hashlib.sha256()
    names = ["letters/pdf/annex_cover.html", "tracking/pdf/email_annex.html"]
    # Django's template backend keeps where each template was found.
    found = [get_template(name).origin.name for name in names]  # type: ignore[attr-defined]
    sources = [Path(__file__), *map(Path, found)]
    for folder in settings.LOCALE_PATHS:
        sources.extend(sorted(Path(folder).glob("*/LC_MESSAGES/*.mo")))
    for source in sources:
        digest.update(str(source).encode() + b"\0" + source.read_bytes() + b"\0")
    digest.update(f"{pypdf.__version__} {weasyprint.__version__}".encode())
    return digest.hexdigest()


def _annex_inputs(request: Request, annex: Annex) -> dict:
    """What an annex's pages are made of: its row's stored file and that file's hash, or that it
    is gone (a file found missing, then put back, makes a new bundle)."""
    row: tuple[str, ...] | None
    if annex.kind == "document":
        document = StoredDocument.objects.filter(pk=annex.pk, case_id=request.case_id)
        row = document.values_list("pdf", "sha256").first()
    else:
        attachment = Attachment.objects.filter(pk=annex.pk, request__case_id=request.case_id)
        row = attachment.values_list("file", "sha256", "content_type").first()
    name = row[0] if row else ""
    storage = Attachment._meta.get_field("file").storage
    return {
        "annex": [annex.kind, annex.pk, annex.title],
        "row": row,
        "stored": bool(name) and storage.exists(name),
    }


def complaint_bundle_digest(*, request: Request) -> str:
    """A hash of everything ``complaint_bundle_pdf`` reads, found without reading any file: the
    complaint (its stored file's hash, subject, date), the case's answers (the name, the
    language) and controller, the annex list with each annex's file hash, the limits that decide
    what an annex includes, and the layout. A kept bundle with the same digest is the same PDF."""
    complaint = request.complaint
    if complaint is None:
        raise ValueError("This request has no complaint.")
    answers = answers_from_stored(request.case.answers)
    language = answers.document_language(DocumentKind.COMPLAINT)
    with translation.override(language):
        annexes, complaint_date = _stored_annexes(request)
    inputs = {
        "layout": _layout_fingerprint(),
        "limits": [
            settings.TRACKING_UPLOAD_MAX_BYTES,
            settings.TRACKING_UPLOAD_MAX_PAGES,
            settings.TRACKING_UPLOAD_MAX_PIXELS,
        ],
        "language": language,
        "case": [request.case_id, request.case.controller_name, request.case.answers],
        "complaint": [
            complaint.pk,
            complaint.pdf.name,
            complaint.sha256,
            complaint.pdf.storage.exists(complaint.pdf.name),
            complaint.subject,
            complaint_date or complaint.created_at.date(),
        ],
        "annexes": [_annex_inputs(request, annex) for annex in annexes],
    }
    encoded = json.dumps(inputs, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


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
    answers = answers_from_stored(request.case.answers)
    language = answers.document_language(DocumentKind.COMPLAINT)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(complaint_pdf)), import_outline=False)
    writer.add_outline_item(title=complaint.subject, page_number=0)
    with translation.override(language):
        annexes, complaint_date = _stored_annexes(request)
        for number, annex in enumerate(annexes, start=1):
            parts = _annex_content(request, annex)
            start = len(writer.pages)
            included = parts is not None and _append_annex(writer, parts, number)
            cover = render_to_string(
                "letters/pdf/annex_cover.html",
                {
                    "number": number,
                    "title": annex.title,
                    "missing": not included,
                    "language": language,
                    "full_name": answers.full_name,
                    "controller_name": request.case.controller_name,
                    "complaint_date": complaint_date or complaint.created_at.date(),
                },
            )
            # Covers come from the in-memory document cache: a second download renders none.
            # The cover goes in front of the annex's pages once they are known to be there, so
            # it can say whether they are.
            cover_pdf = html_pdf(html=cover).content
            writer.merge(start, PdfReader(io.BytesIO(cover_pdf)), import_outline=False)
            # Translators: A bookmark in the complaint's PDF, as on the annex's cover page.
            # %(number)s: the annex's number; %(title)s: its (translated) title.
            outline = _("Annex %(number)s — %(title)s") % {"number": number, "title": annex.title}
            writer.add_outline_item(title=outline, page_number=start)
        # Translators: The title of the PDF of a complaint with its annexes; %(subject)s: the
        # complaint's subject line ("Complaint under Article 77 GDPR against ...").
        title = _("%(subject)s, with annexes") % {"subject": complaint.subject}
    writer.add_metadata({"/Title": title, "/Author": answers.full_name})
    # Show the title rather than the file name, and open with the bookmarks visible.
    preferences = writer.create_viewer_preferences()
    preferences.display_doctitle = True  # type: ignore[assignment]  # pypdf adds it at run time
    writer.page_mode = "/UseOutlines"
    writer.root_object[NameObject("/Lang")] = TextStringObject(language)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
