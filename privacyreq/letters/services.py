"""Writing the documents: from validated answers to letters as HTML, text and PDF.

The web questionnaire and ``draft_letters`` both call ``letters_draft`` and
``document_render_pdf``; nothing here reads the request or the clock, so the same answers always
give the same letters.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import override

from privacyreq.deadlines import authority_update_due, response_due
from privacyreq.letters.answers import (
    COUNTRIES,
    OTHER,
    Answers,
    ComplaintTo,
    DataKind,
    Document,
    Situation,
    answers_parse,
)
from privacyreq.letters.pdf import html_to_pdf
from privacyreq.letters.text import html_to_text
from privacyreq.reference.models import Platform, SupervisoryAuthority
from privacyreq.reference.selectors import (
    authority_for_residence,
    country_regions,
    platform_get,
    platform_slugs,
)


@dataclass(frozen=True)
class Party:
    """Whoever a document is addressed to: a controller or a supervisory authority."""

    name: str
    address_lines: list[str]
    country: str
    service_name: str = ""
    email: str = ""
    web_form_url: str = ""
    short_name: str = ""


@dataclass(frozen=True)
class DraftDocument:
    kind: str
    title: str
    subject: str
    html: str
    text: str
    recipient: Party
    email_body: str

    @property
    def filename(self) -> str:
        return f"{self.kind}.pdf"


@dataclass(frozen=True)
class HistoryItem:
    """One dated step of a tracked request, told in a complaint's "What happened" list.

    ``outcome`` marks the step that made the complaint necessary ("overdue", "refused" or
    "partly"), so the complaint can argue from it without parsing the text.
    """

    date: dt.date
    text: str
    outcome: str = ""


@dataclass(frozen=True)
class Draft:
    """Everything the result page and the command need, for one set of answers."""

    answers: Answers
    controller: Party
    platform: Platform | None
    authority: SupervisoryAuthority | None
    due_date: dt.date
    documents: list[DraftDocument] = field(default_factory=list)
    # A complaint escalated from a tracked request tells that request's own story and lists the
    # annexes bundled with it; a complaint from the questionnaire has neither.
    history: tuple[HistoryItem, ...] = ()
    annexes: tuple[str, ...] = ()

    def document(self, kind: str) -> DraftDocument | None:
        return next((d for d in self.documents if d.kind == kind), None)


class ReferenceDataMissing(Exception):
    """The answers name a platform or country whose reference record is gone."""


def answers_validate(*, raw: Any, today: dt.date) -> Answers:
    """Check answers (from the questionnaire or a JSON file) against the reference data.

    Raises ``AnswersError`` listing every problem with the key it concerns.
    """
    return answers_parse(
        raw, platforms=platform_slugs(), today=today, country_regions=country_regions()
    )


def _controller(answers: Answers, platform: Platform | None) -> Party:
    if platform is not None:
        return Party(
            name=platform.legal_entity,
            service_name=platform.service_name,
            address_lines=platform.address_lines,
            country=platform.country,
            email=platform.privacy_email,
            web_form_url=platform.privacy_form_url,
        )
    assert answers.controller is not None
    lines = [line.strip() for line in answers.controller.address.splitlines() if line.strip()]
    # Without a country of establishment we count holidays where the user lives: the best guess
    # for a controller they found locally, and documented in README.
    return Party(
        name=answers.controller.name,
        service_name=answers.controller.name,
        address_lines=lines,
        country=answers.country,
        email=answers.controller.email,
    )


def _authority(answers: Answers, platform: Platform | None) -> SupervisoryAuthority | None:
    if Document.COMPLAINT not in answers.documents:
        return None
    if answers.complaint_to == ComplaintTo.LEAD and platform is not None:
        return platform.lead_authority
    authority = authority_for_residence(country=answers.country, region=answers.region)
    if authority is None:
        raise ReferenceDataMissing(f"No supervisory authority for {answers.country}.")
    return authority


def _authority_party(authority: SupervisoryAuthority) -> Party:
    return Party(
        name=authority.name,
        short_name=authority.short_name,
        address_lines=authority.address_lines,
        country=authority.country,
        email=authority.email,
        web_form_url=authority.complaint_form_url,
    )


def _regime(country: str) -> str:
    """Which law the user also invokes: the GDPR binds the Irish controllers everywhere, but UK
    residents have the UK GDPR (same article numbers) and Swiss residents the revised FADP."""
    return {"GB": "uk", "CH": "ch"}.get(country, "eu")


def _subject(kind: str, answers: Answers, controller: Party) -> str:
    account = f" ({answers.account})" if answers.account else ""
    subjects = {
        Document.OBJECTION: _(
            "Objection under Article 21(1) GDPR to the use of my personal data for AI training"
        ),
        Document.ERASURE: _(
            "Request for erasure under Article 17 GDPR of my personal data used for AI training"
        ),
        Document.ACCESS: _(
            "Subject access request under Article 15 GDPR, including the use of "
            "my data for AI training"
        ),
        Document.RESTRICTION: _(
            "Request for restriction of processing under Article 18(1)(d) GDPR pending my objection"
        ),
        Document.COMPLAINT: _("Complaint under Article 77 GDPR against %(controller)s")
        % {"controller": controller.name},
    }
    return subjects[kind] + account


def _context(answers: Answers, *, kind: str, draft: Draft, for_email: bool) -> dict[str, Any]:
    letter_date = answers.date
    controller = draft.controller
    authority = draft.authority
    is_complaint = kind == Document.COMPLAINT
    recipient = _authority_party(authority) if is_complaint and authority else controller
    prior = answers.prior_request_sent_on
    sender_lines = [answers.full_name]
    sender_lines += [line.strip() for line in answers.postal_address.splitlines() if line.strip()]
    return {
        "answers": answers,
        "document": kind,
        "subject": _subject(kind, answers, controller),
        "sender_lines": sender_lines,
        "controller": controller,
        "platform": draft.platform,
        "authority": authority,
        "recipient": recipient,
        "letter_date": letter_date,
        "due_date": draft.due_date,
        "extended_due_date": response_due(letter_date, country=controller.country, extended=True),
        "authority_due_date": (
            authority_update_due(letter_date, country=authority.country) if authority else None
        ),
        "prior_due_date": response_due(prior, country=controller.country) if prior else None,
        "prior_overdue": bool(
            prior and response_due(prior, country=controller.country) < letter_date
        ),
        "data_labels": [DataKind(value).label for value in answers.data],
        "situation_labels": [
            Situation(value).label for value in answers.situation if value != Situation.OTHER
        ],
        "situations": set(answers.situation),
        "data_kinds": set(answers.data),
        "requested": [d for d in answers.documents if d != Document.COMPLAINT],
        "country_name": COUNTRIES.get(answers.country, answers.country),
        "regime": _regime(answers.country),
        "for_email": for_email,
        "history": draft.history,
        "history_outcome": next((i.outcome for i in reversed(draft.history) if i.outcome), ""),
        "annexes": draft.annexes,
    }


def _render(kind: str, context: dict[str, Any]) -> str:
    return render_to_string(f"letters/pdf/{kind}.html", context)


def letters_draft(
    *,
    answers: Answers,
    history: list[HistoryItem] | None = None,
    annexes: list[str] | None = None,
) -> Draft:
    """Write every document the answers ask for (HTML and text; PDFs are made on demand).

    ``history`` and ``annexes`` come from a tracked request being escalated: the complaint then
    tells what happened with that request and lists, in order, the annexes bundled with it.
    """
    platform = None
    if answers.platform != OTHER:
        platform = platform_get(slug=answers.platform)
        if platform is None:
            raise ReferenceDataMissing(f"Unknown platform {answers.platform!r}.")
    controller = _controller(answers, platform)
    draft = Draft(
        answers=answers,
        controller=controller,
        platform=platform,
        authority=_authority(answers, platform),
        due_date=response_due(answers.date, country=controller.country),
        history=tuple(history or ()),
        annexes=tuple(annexes or ()),
    )
    with override(answers.language):
        for kind in answers.documents:
            context = _context(answers, kind=kind, draft=draft, for_email=False)
            html = _render(kind, context)
            email_html = _render(kind, {**context, "for_email": True})
            draft.documents.append(
                DraftDocument(
                    kind=kind,
                    title=str(Document(kind).label),
                    subject=context["subject"],
                    html=html,
                    text=html_to_text(html),
                    recipient=context["recipient"],
                    email_body=html_to_text(email_html),
                )
            )
    return draft


def complaint_form_render(*, draft: Draft) -> str:
    """The complaint as sections matching an authority's online form, ready to paste."""
    with override(draft.answers.language):
        context = _context(draft.answers, kind=Document.COMPLAINT, draft=draft, for_email=True)
        return render_to_string("letters/complaint_form.html", context)


def document_render_pdf(*, document: DraftDocument) -> bytes:
    return html_to_pdf(document.html)
