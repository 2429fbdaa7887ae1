"""``/example/objection.pdf``: the whole example letter (example.py), linked from the home page."""

from django.http import Http404, HttpResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from privacyreq.letters.conditional import not_modified, revalidated
from privacyreq.letters.example import example_document, example_language
from privacyreq.letters.pdf import pdf_fingerprint
from privacyreq.letters.services import html_pdf


@require_GET
def objection_pdf(request):
    """The example objection as the downloads' PDF, in the interface language, dated today.

    The PDF comes from the document cache (rendered at most once per language and day while it
    stays there), and a browser holding it gets a 304; there is nothing personal in it, so no
    rate limit: it renders at most one PDF per language and cache period (DOCUMENT_CACHE_SECONDS).
    The browser revalidates its copy as for any download (conditional.py): the letter is dated
    today, and its language follows the visitor's choice."""
    document = example_document(language=example_language())
    if document is None:
        raise Http404("The example needs the reference data")
    etag = pdf_fingerprint(document.html)
    response = not_modified(request, etag=etag)
    if response is None:
        response = HttpResponse(html_pdf(html=document.html).content, "application/pdf")
        # Opened in the browser: it is something to read, not a letter to keep.
        response["Content-Disposition"] = 'inline; filename="privacyreq-example-objection.pdf"'
        response = revalidated(response, etag=etag)
    # The language comes from the cookie or the browser (LocaleMiddleware adds Accept-Language).
    patch_vary_headers(response, ("Cookie",))
    return response
