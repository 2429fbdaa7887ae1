"""Conditional GETs for downloads that hold personal data: the questionnaire's letters and the
tracked documents.

Each such response carries a strong ETag and ``Cache-Control: private, no-cache``. ``private``
keeps it out of every shared cache (proxies, CDNs). ``no-cache`` lets the browser keep a copy but
never use it without asking us first; with ``no-store`` it would keep nothing and so could never
send ``If-None-Match``, and every click would transfer (and, uncached, render) the PDF again.
Asking first means the request still goes through the session and owner checks: after logging
out, or in another visitor's session, the answer is a 404 or their own document, never the copy.
The file itself is a download the visitor keeps anyway. ``Vary: Cookie`` comes from the session
middleware, on the 304 too.
"""

from django.http import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag

REVALIDATE = "private, no-cache"


def revalidated(response: HttpResponseBase, *, etag: str) -> HttpResponseBase:
    """Mark a personal response as revalidated by ``etag`` (a hex digest, quoted here)."""
    response["ETag"] = quote_etag(etag)
    response["Cache-Control"] = REVALIDATE
    return response


def not_modified(request, *, etag: str) -> HttpResponseBase | None:
    """The 304 (or 412 for a failed ``If-Match``) Django's rules give for ``etag``, else None.

    Called before anything is rendered or opened, so a browser that has the file costs nothing.
    """
    response = get_conditional_response(request, etag=quote_etag(etag))
    return None if response is None else revalidated(response, etag=etag)
