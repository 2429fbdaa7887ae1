"""Checking a file a user attaches: by its content, never by its name or the browser's word."""

import io

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from privacyreq.tracking.eml import EmailUnreadable, email_parse, looks_like_email

ALLOWED = {
    "application/pdf": ".pdf",
    "message/rfc822": ".eml",
    "image/png": ".png",
    "image/jpeg": ".jpg",
}
MAX_IMAGE_PIXELS = 40_000_000


class UploadRefused(ValueError):
    """The message is for the user."""


def _not_allowed() -> str:
    return _("Attach a PDF, PNG or JPEG file, or an email saved as an .eml file.")


def upload_check(*, data: bytes, max_bytes: int) -> str:
    """Return the real content type of ``data`` or raise ``UploadRefused`` saying why not."""
    if not data:
        raise UploadRefused(_("The file is empty."))
    if len(data) > max_bytes:
        # Translators: %(size)s is a whole number of megabytes.
        raise UploadRefused(
            _("The file is larger than %(size)s MB.") % {"size": max_bytes // (1024 * 1024)}
        )
    if data.startswith(b"%PDF-"):
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise UploadRefused(_("The PDF is password-protected; attach an unprotected copy."))
            if len(reader.pages) == 0:
                raise UploadRefused(_("The PDF has no pages."))
        # PyPdfError covers pypdf's limits (LimitReachedError: a page tree nested too deep, too
        # many entries); a deep structure it reads by recursion can exhaust the stack instead.
        except (PyPdfError, RecursionError, ValueError, KeyError, TypeError) as error:
            if isinstance(error, UploadRefused):
                raise
            raise UploadRefused(_("The file looks like a PDF but cannot be read.")) from None
        return "application/pdf"
    if looks_like_email(data):
        # Read in full now, so the bundle never meets an email it cannot show.
        try:
            email_parse(data)
        except EmailUnreadable as error:
            raise UploadRefused(str(error)) from None
        return "message/rfc822"
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise UploadRefused(_not_allowed()) from None
    if width * height > MAX_IMAGE_PIXELS:
        raise UploadRefused(_("The image is too large; attach a smaller scan or a PDF."))
    if kind == "PNG":
        return "image/png"
    if kind == "JPEG":
        return "image/jpeg"
    raise UploadRefused(_not_allowed())
