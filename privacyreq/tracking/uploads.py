"""Checking a file a user attaches: by its content, never by its name or the browser's word."""

import io

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

ALLOWED = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
MAX_IMAGE_PIXELS = 40_000_000


class UploadRefused(ValueError):
    """The message is for the user."""


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
        except (PdfReadError, ValueError, KeyError, TypeError) as error:
            if isinstance(error, UploadRefused):
                raise
            raise UploadRefused(_("The file looks like a PDF but cannot be read.")) from None
        return "application/pdf"
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise UploadRefused(_("Attach a PDF, PNG or JPEG file.")) from None
    if width * height > MAX_IMAGE_PIXELS:
        raise UploadRefused(_("The image is too large; attach a smaller scan or a PDF."))
    if kind == "PNG":
        return "image/png"
    if kind == "JPEG":
        return "image/jpeg"
    raise UploadRefused(_("Attach a PDF, PNG or JPEG file."))
