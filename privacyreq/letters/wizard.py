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
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from privacyreq.letters import forms, request_forms
from privacyreq.letters.answers import KEYS, OTHER
from privacyreq.letters.choices import StrOrPromise
from privacyreq.letters.kinds import REQUEST_KINDS, DocumentKind
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
        given_for=lambda answers: answers.get("platform", ""),
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
    Step("switched-off", forms.OptOutForm, _("Setting switched off")),
    Step("notice", forms.NoticeForm, _("Told beforehand")),
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
    ),
    Step("earlier-request", request_forms.PriorRequestForm, _("Earlier request"), _wants_complaint),
    Step(
        "earlier-request-details",
        request_forms.PriorRequestDetailsForm,
        _("About your earlier request"),
        _told_prior_request,
    ),
    Step(
        "complaint-timing",
        request_forms.ComplaintTimingForm,
        _("When to complain"),
        _may_complain_now,
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

# The questionnaire in four parts, so the progress it shows never changes along the way: how many
# questions apply depends on the answers (a German Land, a complaint's questions), how many parts
# there are does not. The last part is skipped when no complaint is chosen.
SECTIONS: tuple[tuple[StrOrPromise, tuple[str, ...]], ...] = (
    (_("You and the platform"), ("platform", "organisation", "country", "region", "details")),
    (
        _("Your data and your situation"),
        ("services", "data", "situation", "sensitive", "profession", "switched-off", "notice"),
    ),
    (_("What to send"), ("documents", "sent-by", "postal-address")),
    (
        _("The complaint"),
        (
            "authority",
            "earlier-request",
            "earlier-request-details",
            "complaint-timing",
            "representative",
            "other-proceedings",
        ),
    ),
)


def section_of(slug: str) -> tuple[int, StrOrPromise]:
    """The part (counted from 1) a step belongs to, and its title."""
    for number, (title, slugs) in enumerate(SECTIONS, start=1):
        if slug in slugs:
            return number, title
    raise KeyError(slug)


class Questionnaire:
    """The questionnaire's state for one browser session."""

    def __init__(self, session):
        self.session = session
        state = session.get(SESSION_KEY)
        self.steps: dict[str, dict[str, Any]] = dict(state["steps"]) if state else {}

    def _save(self) -> None:
        self.session[SESSION_KEY] = {"steps": self.steps}

    def store(self, slug: str, values: dict[str, Any]) -> None:
        step = STEP_BY_SLUG.get(slug)
        if step is not None and step.given_for is not None:
            values = {**values, GIVEN_FOR: step.given_for(self._answers_before(step))}
        self.steps[slug] = values
        self._save()

    def clear(self) -> None:
        self.steps = {}
        self.session.pop(SESSION_KEY, None)

    def _walk(self) -> list[tuple[Step, dict[str, Any]]]:
        """The steps that apply, each with the answers of the applicable steps before it (on
        which it was judged)."""
        answers: dict[str, Any] = {}
        steps = []
        for step in STEPS:
            if step.applies(answers):
                steps.append((step, dict(answers)))
                answers.update(self.steps.get(step.slug, {}))
        return steps

    def _answers_before(self, step: Step) -> dict[str, Any]:
        return next((before for s, before in self._walk() if s == step), {})

    def applicable(self) -> list[Step]:
        """The steps that apply, each judged on the answers of the applicable steps before it."""
        return [step for step, _before in self._walk()]

    def raw_answers(self) -> dict[str, Any]:
        """Everything answered so far, including step-only keys such as 'opted_out'."""
        answers: dict[str, Any] = {}
        for step in self.applicable():
            answers.update(self.steps.get(step.slug, {}))
        return answers

    def languages(self) -> dict[str, Any]:
        """What the check page stored: the languages chosen for the letters and the complaint."""
        return dict(self.steps.get(CHECK_SLOT, {}))

    def store_languages(self, values: dict[str, Any]) -> None:
        self.store(CHECK_SLOT, values)

    def answers(self) -> dict[str, Any]:
        """The answers in the documented format (the same as ``draft_letters`` reads)."""
        raw = self.raw_answers()
        raw.update(self.languages())
        # The steps' yes/no answers and fields, as the answers format's keys.
        now = raw.get("complaint_now") == "yes" or complaint_alone_now(raw)
        raw["complaint_now"] = True if now else None
        raw["prior_request"] = _prior_request(raw)
        raw.pop("prior_request_sent_on", None)
        if _wants_complaint(raw) and raw.get("platform") == OTHER:
            # With a hand-entered organisation there is no known lead authority to choose.
            raw["complaint_to"] = complaint_to_implied(has_lead=False)
        elif _wants_complaint(raw) and (route := _only_route(raw)):
            raw["complaint_to"] = route
        if not _wants_complaint(raw):
            # A language chosen for a complaint that was unticked since.
            raw.pop("complaint_language", None)
        return {key: value for key, value in raw.items() if key in KEYS and value not in ("", None)}

    def is_answered(self, step: Step) -> bool:
        return self._answered(step, self._answers_before(step))

    def _answered(self, step: Step, before: dict[str, Any]) -> bool:
        stored = self.steps.get(step.slug)
        if stored is None:
            return False
        return step.given_for is None or stored.get(GIVEN_FOR) == step.given_for(before)

    def first_unanswered(self) -> Step | None:
        return next((s for s, before in self._walk() if not self._answered(s, before)), None)

    def is_complete(self) -> bool:
        return self.first_unanswered() is None

    def next_after(self, slug: str) -> Step | None:
        steps = self.applicable()
        slugs = [s.slug for s in steps]
        if slug not in slugs:
            return self.first_unanswered()
        position = slugs.index(slug)
        return steps[position + 1] if position + 1 < len(steps) else None

    def previous_before(self, slug: str) -> Step | None:
        steps = self.applicable()
        slugs = [s.slug for s in steps]
        if slug not in slugs or slugs.index(slug) == 0:
            return None
        return steps[slugs.index(slug) - 1]

    def blocking_step(self, slug: str) -> Step | None:
        """An unanswered step before ``slug``: the visitor must answer it first."""
        for step, before in self._walk():
            if step.slug == slug:
                return None
            if not self._answered(step, before):
                return step
        return None
