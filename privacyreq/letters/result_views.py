"""The results: the page with each organisation's documents and plan, and the downloads. Each
view drafts the letters from this session's own answers (from the document cache when unchanged)
and never looks anything up by what the browser sends."""

import io
import math
import zipfile
from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from privacyreq.core.rate_limits import rate_limit_consume
from privacyreq.core.sessions import RESULT_KEY, result_answers
from privacyreq.letters.answers import AnswersError
from privacyreq.letters.cache import fingerprint, pdf_cached
from privacyreq.letters.choices import SendChannel
from privacyreq.letters.conditional import not_modified, revalidated
from privacyreq.letters.kinds import REQUEST_KINDS, DocumentKind, download_name, kind_spec
from privacyreq.letters.language_forms import language_name
from privacyreq.letters.letter_facts import country_name
from privacyreq.letters.services import (
    ReferenceDataMissing,
    answers_validate,
    complaint_form_render,
    document_pdf,
    document_pdf_etag,
    document_text_etag,
    letters_draft,
)
from privacyreq.reference.models import Channel
from privacyreq.reference.selectors import platform_services


def _drafts_from_session(request) -> list:
    """The letters for this session's own answers, one draft per platform: always drafted from
    them (from the document cache when unchanged), never looked up by anything the browser
    sends."""
    try:
        return [
            letters_draft(answers=answers_validate(raw=raw, today=timezone.localdate()))
            for raw in result_answers(request.session)
        ]
    except (AnswersError, ReferenceDataMissing):
        # The reference data changed under a stored result; asking again is the only safe path.
        request.session.pop(RESULT_KEY, None)
        return []


def _draft_from_session(request, platform: str = ""):
    """The one draft a download names: the only one, or with several platforms the one for
    ``platform`` (None when there is no such draft)."""
    drafts = _drafts_from_session(request)
    if len(drafts) == 1 and not platform:
        return drafts[0]
    if len(drafts) > 1 and platform:
        return next((d for d in drafts if d.answers.platform == platform), None)
    return None


def _sending_plan(draft) -> dict:
    """Where the result page tells the user to send the letters: the way they chose (``sent_by``)
    when the organisation offers it, else every way it offers (old answers said none)."""
    controller = draft.controller
    offered = {
        SendChannel.WEB_FORM: bool(controller.web_form_url),
        SendChannel.EMAIL: bool(controller.email),
        SendChannel.POST: True,
    }
    chosen = draft.answers.sent_by
    only = chosen if offered.get(chosen) else ""
    return {
        "letters": [d for d in draft.answers.documents if d in REQUEST_KINDS],
        "show_web_form": offered[SendChannel.WEB_FORM] and only in ("", SendChannel.WEB_FORM),
        "show_email": offered[SendChannel.EMAIL] and only in ("", SendChannel.EMAIL),
        "show_post": only in ("", SendChannel.POST),
        # By post the due date counts from an assumed arrival, which the page states.
        "post": chosen == SendChannel.POST,
        # The way chosen is one this organisation does not offer (no privacy email address).
        "chosen_unavailable": bool(chosen) and not only,
        "post_days": settings.LETTERS_POST_DAYS,
    }


def _platform_heading(draft) -> str:
    """ "Meta (Instagram)": the platform, and the services the user named, as the user knows
    them (proper names: not translated)."""
    if draft.platform is None:
        return draft.controller.name
    names = dict(platform_services(slug=draft.platform.slug))
    chosen = [
        names[s]
        for s in draft.answers.services
        if names.get(s, "") not in ("", draft.platform.service_name)
    ]
    name = draft.platform.service_name
    return f"{name} ({', '.join(chosen)})" if chosen else name


def _plan(draft, *, prefix: str = "") -> dict:
    """What the result page shows for one organisation: its documents, where and how to send
    them, and its complaint. ``prefix`` (several platforms): the platform's slug, for the
    download links and to keep the page's ids apart."""
    answers = draft.answers

    def url(kind: str, fmt: str) -> str:
        if prefix:
            return reverse("letters:platform_download", args=[prefix, kind, fmt])
        return reverse("letters:download", args=[kind, fmt])

    documents = [
        {
            "document": d,
            # Only with an address to write to: a "mailto:" without one opens an email the user
            # would have to address themselves, to an organisation that gives no address.
            "mailto": d.mailto if d.recipient.email else "",
            # The language the document is written in, named in the visitor's language.
            "language": answers.document_language(d.kind),
            "language_name": language_name(answers.document_language(d.kind)),
            "pdf_url": url(d.kind, "pdf"),
            "txt_url": url(d.kind, "txt"),
        }
        for d in draft.documents
    ]
    complaint = draft.document(DocumentKind.COMPLAINT)
    # The complaint's sections to paste into a web form, only where the authority has one.
    online_form = (
        draft.authority is not None and Channel.ONLINE_FORM in draft.authority.channel_list
    )
    return {
        **_sending_plan(draft),
        "draft": draft,
        "name": _platform_heading(draft),
        "prefix": f"{prefix}-" if prefix else "",
        "documents": documents,
        "complaint_html": complaint_form_render(draft=draft) if complaint and online_form else "",
        "complaint_language": answers.document_language(DocumentKind.COMPLAINT),
        "holiday_country": country_name(draft.controller.country),
        "own_law_only": draft.controller.uk_law_only,
    }


@require_GET
def result(request):
    drafts = _drafts_from_session(request)
    if not drafts:
        return redirect("letters:start")
    result_url = reverse("letters:result") + "#track"
    if len(drafts) == 1:
        return render(
            request, "letters/result.html", {**_plan(drafts[0]), "result_url": result_url}
        )
    plans = [_plan(draft, prefix=draft.answers.platform) for draft in drafts]
    return render(
        request,
        "letters/result_several.html",
        {"plans": plans, "date": drafts[0].answers.date, "result_url": result_url},
    )


def _render_refused(request, *, wait: int):
    """429 for a fresh PDF over LETTERS_RENDER_RATE_LIMIT: the answers stay in the session, so the
    page sends the visitor back to their letters and says when a new PDF can be made."""
    response = render(
        request,
        "letters/rate_limited.html",
        {
            "minutes": math.ceil(wait / 60),
            "retry_at": timezone.localtime() + timedelta(seconds=wait),
        },
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


def _render_refusal(request, *, etag: str):
    """The 429 page when making the PDF with this ``etag`` would render one over
    LETTERS_RENDER_RATE_LIMIT, else None (and the render is counted). A PDF in the document cache
    costs nothing, so only a fresh render counts."""
    if pdf_cached(etag):
        return None
    wait = rate_limit_consume(
        request=request, action="letters-render", rates=settings.LETTERS_RENDER_RATE_LIMIT
    )
    return None if wait is None else _render_refused(request, wait=wait)


def _download_name(draft, *, what: str, extension: str) -> str:
    """privacyreq-<platform>-<document>-<letter date>.<extension>: saved side by side, the files
    still say which letter is which (an organisation we do not list is named by its name)."""
    organisation = draft.platform.slug if draft.platform else draft.controller.name
    return download_name(extension, organisation=organisation, what=what, day=draft.answers.date)


@require_GET
def download(request, kind: str, fmt: str, platform: str = ""):
    if fmt not in ("pdf", "txt"):
        raise Http404("Unknown format")
    draft = _draft_from_session(request, platform)
    document = draft.document(kind) if draft else None
    if document is None:
        raise Http404("No such document in your results")
    # The tag comes from this session's own letter, so a browser holding it gets a 304 only for
    # the very bytes this session would be served (see conditional.py for the caching rules).
    if fmt == "pdf":
        etag = document_pdf_etag(document=document)
    else:
        etag = document_text_etag(document=document)
    unchanged = not_modified(request, etag=etag)
    if unchanged is not None:
        return unchanged
    if fmt == "pdf":
        refused = _render_refusal(request, etag=etag)
        if refused is not None:
            return refused
        response = HttpResponse(document_pdf(document=document).content, "application/pdf")
    else:
        response = HttpResponse(document.text, "text/plain; charset=utf-8")
    name = _download_name(draft, what=kind_spec(kind).short_name, extension=fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return revalidated(response, etag=etag)


@require_GET
def download_all(request):
    """Every document of this session's own results, PDF and text, in one zip under the names
    the single downloads have (with several platforms, in one folder per platform). Each PDF not
    in the document cache is a render, counted against LETTERS_RENDER_RATE_LIMIT like a single
    download."""
    drafts = [d for d in _drafts_from_session(request) if d.documents]
    if not drafts:
        raise Http404("No documents in your results")
    folder = "{}/" if len(drafts) > 1 else ""
    members = [
        (
            draft,
            folder.format(draft.answers.platform),
            document,
            document_pdf_etag(document=document),
            document_text_etag(document=document),
        )
        for draft in drafts
        for document in draft.documents
    ]
    # The zip's bytes follow from its members' (fixed dates below), so their tags make its tag.
    etag = fingerprint(
        "letters-zip", [[path, d.kind, pdf, text] for _draft, path, d, pdf, text in members]
    )
    unchanged = not_modified(request, etag=etag)
    if unchanged is not None:
        return unchanged
    # Every member carries the letters' date, not the time of the download, so the same letters
    # always give the same bytes.
    stamp = (*drafts[0].answers.date.timetuple()[:3], 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for draft, path, document, pdf_etag, _text_etag in members:
            refused = _render_refusal(request, etag=pdf_etag)
            if refused is not None:
                return refused
            files = (
                ("pdf", document_pdf(document=document).content),
                ("txt", document.text.encode()),
            )
            for extension, content in files:
                name = _download_name(
                    draft, what=kind_spec(document.kind).short_name, extension=extension
                )
                info = zipfile.ZipInfo(path + name, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, content)
    response = HttpResponse(buffer.getvalue(), "application/zip")
    if len(drafts) > 1:
        # privacyreq-platforms-letters-<date>.zip: file names stay in English, as every download's.
        day = drafts[0].answers.date
        name = download_name("zip", organisation="platforms", what="letters", day=day)
    else:
        name = _download_name(drafts[0], what="letters", extension="zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return revalidated(response, etag=etag)
