"""Checking a file a user attaches: by its content, never by its name or the browser's word.

Within limits that bound what the complaint bundle later spends on it: pages of a PDF, pixels of
an image (settings ``TRACKING_UPLOAD_MAX_PAGES`` and ``TRACKING_UPLOAD_MAX_PIXELS``). A PDF's
pages are counted without reading them all: 80,000 blank pages fit in 10 MB, and pypdf's page
list for them takes seconds and hundreds of MB.
"""

import io

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from privacyreq.tracking.eml import EmailUnreadable, email_parse, looks_like_email

ALLOWED = {
    "application/pdf": ".pdf",
    "message/rfc822": ".eml",
    "image/png": ".png",
    "image/jpeg": ".jpg",
}


class UploadRefused(ValueError):
    """The message is for the user."""


class TooManyPages(UploadRefused):
    """A PDF with more pages than the limit (the bundle says so of an email's attachment)."""


def _not_allowed() -> str:
    return _("Attach a PDF, PNG or JPEG file, or an email saved as an .eml file.")


def _too_many_pages(limit: int) -> TooManyPages:
    return TooManyPages(
        # Translators: %(pages)s is the largest number of pages an attached PDF may have.
        ngettext(
            "The PDF has more than %(pages)s page; attach only the pages that matter, or split "
            "it into several files.",
            "The PDF has more than %(pages)s pages; attach only the pages that matter, or split "
            "it into several files.",
            limit,
        )
        % {"pages": limit}
    )


def _unreadable_pdf() -> UploadRefused:
    return UploadRefused(_("The file looks like a PDF but cannot be read."))


def _pdf_page_count(reader: PdfReader, *, limit: int) -> int:
    """The pages of the PDF's page tree, refused with ``TooManyPages`` as soon as there are more
    than ``limit``: first by the count the tree's root declares, then by counting while walking
    (a /Count can lie), so a large file never costs more than ``limit`` pages. Nodes are told
    apart as pypdf's page list does; a tree with far more nodes than pages is unreadable."""
    pages_root = reader.root_object["/Pages"].get_object()
    if not isinstance(pages_root, DictionaryObject):
        raise _unreadable_pdf()
    declared = pages_root.get("/Count")
    declared = declared.get_object() if isinstance(declared, IndirectObject) else declared
    if isinstance(declared, int) and declared > limit:
        raise _too_many_pages(limit)
    pages = visited = 0
    # Four nodes a page is far more than a balanced tree needs (pypdf writes one per page and a
    # root); the same /Pages node is never entered twice, so a cycle ends the walk.
    most_nodes = 4 * limit + 64
    entered: set[tuple[int, int]] = set()
    pending: list[object] = [pages_root]
    while pending:
        node = pending.pop()
        visited += 1
        if visited > most_nodes:
            raise _unreadable_pdf()
        reference = node if isinstance(node, IndirectObject) else None
        node = node.get_object() if isinstance(node, IndirectObject) else node
        if not isinstance(node, DictionaryObject):
            continue
        # As pypdf tells them apart: a node without /Type is a page unless it has /Kids.
        implied = "/Pages" if "/Kids" in node else "/Page"
        kind = node.get("/Type", implied)
        if kind == "/Page":
            pages += 1
            if pages > limit:
                raise _too_many_pages(limit)
        elif kind == "/Pages":
            if reference is not None:
                key = (reference.idnum, reference.generation)
                if key in entered:
                    continue
                entered.add(key)
            kids = node.get("/Kids")
            kids = kids.get_object() if isinstance(kids, IndirectObject) else kids
            if isinstance(kids, ArrayObject):
                pending.extend(kids)
    return pages


def pdf_pages(data: bytes, *, limit: int) -> int:
    """The number of pages of a PDF, or ``UploadRefused`` saying why it cannot be attached:
    protected, unreadable, without pages or with more than ``limit`` (``TooManyPages``)."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UploadRefused(_("The PDF is password-protected; attach an unprotected copy."))
        _pdf_page_count(reader, limit=limit)
        # pypdf's own page list, now known to be short: what the bundle will read.
        count = len(reader.pages)
    # PyPdfError covers pypdf's limits (LimitReachedError: a page tree nested too deep, too
    # many entries); a deep structure it reads by recursion can exhaust the stack instead.
    except (PyPdfError, RecursionError, ValueError, KeyError, TypeError, AttributeError) as error:
        if isinstance(error, UploadRefused):
            raise
        raise _unreadable_pdf() from None
    if count == 0:
        raise UploadRefused(_("The PDF has no pages."))
    if count > limit:  # pypdf found pages the walk did not: still refused
        raise _too_many_pages(limit)
    return count


def _too_many_pixels(limit: int) -> UploadRefused:
    megapixels = limit / 1_000_000
    return UploadRefused(
        # Translators: %(megapixels)s is the largest size of an attached image in megapixels
        # (millions of pixels), e.g. "25".
        _("The image has more than %(megapixels)s megapixels; attach a smaller scan or a PDF.")
        % {"megapixels": f"{megapixels:g}"}
    )


def upload_check(
    *,
    data: bytes,
    max_bytes: int,
    max_pages: int | None = None,
    max_pixels: int | None = None,
) -> str:
    """Return the real content type of ``data`` or raise ``UploadRefused`` saying why not. Pages
    and pixels are limited by the settings unless given."""
    if not data:
        raise UploadRefused(_("The file is empty."))
    if len(data) > max_bytes:
        # Translators: %(size)s is a whole number of megabytes.
        raise UploadRefused(
            _("The file is larger than %(size)s MB.") % {"size": max_bytes // (1024 * 1024)}
        )
    if data.startswith(b"%PDF-"):
        pages = settings.TRACKING_UPLOAD_MAX_PAGES if max_pages is None else max_pages
        pdf_pages(data, limit=pages)
        return "application/pdf"
    if looks_like_email(data):
        # Read in full now, so the bundle never meets an email it cannot show.
        try:
            email_parse(data)
        except EmailUnreadable as error:
            raise UploadRefused(str(error)) from None
        return "message/rfc822"
    if max_pixels is None:
        max_pixels = settings.TRACKING_UPLOAD_MAX_PIXELS
    try:
        # Opening reads the header only: the size is known before any pixel is decoded.
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            width, height = image.size
            if kind in ("PNG", "JPEG") and width * height > max_pixels:
                raise _too_many_pixels(max_pixels)
            image.verify()
    except Image.DecompressionBombError:
        # Pillow's own limit, far above ours: a PNG or JPEG this large is refused for its size.
        raise _too_many_pixels(max_pixels) from None
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise UploadRefused(_not_allowed()) from None
    if kind == "PNG":
        return "image/png"
    if kind == "JPEG":
        return "image/jpeg"
    raise UploadRefused(_not_allowed())
