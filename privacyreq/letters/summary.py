"""The "check your answers" rows: every answer in words, with the step that changes it."""

import datetime as dt

from django.urls import reverse
from django.utils.formats import date_format

from privacyreq.letters.answers import (
    COUNTRIES,
    GERMAN_LANDS,
    OTHER,
    ComplaintTo,
    DataKind,
    Document,
    Situation,
)
from privacyreq.letters.wizard import Questionnaire
from privacyreq.reference.selectors import authority_for_residence, platform_names


def _date(value: str | None) -> str:
    return date_format(dt.date.fromisoformat(value), "j F Y") if value else ""


def _labels(choices, values) -> str:
    return "\n".join(str(choices(value).label) for value in values or []) or "None chosen"


def _authority_name(answers: dict, platform: dict | None) -> str:
    label = str(ComplaintTo(answers["complaint_to"]).label)
    if answers["complaint_to"] == ComplaintTo.LEAD and platform:
        name = platform["lead_authority__name"]
    else:
        authority = authority_for_residence(
            country=answers.get("country", ""), region=answers.get("region", "")
        )
        name = authority.name if authority else None
    return f"{name}\n({label.lower()})" if name else label


def answer_rows(questionnaire: Questionnaire) -> list[dict]:
    answers = questionnaire.raw_answers()
    rows: list[dict] = []

    def add(step: str, label: str, value: str) -> None:
        url = reverse("letters:step", args=[step]) + "?change=1"
        rows.append({"step": step, "label": label, "value": value or "Not given", "url": url})

    platform_slug = answers.get("platform", "")
    platform = platform_names(slug=platform_slug) if platform_slug != OTHER else None
    add("platform", "Platform", platform["service_name"] if platform else "Another organisation")
    if platform_slug == OTHER:
        controller = answers.get("controller") or {}
        lines = [controller.get("name", ""), controller.get("address", ""), controller.get("email")]
        add("organisation", "Organisation", "\n".join(line for line in lines if line))
    add("country", "Where you live", COUNTRIES.get(answers.get("country", ""), ""))
    if answers.get("country") == "DE":
        add("region", "German Land", GERMAN_LANDS.get(answers.get("region", ""), ""))
    add("details", "Name", answers.get("full_name", ""))
    add("details", "Email", answers.get("email", ""))
    add("details", "Account", answers.get("account", ""))
    add("details", "Postal address", answers.get("postal_address", ""))
    add("data", "Data concerned", _labels(DataKind, answers.get("data")))
    situation = _labels(Situation, answers.get("situation"))
    if answers.get("situation_text"):
        situation += "\n“" + answers["situation_text"] + "”"
    add("situation", "Your situation", situation)
    switched = answers.get("opted_out") == "yes"
    add(
        "switched-off",
        "Setting switched off",
        f"Yes, on {_date(answers.get('opted_out_on'))}" if switched else "No",
    )
    add("documents", "Documents", _labels(Document, answers.get("documents")))
    if Document.COMPLAINT in (answers.get("documents") or []):
        if platform_slug != OTHER and answers.get("complaint_to"):
            add("authority", "Complaint to", _authority_name(answers, platform))
        sent = answers.get("prior_request") == "yes"
        add(
            "earlier-request",
            "Earlier request",
            f"Sent on {_date(answers.get('prior_request_sent_on'))}" if sent else "None sent yet",
        )
    return rows
