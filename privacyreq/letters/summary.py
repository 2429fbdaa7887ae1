"""The "check your answers" rows: every answer in words, with the step that changes it.

Rows are built per request, so every text is translated with ``gettext`` into the visitor's
language; what the visitor typed and names from the reference data are shown as they are.
"""

import datetime as dt

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from privacyreq.letters.answers import OTHER
from privacyreq.letters.choices import (
    COUNTRIES,
    GERMAN_LANDS,
    DataKind,
    NoticeReceived,
    OptedOutHow,
    OtherProceedings,
    PriorReply,
    SendChannel,
    SensitiveCategory,
    Situation,
)
from privacyreq.letters.kinds import DocumentKind
from privacyreq.letters.routing import ComplaintTo, complaint_authority
from privacyreq.letters.selectors import complaint_authorities_read
from privacyreq.letters.wizard import STEP_BY_SLUG, Questionnaire, complaint_alone_now
from privacyreq.reference.selectors import platform_names, platform_services


def _date(value: str | None) -> str:
    return date_format(dt.date.fromisoformat(value), "DATE_FORMAT") if value else ""


def _labels(choices, values) -> str:
    # Translators: on the check page, for a question where the visitor ticked nothing.
    return "\n".join(str(choices(value).label) for value in values or []) or _("None chosen")


def _authority_name(answers: dict) -> str:
    authorities = complaint_authorities_read(
        platform=answers.get("platform", ""),
        country=answers.get("country", ""),
        region=answers.get("region", ""),
    )
    authority = complaint_authority(authorities, answers["complaint_to"])
    if answers["complaint_to"] == ComplaintTo.LEAD:
        # Translators: on the check page, under the name of the authority the complaint goes to.
        note = _("(the lead authority for the platform)")
    else:
        # Translators: on the check page, under the name of the authority the complaint goes to.
        note = _("(the authority where I live)")
    name = authority.name if authority else None
    return f"{name}\n{note}" if name else str(ComplaintTo(answers["complaint_to"]).label)


def _prior_details(answers: dict) -> str:
    """Which request, how, its reference and what came back, one per line."""
    lines = []
    if answers.get("prior_document") in DocumentKind.values:
        lines.append(str(DocumentKind(answers["prior_document"]).label))
    if answers.get("prior_channel") in SendChannel.values:
        lines.append(str(SendChannel(answers["prior_channel"]).label))
    if answers.get("prior_reference"):
        # Translators: on the check page; %(reference)s is a reference number as typed.
        lines.append(_("Reference: %(reference)s") % {"reference": answers["prior_reference"]})
    if answers.get("prior_reply") in PriorReply.values:
        lines.append(str(PriorReply(answers["prior_reply"]).label))
    return "\n".join(lines)


def answer_rows(questionnaire: Questionnaire) -> list[dict]:
    """Each row: the question's short ``label``, the answer as text (``value``), the link that
    changes it (``url``) and that link's full text for screen readers (``change``: "Change
    name", where sighted visitors see "Change" beside the label).

    With several platforms, a question asked for each has a row for each, its label and link
    naming the platform ("Told beforehand (X)")."""
    answers = questionnaire.raw_answers()
    applicable = {step.key for step in questionnaire.applicable()}
    views = questionnaire.platform_answers()
    rows: list[dict] = []

    def add(step: str, label: str, value: str, change: str, platform: str = "") -> None:
        """A row; ``platform``: the row is about that one of several platforms (its question
        asked for each, unless ``step`` is one asked once)."""
        if platform:
            name = (platform_names(slug=platform) or {}).get("service_name", platform)
            label, change = f"{label} ({name})", f"{change} ({name})"
        if platform and STEP_BY_SLUG[step].per_platform:
            url = reverse("letters:platform_step", args=[platform, step])
        else:
            url = reverse("letters:step", args=[step])
        # Translators: on the check page, for an optional answer the visitor left empty.
        value = value or _("Not given")
        url += "?change=1"
        rows.append({"step": step, "label": label, "value": value, "url": url, "change": change})

    def each_platform(rows_for) -> None:
        """``rows_for(view, platform)`` once (platform "") or once per platform chosen."""
        if not views:
            rows_for(answers, "")
        for platform, view in views.items():
            rows_for(view, platform)

    def is_asked(slug: str, platform: str) -> bool:
        return (f"{platform}/{slug}" if platform else slug) in applicable

    platform_slug = answers.get("platform", "")
    if views:
        names = [(platform_names(slug=slug) or {}).get("service_name", slug) for slug in views]
        platform_value = "\n".join(names)
    elif platform_slug == OTHER:
        platform_value = _("Another organisation")
    else:
        platform_value = (platform_names(slug=platform_slug) or {}).get("service_name", "")
    add("platform", _("Platform"), platform_value, _("Change platform"))
    if platform_slug == OTHER:
        controller = answers.get("controller") or {}
        lines = [controller.get("name", ""), controller.get("address", ""), controller.get("email")]
        add(
            "organisation",
            _("Organisation"),
            "\n".join(line for line in lines if line),
            _("Change organisation"),
        )
    country = COUNTRIES.get(answers.get("country", ""), "")
    add("country", _("Where you live"), str(country), _("Change where you live"))
    if answers.get("country") == "DE":
        land = GERMAN_LANDS.get(answers.get("region", ""), "")
        add("region", _("German Land"), str(land), _("Change German Land"))
    add("details", _("Name"), answers.get("full_name", ""), _("Change name"))
    add("details", _("Email"), answers.get("email", ""), _("Change email"))
    if not views:
        add("details", _("Account"), answers.get("account", ""), _("Change account"))
    # Given on its own step when a complaint needed it and the details left it empty: the change
    # link goes where the address was typed.
    add(
        "postal-address" if "postal-address" in applicable else "details",
        _("Postal address"),
        answers.get("postal_address", ""),
        _("Change postal address"),
    )

    def services_row(view: dict, platform: str) -> None:
        if not is_asked("services", platform):
            return
        names = dict(platform_services(slug=view.get("platform", "")))
        chosen = [names[slug] for slug in view.get("services") or [] if slug in names]
        # Service names are proper names, shown as they are.
        add(
            "services",
            _("Services you use"),
            "\n".join(chosen) or _("None chosen"),
            _("Change services you use"),
            platform,
        )

    each_platform(services_row)
    add(
        "data",
        _("Data concerned"),
        _labels(DataKind, answers.get("data")),
        _("Change data concerned"),
    )
    situation = _labels(Situation, answers.get("situation"))
    if answers.get("situation_text"):
        situation += "\n“" + answers["situation_text"] + "”"
    add("situation", _("Your situation"), situation, _("Change your situation"))
    if Situation.PROFESSIONAL_SECRECY in (answers.get("situation") or []):
        add(
            "profession",
            _("Your profession"),
            answers.get("profession") or "",
            _("Change your profession"),
        )
    if Situation.SENSITIVE_DATA in (answers.get("situation") or []):
        add(
            "sensitive",
            _("Sensitive information"),
            _labels(SensitiveCategory, answers.get("sensitive_categories")),
            _("Change sensitive information"),
        )
    each_platform(lambda view, platform: _switched_rows(view, platform, add))
    add(
        "documents",
        _("Documents"),
        _labels(DocumentKind, answers.get("documents")),
        _("Change documents"),
    )
    if "sent-by" in applicable:
        sent_by = answers.get("sent_by")
        add(
            "sent-by",
            _("How you send the letters"),
            str(SendChannel(sent_by).label) if sent_by in SendChannel.values else "",
            _("Change how you send the letters"),
        )
    if DocumentKind.COMPLAINT in (answers.get("documents") or []):
        each_platform(
            lambda view, platform: _complaint_rows(
                view, platform, add, asked=lambda slug: is_asked(slug, platform)
            )
        )
        add(
            "representative",
            _("Organisation acting for you"),
            answers.get("representative") or "",
            _("Change organisation acting for you"),
        )
        proceedings = answers.get("other_proceedings")
        add(
            "other-proceedings",
            _("Other proceedings"),
            str(OtherProceedings(proceedings).label)
            if proceedings in OtherProceedings.values
            else "",
            _("Change other proceedings"),
        )
    return rows


def _switched_rows(answers: dict, platform: str, add) -> None:
    if answers.get("opted_out") == "yes":
        # Translators: on the check page; %(date)s is when the visitor switched the setting off.
        switched = _("Yes, on %(date)s") % {"date": _date(answers.get("opted_out_on"))}
        if answers.get("opted_out_how") in OptedOutHow.values:
            switched += "\n" + str(OptedOutHow(answers["opted_out_how"]).label)
    else:
        switched = _("No")
    add(
        "switched-off",
        _("Setting switched off"),
        switched,
        _("Change setting switched off"),
        platform,
    )
    notice = answers.get("notice_received")
    difficulty = answers.get("opt_out_difficulty")
    told = str(NoticeReceived(notice).label) if notice in NoticeReceived.values else ""
    if difficulty:
        told = (told + "\n" if told else "") + "“" + difficulty + "”"
    add("notice", _("Told beforehand"), told, _("Change whether you were told"), platform)


def _complaint_rows(answers: dict, platform: str, add, *, asked) -> None:
    """One platform's complaint rows (or the only platform's)."""
    if answers.get("platform") != OTHER and answers.get("complaint_to"):
        add(
            "authority",
            _("Complaint to"),
            _authority_name(answers),
            _("Change complaint to"),
            platform,
        )
    if answers.get("prior_request") == "yes":
        # Translators: on the check page; %(date)s is when the visitor sent their request.
        sent = _("Sent on %(date)s") % {"date": _date(answers.get("prior_request_sent_on"))}
    else:
        sent = _("None sent yet")
    add("earlier-request", _("Earlier request"), sent, _("Change earlier request"), platform)
    if asked("earlier-request-details"):
        add(
            "earlier-request-details",
            _("About your earlier request"),
            _prior_details(answers),
            _("Change about your earlier request"),
            platform,
        )
    if complaint_alone_now(answers):
        # No letter and no earlier request: the complaint can only be about the failings
        # that need no request; changing the documents is how to make it otherwise.
        add(
            "documents",
            _("When to complain"),
            _("Now, about those failings alone"),
            _("Change when to complain"),
            platform,
        )
    elif asked("complaint-timing"):
        if answers.get("complaint_now") == "yes":
            # Translators: on the check page: the complaint goes now, about the failings
            # that need no request alone.
            timing = _("Now, about those failings alone")
        elif answers.get("complaint_now") == "no":
            # Translators: on the check page: the complaint is a draft for later.
            timing = _("Later, only if my letters are not answered in full")
        else:
            timing = ""
        add(
            "complaint-timing",
            _("When to complain"),
            timing,
            _("Change when to complain"),
            platform,
        )
