"""The questionnaire and the check page (the results are in ``result_views``). Views only check,
validate, call one service and redirect (post/redirect/get), so a refresh never re-posts."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET, require_http_methods

from privacyreq.core.sessions import RESULT_KEY, TRACKED_KEY
from privacyreq.letters.answers import AnswersError
from privacyreq.letters.choices import LANGUAGES
from privacyreq.letters.kinds import DocumentKind
from privacyreq.letters.language_forms import LanguagesForm
from privacyreq.letters.letter_facts import complaint_language_default
from privacyreq.letters.multi import MULTI_KEY
from privacyreq.letters.routing import complaint_authority, complaint_to_default
from privacyreq.letters.sections import SECTIONS, section_of
from privacyreq.letters.selectors import complaint_authorities_read
from privacyreq.letters.services import answers_validate_each
from privacyreq.letters.summary import answer_rows
from privacyreq.letters.wizard import (
    STEP_BY_SLUG,
    Questionnaire,
    Step,
    failing_told,
    several_platforms,
    wants_letter,
)
from privacyreq.reference.models import SupervisoryAuthority
from privacyreq.reference.selectors import (
    platform_get,
    platform_names,
    platform_services,
)


def _step_url(step: Step, *, change: bool = False) -> str:
    if step.platform:
        url = reverse("letters:platform_step", args=[step.platform, step.slug])
    else:
        url = reverse("letters:step", args=[step.slug])
    return f"{url}?change=1" if change else url


def _form_kwargs(questionnaire: Questionnaire, step: Step) -> dict:
    # What the step was judged on: for a per-platform copy, its own platform's answers.
    answers = questionnaire.answers_before(step)
    if step.slug == "details":
        return {"several_platforms": several_platforms(answers)}
    if step.slug == "services":
        return {"services": platform_services(slug=answers.get("platform", ""))}
    if step.slug == "earlier-request":
        return {
            "letter_chosen": wants_letter(answers),
            "failing": failing_told(answers),
        }
    if step.slug != "authority":
        return {}
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
def step(request, slug: str, platform: str = ""):
    if slug not in STEP_BY_SLUG or (platform and not STEP_BY_SLUG[slug].per_platform):
        raise Http404("No such question")
    questionnaire = Questionnaire(request.session)
    change = request.GET.get("change") == "1"
    step = questionnaire.step_at(slug, platform)
    if step is None:
        return _resume(questionnaire)
    blocking = questionnaire.blocking_step(step)
    if blocking is not None:
        return redirect(_step_url(blocking))

    form_class = step.form_class
    if request.method == "POST":
        form = form_class(request.POST, **_form_kwargs(questionnaire, step))
        if form.is_valid():
            questionnaire.store(step, form.to_answers())
            return redirect(_next_url(questionnaire, step, change=change))
    else:
        initial = form_class.initial_from(questionnaire.stored(step))
        form = form_class(initial=initial, **_form_kwargs(questionnaire, step))

    previous = questionnaire.previous_before(step)
    if change:
        back_url = reverse("letters:check")
    elif previous:
        back_url = _step_url(previous)
    else:
        back_url = reverse("reference:home")
    part, part_title = section_of(step.slug)
    names = platform_names(slug=step.platform) if step.platform else None
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
            # A per-platform question's page names the platform it is about.
            "platform_name": names["service_name"] if names else "",
        },
    )


def _next_url(questionnaire: Questionnaire, step: Step, *, change: bool) -> str:
    if change:
        missing = questionnaire.first_unanswered()
        # A changed answer can open new questions (ticking "complaint"); ask them, then go back.
        return _step_url(missing, change=True) if missing else reverse("letters:check")
    following = questionnaire.next_after(step)
    return _step_url(following) if following else reverse("letters:check")


def _interface_language() -> str:
    """The visitor's interface language if letters can be written in it, else English."""
    code = (get_language() or "").lower()
    return next((c for c in (code, code.split("-")[0]) if c in LANGUAGES), "en")


def _complaint_authority(answers: dict) -> SupervisoryAuthority | None:
    """The authority the complaint goes to, as the letters will name it. With several platforms,
    the one authority all their complaints go to, or None when they go to different ones: each
    complaint is then written in its own authority's language (``answers_validate``)."""
    if DocumentKind.COMPLAINT not in (answers.get("documents") or []):
        return None
    per_platform = answers.get(MULTI_KEY)
    if per_platform:
        found = {
            authority.code if authority else "": authority
            for authority in (
                _complaint_authority({**answers, **own, "platform": slug, MULTI_KEY: None})
                for slug, own in per_platform.items()
            )
        }
        return next(iter(found.values())) if len(found) == 1 else None
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
    documents = answers.get("documents") or []
    if answers.get(MULTI_KEY) and authority is None:
        # Complaints to different authorities: each is written in its own authority's language,
        # which one question could not choose.
        documents = [kind for kind in documents if kind != DocumentKind.COMPLAINT]
    form = LanguagesForm(
        data,
        initial=initial,
        documents=documents,
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
                validated = answers_validate_each(
                    raw=questionnaire.answers(), today=timezone.localdate()
                )
            except AnswersError as error:
                problems = error.problems
            else:
                # One platform: its answers, as always; several: a list, one per platform.
                stored = [answers.to_json() for answers in validated]
                request.session[RESULT_KEY] = stored[0] if len(stored) == 1 else stored
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
