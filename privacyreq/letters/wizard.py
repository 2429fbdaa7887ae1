"""A small step engine for the questionnaire.

django-formtools was the obvious choice, but its named-URL wizard keeps a "current step" in storage
and goes wrong when people use the browser's back button or refresh, and it has no notion of
"change one answer, then return to the check page". This engine has no current step at all: each
step has its own URL, answers live in the session per step, and where to go next is derived from
the answers alone. A step that no longer applies (say, the complaint questions after the complaint
was unticked) is ignored when the answers are assembled, so a stale answer can never leak into a
letter.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.utils.translation import gettext_lazy as _

from privacyreq.letters import forms, request_forms
from privacyreq.letters.answers import KEYS, OTHER
from privacyreq.letters.choices import StrOrPromise
from privacyreq.letters.kinds import REQUEST_KINDS, DocumentKind
from privacyreq.letters.multi import MULTI_KEY, PER_PLATFORM_KEYS
from privacyreq.letters.routing import complaint_to_implied
from privacyreq.letters.selectors import only_complaint_route
from privacyreq.reference.selectors import platform_services

SESSION_KEY = "questionnaire"
# Stored beside a step's answers: what its options depended on when it was answered (``given_for``).
GIVEN_FOR = "given_for"
# The check page's own answers, kept beside the steps': the letters' languages (``language``,
# ``complaint_language``) and the authority the complaint's language was chosen for.
CHECK_SLOT = "check"


@dataclass(frozen=True)
class Step:
    slug: str
    form_class: type[forms.StepForm]
    # What the step asks, in a few words (lazy: read in the visitor's language).
    summary: StrOrPromise
    applies: Callable[[dict[str, Any]], bool] = lambda answers: True
    # What the question's options depend on, from the answers before it (the platform, for its
    # services). An answer given for something else (the user changed platform since) counts as
    # not given, so the question is asked again rather than passing another platform's choices.
    given_for: Callable[[dict[str, Any]], str] | None = None
    # Asked once for each platform when several are chosen: what it asks can differ from one
    # platform to the next (``multi.PER_PLATFORM_KEYS``), so no answer about one platform ever
    # reaches another's letters.
    per_platform: bool = False
    # On such a step's copy for one platform: that platform's slug.
    platform: str = ""

    @property
    def key(self) -> str:
        """Where its answers are kept, and the tail of its URL."""
        return f"{self.platform}/{self.slug}" if self.platform else self.slug


def chosen_platforms(answers: dict[str, Any]) -> list[str]:
    """The platforms chosen: one slug (the answers format's usual case) or several."""
    chosen = answers.get("platform")
    if isinstance(chosen, list):
        return [slug for slug in chosen if isinstance(slug, str)]
    return [chosen] if isinstance(chosen, str) and chosen else []


def several_platforms(answers: dict[str, Any]) -> bool:
    return len(chosen_platforms(answers)) > 1


def _wants_complaint(answers: dict[str, Any]) -> bool:
    return DocumentKind.COMPLAINT in (answers.get("documents") or [])


def _only_route(answers: dict[str, Any]) -> str:
    """The complaint's route when there is nothing to choose ("lead" when lead and home are one
    authority, "home" when there is no lead for this user), else "": then it is asked."""
    return only_complaint_route(
        platform=answers.get("platform", ""),
        country=answers.get("country", ""),
        region=answers.get("region", ""),
    )


def _chooses_authority(answers: dict[str, Any]) -> bool:
    return (
        _wants_complaint(answers) and answers.get("platform") != OTHER and not _only_route(answers)
    )


def _needs_postal_address(answers: dict[str, Any]) -> bool:
    """A complaint needs the sender's postal address; asked again only if the details left it
    empty (an address given there is never asked twice)."""
    return _wants_complaint(answers) and not (answers.get("postal_address") or "").strip()


def wants_letter(answers: dict[str, Any]) -> bool:
    """A letter to the organisation is among the documents (not only a complaint)."""
    return any(kind in REQUEST_KINDS for kind in answers.get("documents") or [])


def _told_prior_request(answers: dict[str, Any]) -> bool:
    return _wants_complaint(answers) and answers.get("prior_request") == "yes"


def _may_complain_now(answers: dict[str, Any]) -> bool:
    """Without an earlier request the complaint is a draft for after the letters' reply date; a
    user who confirmed a failing that needs no request (not told, or stopping it made hard) may
    complain about that alone now. Only with letters: without any, nothing has a reply date."""
    return (
        _wants_complaint(answers)
        and wants_letter(answers)
        and answers.get("prior_request") == "no"
        and failing_told(answers)
    )


def failing_told(answers: dict[str, Any]) -> bool:
    """The user confirmed a failing that needs no request: not told beforehand, or stopping the
    use of their data made hard."""
    return answers.get("notice_received") == "no" or bool(answers.get("opt_out_difficulty"))


def complaint_alone_now(answers: dict[str, Any]) -> bool:
    """A complaint with no letter and no earlier request can only be about the failings that need
    no request, lodged now: there is nothing else for it to be about."""
    return (
        _wants_complaint(answers)
        and not wants_letter(answers)
        and answers.get("prior_request") == "no"
        and failing_told(answers)
    )


def _prior_request(raw: dict[str, Any]) -> dict[str, Any] | None:
    """The ``prior_request`` object from the two earlier-request steps' answers."""
    if raw.get("prior_request") != "yes" or not raw.get("prior_request_sent_on"):
        return None
    values = {
        "sent_on": raw.get("prior_request_sent_on"),
        "document": raw.get("prior_document"),
        "channel": raw.get("prior_channel"),
        "reference": raw.get("prior_reference"),
        "reply": raw.get("prior_reply"),
    }
    return {key: value for key, value in values.items() if value}


def _platform_of(answers: dict[str, Any]) -> str:
    """What a per-platform answer was given for: an answer about one platform's setting, notice
    or earlier request says nothing about another, so after the platform changes it is asked
    again."""
    platform = answers.get("platform", "")
    return platform if isinstance(platform, str) else ""


def _has_services_to_choose(answers: dict[str, Any]) -> bool:
    """Only a platform with two or more services asks which: with one, that one is implied."""
    platform = answers.get("platform") or ""
    return bool(platform) and platform != OTHER and len(platform_services(slug=platform)) > 1


STEPS: tuple[Step, ...] = (
    Step("platform", forms.PlatformForm, _("Platform")),
    Step(
        "organisation",
        forms.ControllerForm,
        _("Organisation"),
        lambda a: a.get("platform") == OTHER,
    ),
    Step("country", forms.CountryForm, _("Where you live")),
    Step("region", forms.RegionForm, _("German Land"), lambda a: a.get("country") == "DE"),
    Step("details", forms.DetailsForm, _("Your details")),
    Step(
        "services",
        forms.ServicesForm,
        _("Services you use"),
        _has_services_to_choose,
        given_for=_platform_of,
        per_platform=True,
    ),
    Step("data", forms.DataForm, _("Data concerned")),
    Step("situation", forms.SituationForm, _("Your situation")),
    Step(
        "sensitive",
        forms.SensitiveCategoriesForm,
        _("Sensitive information"),
        lambda a: "sensitive_data" in (a.get("situation") or []),
    ),
    Step(
        "profession",
        forms.ProfessionForm,
        _("Your profession"),
        lambda a: "professional_secrecy" in (a.get("situation") or []),
    ),
    Step(
        "switched-off",
        forms.OptOutForm,
        _("Setting switched off"),
        given_for=_platform_of,
        per_platform=True,
    ),
    Step(
        "notice",
        forms.NoticeForm,
        _("Told beforehand"),
        given_for=_platform_of,
        per_platform=True,
    ),
    Step("documents", request_forms.DocumentsForm, _("Documents")),
    Step("sent-by", request_forms.SentByForm, _("How you send the letters"), wants_letter),
    Step(
        "postal-address",
        request_forms.PostalAddressForm,
        _("Postal address for the complaint"),
        _needs_postal_address,
    ),
    Step(
        "authority",
        request_forms.AuthorityForm,
        _("Complaint to"),
        _chooses_authority,
        given_for=_platform_of,
        per_platform=True,
    ),
    Step(
        "earlier-request",
        request_forms.PriorRequestForm,
        _("Earlier request"),
        _wants_complaint,
        given_for=_platform_of,
        per_platform=True,
    ),
    Step(
        "earlier-request-details",
        request_forms.PriorRequestDetailsForm,
        _("About your earlier request"),
        _told_prior_request,
        given_for=_platform_of,
        per_platform=True,
    ),
    Step(
        "complaint-timing",
        request_forms.ComplaintTimingForm,
        _("When to complain"),
        _may_complain_now,
        given_for=_platform_of,
        per_platform=True,
    ),
    Step(
        "representative",
        request_forms.RepresentativeForm,
        _("Organisation acting for you"),
        _wants_complaint,
    ),
    Step(
        "other-proceedings",
        request_forms.OtherProceedingsForm,
        _("Other proceedings"),
        _wants_complaint,
    ),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}


def _runs(steps: tuple[Step, ...]) -> tuple[tuple[Step, ...], ...]:
    """The steps in runs of neighbours that are all per-platform or all shared."""
    runs: list[list[Step]] = []
    for step in steps:
        if runs and runs[-1][0].per_platform == step.per_platform:
            runs[-1].append(step)
        else:
            runs.append([step])
    return tuple(tuple(run) for run in runs)


_RUNS = _runs(STEPS)


class Questionnaire:
    """The questionnaire's state for one browser session."""

    def __init__(self, session):
        self.session = session
        state = session.get(SESSION_KEY)
        self.steps: dict[str, dict[str, Any]] = dict(state["steps"]) if state else {}

    def _save(self) -> None:
        self.session[SESSION_KEY] = {"steps": self.steps}

    def step_at(self, slug: str, platform: str = "") -> Step | None:
        """The step a URL names (``platform``: a per-platform step's copy), if it applies now."""
        return next(
            (s for s in self.applicable() if s.slug == slug and s.platform == platform), None
        )

    def store(self, step: Step | str, values: dict[str, Any]) -> None:
        if isinstance(step, str):
            step = STEP_BY_SLUG.get(step) or Step(step, forms.StepForm, "")
        if step.given_for is not None:
            values = {**values, GIVEN_FOR: step.given_for(self._answers_before(step))}
        self.steps[step.key] = values
        self._save()

    def clear(self) -> None:
        self.steps = {}
        self.session.pop(SESSION_KEY, None)

    def _collect(self) -> tuple[list[tuple[Step, dict[str, Any]]], dict, dict[str, dict]]:
        """The steps that apply, each with the answers it was judged on; the answers shared by
        every platform; and, with several platforms, each one's own answers.

        With several platforms a per-platform step is asked once for each, judged on the shared
        answers with that platform's own (and ``platform`` set to its slug), so each copy sees
        exactly what a questionnaire for that platform alone would have seen."""
        shared: dict[str, Any] = {}
        own: dict[str, dict[str, Any]] = {}
        steps = []
        for run in _RUNS:
            platforms = chosen_platforms(shared)
            if run[0].per_platform and len(platforms) > 1:
                # A run of such questions is asked platform by platform: all of Meta's, then
                # all of X's, each page naming the platform.
                for platform in platforms:
                    for step in run:
                        copy = replace(step, platform=platform)
                        view = {**shared, **own.get(platform, {}), "platform": platform}
                        if step.applies(view):
                            steps.append((copy, view))
                            own.setdefault(platform, {}).update(self._stored(copy, view) or {})
                continue
            for step in run:
                if step.applies(shared):
                    steps.append((step, dict(shared)))
                    shared.update(self._stored(step, shared) or {})
        return steps, shared, own

    def _walk(self) -> list[tuple[Step, dict[str, Any]]]:
        return self._collect()[0]

    def _answers_before(self, step: Step) -> dict[str, Any]:
        # A step that does not apply (yet) is judged on everything answered so far.
        steps, shared, _own = self._collect()
        return next((before for s, before in steps if s == step), shared)

    def answers_before(self, step: Step) -> dict[str, Any]:
        """What ``step`` was judged on: the answers before it (a per-platform copy's own
        platform's)."""
        return self._answers_before(step)

    def applicable(self) -> list[Step]:
        """The steps that apply, each judged on the answers of the applicable steps before it."""
        return [step for step, _before in self._walk()]

    def raw_answers(self) -> dict[str, Any]:
        """Everything answered so far, including step-only keys such as 'opted_out' (with several
        platforms, only what holds for all of them: see ``platform_answers``)."""
        return self._collect()[1]

    def platform_answers(self) -> dict[str, dict[str, Any]]:
        """With several platforms, each one's view: the shared answers with its own."""
        _steps, shared, own = self._collect()
        platforms = chosen_platforms(shared)
        if len(platforms) < 2:
            return {}
        return {p: {**shared, **own.get(p, {}), "platform": p} for p in platforms}

    def languages(self) -> dict[str, Any]:
        """What the check page stored: the languages chosen for the letters and the complaint."""
        return dict(self.steps.get(CHECK_SLOT, {}))

    def store_languages(self, values: dict[str, Any]) -> None:
        self.store(CHECK_SLOT, values)

    def answers(self) -> dict[str, Any]:
        """The answers in the documented format (the same as ``draft_letters`` reads): with
        several platforms, ``platform`` a list and each one's own answers under
        ``per_platform``."""
        views = self.platform_answers()
        if not views:
            return _finished(self.raw_answers(), self.languages())
        shared = _finished(self.raw_answers(), self.languages())
        for key in PER_PLATFORM_KEYS:
            shared.pop(key, None)
        shared[MULTI_KEY] = {
            platform: {
                key: value
                for key, value in _finished(view, self.languages()).items()
                if key in PER_PLATFORM_KEYS
            }
            for platform, view in views.items()
        }
        return shared

    def is_answered(self, step: Step) -> bool:
        return self._answered(step, self._answers_before(step))

    def _stored(self, step: Step, before: dict[str, Any]) -> dict[str, Any] | None:
        """The answer kept for ``step``, if it was given for what ``step`` is asked about now.

        A per-platform question answered for a platform while it was the only one chosen
        counts for its copy once several are chosen, and the other way round: nothing typed is
        asked for twice. An answer given for another platform does not count."""
        stored = self.steps.get(step.key)
        if stored is None and step.per_platform:
            platform = _platform_of(before)
            stored = self.steps.get(step.slug if step.platform else f"{platform}/{step.slug}")
        if stored is None:
            return None
        if step.given_for is not None and stored.get(GIVEN_FOR) != step.given_for(before):
            return None
        return stored

    def stored(self, step: Step) -> dict[str, Any]:
        """What the form of ``step`` shows as already answered."""
        return self._stored(step, self._answers_before(step)) or {}

    def _answered(self, step: Step, before: dict[str, Any]) -> bool:
        return self._stored(step, before) is not None

    def first_unanswered(self) -> Step | None:
        return next((s for s, before in self._walk() if not self._answered(s, before)), None)

    def is_complete(self) -> bool:
        return self.first_unanswered() is None

    def next_after(self, step: Step | str) -> Step | None:
        steps = self.applicable()
        position = _position(steps, step)
        if position is None:
            return self.first_unanswered()
        return steps[position + 1] if position + 1 < len(steps) else None

    def previous_before(self, step: Step | str) -> Step | None:
        steps = self.applicable()
        position = _position(steps, step)
        if not position:
            return None
        return steps[position - 1]

    def blocking_step(self, step: Step | str) -> Step | None:
        """An unanswered step before ``step``: the visitor must answer it first."""
        key = step if isinstance(step, str) else step.key
        for each, before in self._walk():
            if each.key == key:
                return None
            if not self._answered(each, before):
                return each
        return None


def _position(steps: list[Step], step: Step | str) -> int | None:
    key = step if isinstance(step, str) else step.key
    return next((i for i, each in enumerate(steps) if each.key == key), None)


def _finished(raw: dict[str, Any], languages: dict[str, Any]) -> dict[str, Any]:
    """One platform's (or the shared) step answers as the answers format's keys."""
    raw = {**raw, **languages}
    now = raw.get("complaint_now") == "yes" or complaint_alone_now(raw)
    raw["complaint_now"] = True if now else None
    raw["prior_request"] = _prior_request(raw)
    raw.pop("prior_request_sent_on", None)
    if _wants_complaint(raw) and raw.get("platform") == OTHER:
        # With a hand-entered organisation there is no known lead authority to choose.
        raw["complaint_to"] = complaint_to_implied(has_lead=False)
    elif (
        _wants_complaint(raw)
        and isinstance(raw.get("platform"), str)
        and (route := _only_route(raw))
    ):
        raw["complaint_to"] = route
    if not _wants_complaint(raw):
        # A language chosen for a complaint that was unticked since.
        raw.pop("complaint_language", None)
    return {key: value for key, value in raw.items() if key in KEYS and value not in ("", None)}
