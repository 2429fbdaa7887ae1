"""The in-process cache of generated documents: drafts, complaint forms and PDFs.

Drafting every letter takes a template render per letter and version, and a PDF ~100 ms of
WeasyPrint; the result page and every download would otherwise redo both from the session's
answers. What is generated holds the personal data of visitors without an account, so it lives
only in this process's memory (``CACHES["documents"]``, a bounded LocMemCache, see settings.py):
never on disk, never in the database or Redis cache that servers share, gone with the process.

Keys are SHA-256 fingerprints of everything a value is made from, never of who asked: a visitor
can only reach an entry by drafting the same content from their own session, and a change to any
input (answers, reference data, stylesheet, renderer) is a new key rather than a stale hit.
"""

import hashlib
import json
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches
from django.dispatch import receiver
from django.utils.autoreload import file_changed

ALIAS = "documents"

T = TypeVar("T")
_MISSING = object()


def fingerprint(*parts: object) -> str:
    """SHA-256 (hex) of the parts in canonical JSON: sorted keys, dates as ISO strings."""
    data = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


def memoised(key: str, compute: Callable[[], T]) -> T:
    """The value cached under ``key``, or ``compute()``'s, cached for the next caller.

    LocMemCache pickles what it stores, so every caller gets its own copy and no one can change the
    cached value by changing theirs.
    """
    cache = caches[ALIAS]
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value)
    return value


def pdf_key(etag: str) -> str:
    """The key a PDF is cached under: its fingerprint (privacyreq.letters.pdf.pdf_fingerprint)."""
    return f"pdf:{etag}"


def pdf_cached(etag: str) -> bool:
    """Whether this process holds the PDF with this fingerprint, i.e. serving it renders nothing.

    The download view asks first because only a fresh render is rate-limited; an entry could
    still expire in between, which at worst lets one render through uncounted.
    """
    return caches[ALIAS].has_key(pdf_key(etag))


def documents_cache_clear() -> None:
    """Forget every generated document in this process (tests, and runserver after an edit)."""
    caches[ALIAS].clear()


@receiver(file_changed, dispatch_uid="privacyreq.letters.cache")
def _forget_on_file_change(sender, file_path, **kwargs) -> None:
    # Development only: runserver picks up an edited template without restarting, so the letters
    # written from the old one must go too. (An edited .py file restarts the process anyway.)
    documents_cache_clear()
