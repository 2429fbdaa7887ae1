"""HTML → PDF with WeasyPrint, locked down.

Letters contain text the user typed. Django escapes it, so it cannot become markup; as a second
wall, the renderer's URL fetcher refuses everything except files inside the app's own letter assets
folder, so no input can ever make the renderer read a local file or open a network connection.
"""

import hashlib
import logging
import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf
import weasyprint
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

logger = logging.getLogger(__name__)

ASSETS_DIR = (Path(settings.BASE_DIR) / "static" / "letters").resolve()
STYLESHEET = ASSETS_DIR / "letter.css"
PDF_VARIANT = "pdf/ua-1"


class FetchRefused(ValueError):
    pass


class LockedFetcher(URLFetcher):
    """Serves files under ``ASSETS_DIR`` and nothing else: no network, no other file, no data URI
    from outside our own templates."""

    def __init__(self, allowed_dir: Path = ASSETS_DIR):
        super().__init__(allowed_protocols=["file"], allow_redirects=False)
        self.allowed_dir = allowed_dir
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return self._refuse(url)
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.allowed_dir) or not path.is_file():
            return self._refuse(url)
        return super().fetch(path.as_uri(), headers)

    def _refuse(self, url: str):
        self.refused.append(url)
        logger.info("PDF renderer refused to fetch %s", url[:200])
        raise FetchRefused(f"fetching {url[:200]!r} is not allowed")


def _css_string(text: str) -> str:
    # A CSS string literal: backslash escapes for what would end it, and "<" so that no
    # translation could ever close the <style> element it sits in.
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<\n' else c for c in text)
    return f'"{escaped}"'


def page_footer_css(label: str) -> SafeString:
    """The @page rules numbering a letter's pages, from a translated "Page %(page)s of %(pages)s",
    so the number is in the letter's language (a stylesheet cannot call gettext): at the foot of
    the first page, and at the right of the header of every continuation page (DIN 5008), next to
    the writer, the date and the subject (letter.css)."""
    parts = re.split(r"(%\((?:page|pages)\)s)", label)
    content = " ".join(
        f"counter({part[2:-2]})" if part in ("%(page)s", "%(pages)s") else _css_string(part)
        for part in parts
        if part
    )
    return mark_safe(
        f"@page {{ @top-right {{ content: {content}; }} }} "
        f"@page :first {{ @top-right {{ content: none; }} "
        f"@bottom-right {{ content: {content}; }} }}"
    )


@cache
def _fonts() -> FontConfiguration:
    # Building the font configuration is a large share of a render; one per process is enough.
    return FontConfiguration()


@cache
def _stylesheet_source() -> str:
    # Read once per process, like the parsed stylesheet: the fingerprint must describe the
    # stylesheet this process renders with, even if the file changes under it.
    return STYLESHEET.read_text(encoding="utf-8")


@cache
def _stylesheet() -> CSS:
    return CSS(
        string=_stylesheet_source(),
        base_url=ASSETS_DIR.as_uri() + "/",
        font_config=_fonts(),
        url_fetcher=LockedFetcher(),
    )


def html_to_pdf(html: str, *, fetcher: LockedFetcher | None = None) -> bytes:
    """Render a complete HTML document (with <title> and <html lang>) to a tagged PDF/UA-1."""
    document = HTML(
        string=html, base_url=ASSETS_DIR.as_uri() + "/", url_fetcher=fetcher or LockedFetcher()
    )
    return document.write_pdf(
        stylesheets=[_stylesheet()],
        font_config=_fonts(),
        pdf_variant=PDF_VARIANT,
        uncompressed_pdf=False,
    )


@cache
def _renderer_fingerprint() -> bytes:
    inputs = [weasyprint.__version__, pydyf.__version__, PDF_VARIANT, _stylesheet_source()]
    return hashlib.sha256("\0".join(inputs).encode()).digest()


def pdf_fingerprint(html: str) -> str:
    """SHA-256 (hex) of everything ``html_to_pdf(html)``'s bytes depend on: the HTML, the letter
    stylesheet, the PDF variant and the versions of WeasyPrint and of its PDF writer.

    Rendering is deterministic (no date, no random identifier in the file), so equal fingerprints
    mean equal bytes: it names a cached PDF and serves as its strong ETag. The letter assets are
    only the stylesheet (it fetches nothing, see letter.css); the fonts are the system's.
    """
    digest = hashlib.sha256(_renderer_fingerprint())
    digest.update(html.encode())
    return digest.hexdigest()
