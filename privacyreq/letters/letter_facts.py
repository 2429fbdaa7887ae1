"""What a draft reads from the answers and the reference data before any template is rendered:
the parties (the controller, the authority), the legal regime of the user's country, a document's
subject line, the services the user named, the user's situation in the letters' words, and the
dates and outcome of an earlier request. ``services.py`` assembles them into each document's
context."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from privacyreq.deadlines import assumed_receipt, response_due
from privacyreq.letters.answer_phrases import (
    SITUATIONS,
    WORK_AS,
)
from privacyreq.letters.answers import Answers
from privacyreq.letters.choices import (
    COUNTRIES,
    LANGUAGES,
    PriorReply,
    SendChannel,
    Situation,
    StrOrPromise,
)
from privacyreq.letters.kinds import REQUEST_KINDS, DocumentKind, kind_spec
from privacyreq.letters.request_story import (
    acknowledged_text,
    extended_text,
    outcome_text,
    period_ended_text,
    request_sent_text,
)
from privacyreq.letters.routing import complaint_authority
from privacyreq.letters.selectors import complaint_authorities_read, platform_entity
from privacyreq.reference.facts import letter_fact
from privacyreq.reference.models import Platform, SupervisoryAuthority


class ReferenceDataMissing(Exception):
    """The answers name a platform or country whose reference record is gone."""


if TYPE_CHECKING:
    from privacyreq.letters.services import Draft


@dataclass(frozen=True)
class Party:
    """Whoever a document is addressed to: a controller or a supervisory authority."""

    name: str
    address_lines: Sequence[StrOrPromise]
    country: str
    service_name: str = ""
    email: str = ""
    web_form_url: str = ""
    short_name: str = ""
    # For a platform's controller in another jurisdiction than the EU/EEA (``PlatformEntity``):
    # "uk" or "ch"; "" for the platform's EU/EEA controller, an authority, or one the user typed.
    jurisdiction: str = ""

    @property
    def uk_law_only(self) -> bool:
        """Written to the platform's own company for UK users (LinkedIn Corporation): the EU GDPR
        does not reach that company's processing (no EU establishment involved, and the user is
        not in the Union), so the letters and the result page rely on the UK's own law alone."""
        return self.jurisdiction == "uk"


# Countries where a controller is established but nobody writes from (COUNTRIES lists where users
# live): named in the reader's language on the envelope and beside the holidays counted.
ESTABLISHMENT_COUNTRIES: dict[str, StrOrPromise] = {
    "US": _("United States"),
}


def country_name(code: str) -> StrOrPromise:
    """A country's name in the active language, from its ISO code; the code when we have none."""
    if code in COUNTRIES:
        return COUNTRIES[code]
    return ESTABLISHMENT_COUNTRIES.get(code, code)


def postal_lines(lines: list[str], country: str) -> Sequence[StrOrPromise]:
    """A reference address with its last line, the country (as the data is kept), named in the
    language of whatever renders it: the letter's, or the reader's on the result page. Postal
    custom wants the destination country in the sender's language; the rest of the address stays
    as the destination writes it."""
    if not lines or (country not in COUNTRIES and country not in ESTABLISHMENT_COUNTRIES):
        return lines
    return [*lines[:-1], country_name(country)]


def controller_party(answers: Answers, platform: Platform | None) -> Party:
    if platform is not None:
        entity = platform_entity(platform, country=answers.country)
        if entity is not None:
            return Party(
                name=entity.legal_entity,
                service_name=platform.service_name,
                address_lines=postal_lines(entity.address_lines, entity.country),
                country=entity.country,
                email=entity.privacy_email,
                web_form_url=entity.privacy_form_url,
                jurisdiction=entity.jurisdiction,
            )
        country = letter_fact(platform, "country")
        return Party(
            name=letter_fact(platform, "legal_entity"),
            service_name=platform.service_name,
            address_lines=postal_lines(letter_fact(platform, "address_lines"), country),
            country=country,
            email=letter_fact(platform, "privacy_email"),
            web_form_url=letter_fact(platform, "privacy_form_url"),
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


def authority_for(answers: Answers, platform: Platform | None) -> SupervisoryAuthority | None:
    if DocumentKind.COMPLAINT not in answers.documents:
        return None
    authorities = complaint_authorities_read(
        platform=platform, country=answers.country, region=answers.region
    )
    authority = complaint_authority(authorities, answers.complaint_to)
    if authority is None:
        raise ReferenceDataMissing(f"No supervisory authority for {answers.country}.")
    return authority


def complaint_language_default(authority: SupervisoryAuthority, letter_language: str) -> str:
    """The complaint's language unless the user chooses another: the letters' language where the
    authority takes complaints in it (a Swiss resident writing French to the EDÖB); else its
    default one (the DPC: English; the EDÖB: German), else the first of its languages we write,
    else the letters' language."""
    if letter_language in authority.language_list:
        return letter_language
    preferred = [authority.default_language, *authority.language_list]
    return next((code for code in preferred if code in LANGUAGES), letter_language)


def authority_party(authority: SupervisoryAuthority, *, language: str) -> Party:
    # Named as it names itself in the letter's language where it has an official name in it
    # ("Prezes Urzędu Ochrony Danych Osobowych", "Préposé fédéral …").
    return Party(
        name=authority.name_in(language),
        short_name=authority.short_name,
        address_lines=postal_lines(authority.address_lines, authority.country),
        country=authority.country,
        email=authority.email,
        web_form_url=authority.complaint_form_url,
    )


def subject_line(kind: str, answers: Answers, controller: Party, instrument: str) -> str:
    account = f" ({answers.account})" if answers.account else ""
    subject = str(kind_spec(kind).subject_under(instrument))
    if kind == DocumentKind.COMPLAINT:
        subject %= {"controller": controller.name}
    return subject + account


def services_used(answers: Answers, platform: Platform | None) -> list[str]:
    """The names of the platform's services the letters say the user uses.

    Those chosen, as far as the platform still lists them (a stored case may name one an admin
    removed since); a platform with one service, that one, as the questionnaire implies it; a
    platform without a list, its name. [] when the user named none of several: the letters then
    speak of the company's services and never call the company itself a service.
    """
    if platform is None:
        return []
    services = list(platform.service_list.all())
    if answers.services:
        return [service.name for service in services if service.slug in answers.services]
    if len(services) == 1:
        return [services[0].name]
    return [] if services else [platform.service_name]


def situation_line(value: str, answers: Answers) -> str:
    line = str(SITUATIONS[value])
    if value == Situation.PROFESSIONAL_SECRECY and answers.profession:
        # Two whole sentences, each translated on its own.
        return f"{WORK_AS % {'profession': answers.profession}} {line}"
    return line


# What the complaint is, by what the answers say about requests (``complaint_mode``).
HISTORY, PRIOR, NOW, DRAFT = "history", "prior", "now", "draft"
# The outcomes of a tracked story's steps besides "overdue", "refused" and "partly" (see
# ``services.HistoryItem``): a problem recorded with a reply, and a follow-up's final period ended.
DEFICIENT, FOLLOW_UP_OVERDUE = "deficient", "follow_up_overdue"
# An earlier request's reply, as the outcome a tracked request records (the complaint's sentences
# about a refusal or a partial answer are the same for both).
REPLY_OUTCOME: dict[str, str] = {PriorReply.REFUSED: "refused", PriorReply.PARTIAL: "partly"}


def prior_due(
    answers: Answers, *, country: str, post_days: int | None = None
) -> tuple[dt.date, bool]:
    """An earlier request's reply date (Art. 12(3), from its assumed receipt; three months when the
    controller said it extended) and whether it was extended. Only with ``prior_request``."""
    prior = answers.prior_request
    assert prior is not None
    if post_days is None:
        post_days = settings.LETTERS_POST_DAYS
    by_post = prior.channel == SendChannel.POST
    received = prior.received_on or assumed_receipt(
        prior.sent_on, by_post=by_post, post_days=post_days
    )
    extended = prior.reply == PriorReply.EXTENSION
    return response_due(received, country=country, extended=extended), extended


def complaint_mode(answers: Answers, draft: Draft) -> str:
    """ "history": a tracked request escalated; "prior": an earlier request the user told of, whose
    reply came (a refusal, a partial answer) or whose reply date has passed; "now": a complaint now
    about failings that need no request; "draft": a complaint for after the reply date of the
    earlier request, or of the letters sent with it; "" when there is no request at all."""
    if draft.history:
        return HISTORY
    if answers.prior_request:
        # Until its reply date has passed the controller may still answer in full: the complaint
        # waits for it, as one without an earlier request waits for the letters' (issue 15).
        due, _extended = prior_due(answers, country=draft.controller.country)
        if answers.prior_request.reply not in REPLY_OUTCOME and due >= answers.date:
            return DRAFT
        return PRIOR
    if answers.complaint_now:
        return NOW
    if any(d in REQUEST_KINDS for d in answers.documents):
        return DRAFT
    return ""


def prior_context_read(answers: Answers, *, country: str, post_days: int) -> dict[str, Any]:
    """What the complaint says of an earlier request: its dated sending, its reply date (extended
    if the controller said so), whether that passed by the complaint's date, and what came back."""
    prior = answers.prior_request
    if prior is None:
        return {"prior_due_date": None, "prior_overdue": False}
    due, extended = prior_due(answers, country=country, post_days=post_days)
    answered = prior.reply in REPLY_OUTCOME
    # What came back, as a tracked request's story tells it (a clause: the template starts it
    # with a capital, as the reply's date is not known).
    kind = prior.document or "request"
    if answered:
        reply = outcome_text(outcome=REPLY_OUTCOME[prior.reply], kind=kind)
    elif prior.reply == PriorReply.ACKNOWLEDGED:
        reply = acknowledged_text(kind=kind)
    elif extended:
        reply = extended_text(due=due)
    else:
        reply = ""
    return {
        "prior_due_date": due,
        "prior_extended": extended,
        "prior_overdue": not answered and due < answers.date,
        "prior_reply_text": reply,
        "prior_ended_text": period_ended_text(extended=extended),
        # The same sentence a tracked request's story tells; None when the old answers did not
        # say which request or how (the complaint then says "my request").
        "prior_sent_text": request_sent_text(
            kind=prior.document, channel=prior.channel, reference=prior.reference
        )
        if prior.document and prior.channel
        else None,
        "prior_enclosure": str(kind_spec(prior.document).enclosure)
        % {"day": date_format(prior.sent_on, "DATE_FORMAT")}
        if prior.document
        else "",
    }
