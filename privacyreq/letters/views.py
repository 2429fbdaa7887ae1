"""The questionnaire, the check page and the results. Views only check, validate, call one service
and redirect (post/redirect/get), so a refresh never re-posts."""

import io
import math
import zipfile
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET, require_http_methods

from privacyreq.core.rate_limits import rate_limit_consume
from privacyreq.core.sessions import RESULT_KEY, TRACKED_KEY
from privacyreq.letters.answers import AnswersError
from privacyreq.letters.cache import fingerprint, pdf_cached
from privacyreq.letters.choices import LANGUAGES, SendChannel
from privacyreq.letters.conditional import not_modified, revalidated
from privacyreq.letters.kinds import REQUEST_KINDS, DocumentKind, download_name, kind_spec
from privacyreq.letters.language_forms import (
    LanguagesForm,
    language_name,
)
from privacyreq.letters.letter_facts import complaint_language_default, country_name
from privacyreq.letters.routing import complaint_authority, complaint_to_default
from privacyreq.letters.selectors import complaint_authorities_read
from privacyreq.letters.services import (
    ReferenceDataMissing,
    answers_validate,
    complaint_form_render,
    document_pdf,
    document_pdf_etag,
    document_text_etag,
    letters_draft,
)
from privacyreq.letters.summary import answer_rows
from privacyreq.letters.wizard import (
    SECTIONS,
    STEP_BY_SLUG,
    Questionnaire,
    Step,
    failing_told,
    section_of,
    wants_letter,
)
from privacyreq.reference.models import Channel, SupervisoryAuthority
from privacyreq.reference.selectors import (
    platform_get,
    platform_services,
)


def _step_url(step: Step, *, change: bool = False) -> str:
    url = reverse("letters:step", args=[step.slug])
    return f"{url}?change=1" if change else url


def _form_kwargs(questionnaire: Questionnaire, step: Step) -> dict:
    if step.slug == "services":
        platform = questionnaire.raw_answers().get("platform", "")
        return {"services": platform_services(slug=platform)}
    if step.slug == "earlier-request":
        answers = questionnaire.raw_answers()
        return {
            "letter_chosen": wants_letter(answers),
            "failing": failing_told(answers),
        }
    if step.slug != "authority":
        return {}
    answers = questionnaire.raw_answers()
    authorities = complaint_authorities_read(
        platform=answers.get("platform", ""),
        country=answers.get("country", ""),
        region=answers.get("region", ""),
    )
    return {
        "lead_name": authorities.lead.name if authorities.lead else "",
        "home_name": authorities.home.name if authorities.home else "",
        "default": complaint_to_default(
            country=answers.get("country", ""), has_lead=authorities.lead is not None
        ),
    }


def _resume(questionnaire: Questionnaire):
    step = questionnaire.first_unanswered()
    return redirect(_step_url(step) if step else reverse("letters:check"))


@require_GET
def start(request):
    return _resume(Questionnaire(request.session))


@require_GET
def start_for_platform(request, slug: str):
    """The platform pages' button: the platform is already known, so skip that question."""
    platform = platform_get(slug=slug)
    if platform is None:
        raise Http404("No such platform")
    if not platform.letters_offered:
        # Its page says why and points to "Another organisation"; no button links here.
        return redirect("reference:platform", slug=slug)
    questionnaire = Questionnaire(request.session)
    questionnaire.store("platform", {"platform": slug})
    # The platform question is skipped: the first screen says which one was taken, and where to
    # change it.
    messages.info(
        request,
        # Translators: service is the platform's name, e.g. "X" or "LinkedIn".
        gettext("Your letters will go to %(service)s. You can change this on the check page.")
        % {"service": platform.service_name},
    )
    next_step = questionnaire.next_after("platform")
    return redirect(_step_url(next_step) if next_step else reverse("letters:check"))


@require_http_methods(["GET", "POST"])
def step(request, slug: str):
    step = STEP_BY_SLUG.get(slug)
    if step is None:
        raise Http404("No such question")
    questionnaire = Questionnaire(request.session)
    change = request.GET.get("change") == "1"
    if step not in questionnaire.applicable():
        return _resume(questionnaire)
    blocking = questionnaire.blocking_step(slug)
    if blocking is not None:
        return redirect(_step_url(blocking))

    form_class = step.form_class
    if request.method == "POST":
        form = form_class(request.POST, **_form_kwargs(questionnaire, step))
        if form.is_valid():
            questionnaire.store(slug, form.to_answers())
            return redirect(_next_url(questionnaire, step, change=change))
    else:
        initial = form_class.initial_from(questionnaire.steps.get(slug, {}))
        form = form_class(initial=initial, **_form_kwargs(questionnaire, step))

    previous = questionnaire.previous_before(slug)
    if change:
        back_url = reverse("letters:check")
    elif previous:
        back_url = _step_url(previous)
    else:
        back_url = reverse("reference:home")
    part, part_title = section_of(step.slug)
    return render(
        request,
        "letters/wizard/step.html",
        {
            "step": step,
            "form": form,
            "back_url": back_url,
            "change": change,
            "part": part,
            "parts": len(SECTIONS),
            "part_title": part_title,
        },
    )


def _next_url(questionnaire: Questionnaire, step: Step, *, change: bool) -> str:
    if change:
        missing = questionnaire.first_unanswered()
        # A changed answer can open new questions (ticking "complaint"); ask them, then go back.
        return _step_url(missing, change=True) if missing else reverse("letters:check")
    following = questionnaire.next_after(step.slug)
    return _step_url(following) if following else reverse("letters:check")


def _interface_language() -> str:
    """The visitor's interface language if letters can be written in it, else English."""
    code = (get_language() or "").lower()
    return next((c for c in (code, code.split("-")[0]) if c in LANGUAGES), "en")


def _complaint_authority(answers: dict) -> SupervisoryAuthority | None:
    """The authority the complaint goes to, as the letters will name it."""
    if DocumentKind.COMPLAINT not in (answers.get("documents") or []):
        return None
    authorities = complaint_authorities_read(
        platform=answers.get("platform", ""),
        country=answers.get("country", ""),
        region=answers.get("region", ""),
    )
    return complaint_authority(authorities, answers.get("complaint_to", ""))


def _languages_form(questionnaire: Questionnaire, data=None) -> tuple[LanguagesForm, str]:
    """The check page's language question, and the code of the authority it asks about.

    Initial values: the languages stored earlier (the complaint's only if it was chosen for the
    same authority), else the interface language for the letters and the authority's own
    language, where we write it, for the complaint. A POST without the fields (an older page, a
    script) takes those initial values rather than failing.
    """
    answers = questionnaire.answers()
    stored = questionnaire.languages()
    authority = _complaint_authority(answers)
    authority_code = authority.code if authority else ""
    authority_languages = authority.language_list if authority else []
    language = stored.get("language")
    if language not in LANGUAGES:
        language = _interface_language()
    complaint_language = stored.get("complaint_language")
    if complaint_language not in LANGUAGES or stored.get("complaint_for") != authority_code:
        complaint_language = (
            complaint_language_default(authority, language) if authority else language
        )
    initial = {"language": language, "complaint_language": complaint_language}
    if data is not None:
        data = {name: data.get(name, value) for name, value in initial.items()}
    form = LanguagesForm(
        data,
        initial=initial,
        documents=answers.get("documents") or [],
        authority_name=authority.name if authority else "",
        authority_languages=authority_languages,
    )
    return form, authority_code


@require_http_methods(["GET", "POST"])
def check(request):
    questionnaire = Questionnaire(request.session)
    missing = questionnaire.first_unanswered()
    if missing is not None:
        return redirect(_step_url(missing))
    problems: list[tuple[str, str]] = []
    if request.method == "POST":
        form, authority_code = _languages_form(questionnaire, request.POST)
        if form.is_valid():
            language = form.cleaned_data.get("language") or form.initial["language"]
            values = {"language": language}
            if "complaint_language" in form.fields:
                values["complaint_language"] = form.cleaned_data["complaint_language"]
                values["complaint_for"] = authority_code
            questionnaire.store_languages(values)
            try:
                answers = answers_validate(raw=questionnaire.answers(), today=timezone.localdate())
            except AnswersError as error:
                problems = error.problems
            else:
                request.session[RESULT_KEY] = answers.to_json()
                # New results are not the case saved earlier; "Track" must offer to save them.
                request.session.pop(TRACKED_KEY, None)
                return redirect("letters:result")
    else:
        form = _languages_form(questionnaire)[0]
    return render(
        request,
        "letters/wizard/check.html",
        {"rows": answer_rows(questionnaire), "problems": problems, "form": form},
    )


def _draft_from_session(request):
    """The letters for this session's own answers: always drafted from them (from the document
    cache when unchanged), never looked up by anything the browser sends."""
    raw = request.session.get(RESULT_KEY)
    if not raw:
        return None
    try:
        answers = answers_validate(raw=raw, today=timezone.localdate())
        return letters_draft(answers=answers)
    except (AnswersError, ReferenceDataMissing):
        # The reference data changed under a stored result; asking again is the only safe path.
        request.session.pop(RESULT_KEY, None)
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


@require_GET
def result(request):
    draft = _draft_from_session(request)
    if draft is None:
        return redirect("letters:start")
    answers = draft.answers
    documents = [
        {
            "document": d,
            # Only with an address to write to: a "mailto:" without one opens an email the user
            # would have to address themselves, to an organisation that gives no address.
            "mailto": d.mailto if d.recipient.email else "",
            # The language the document is written in, named in the visitor's language.
            "language": answers.document_language(d.kind),
            "language_name": language_name(answers.document_language(d.kind)),
        }
        for d in draft.documents
    ]
    complaint = draft.document(DocumentKind.COMPLAINT)
    # The complaint's sections to paste into a web form, only where the authority has one.
    online_form = (
        draft.authority is not None and Channel.ONLINE_FORM in draft.authority.channel_list
    )
    return render(
        request,
        "letters/result.html",
        {
            **_sending_plan(draft),
            "draft": draft,
            "documents": documents,
            "complaint_html": complaint_form_render(draft=draft)
            if complaint and online_form
            else "",
            "complaint_language": answers.document_language(DocumentKind.COMPLAINT),
            "holiday_country": country_name(draft.controller.country),
            "own_law_only": draft.controller.uk_law_only,
            "result_url": reverse("letters:result") + "#track",
        },
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
def download(request, kind: str, fmt: str):
    if fmt not in ("pdf", "txt"):
        raise Http404("Unknown format")
    draft = _draft_from_session(request)
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
    the single downloads have. Each PDF not in the document cache is a render, counted against
    LETTERS_RENDER_RATE_LIMIT like a single download."""
    draft = _draft_from_session(request)
    if draft is None or not draft.documents:
        raise Http404("No documents in your results")
    members = [
        (document, document_pdf_etag(document=document), document_text_etag(document=document))
        for document in draft.documents
    ]
    # The zip's bytes follow from its members' (fixed dates below), so their tags make its tag.
    etag = fingerprint("letters-zip", [[d.kind, pdf, text] for d, pdf, text in members])
    unchanged = not_modified(request, etag=etag)
    if unchanged is not None:
        return unchanged
    # Every member carries the letters' date, not the time of the download, so the same letters
    # always give the same bytes.
    stamp = (*draft.answers.date.timetuple()[:3], 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for document, pdf_etag, _text_etag in members:
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
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, content)
    response = HttpResponse(buffer.getvalue(), "application/zip")
    name = _download_name(draft, what="letters", extension="zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return revalidated(response, etag=etag)
