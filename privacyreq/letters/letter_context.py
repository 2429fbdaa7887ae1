"""What a letter's templates are given: the answers, the parties, the dates and the phrases each
document kind needs, in the document's language. ``letters_draft`` renders each document from
it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from privacyreq.deadlines import assumed_receipt, authority_update_due, response_due
from privacyreq.letters.answer_phrases import (
    ACCESS_ITEMS,
    DATA_KINDS,
    SITUATIONS,
    SPECIAL_CATEGORIES,
    names_joined,
)
from privacyreq.letters.answers import Answers
from privacyreq.letters.choices import (
    COUNTRIES,
    SendChannel,
)
from privacyreq.letters.complaint_sections import FORM_SECTIONS
from privacyreq.letters.instruments import (
    complaint_instrument,
    regime_for,
    spelled_for,
    uk_controller_complaint,
)
from privacyreq.letters.kinds import REQUEST_KINDS, DocumentKind, kind_spec, request_sent_phrase
from privacyreq.letters.letter_facts import (
    DRAFT,
    FOLLOW_UP_OVERDUE,
    NOW,
    REPLY_OUTCOME,
    authority_party,
    complaint_mode,
    prior_context_read,
    services_used,
    situation_line,
    subject_line,
)
from privacyreq.letters.pdf import page_footer_css
from privacyreq.letters.request_story import (
    request_sent_text,
)
from privacyreq.reference.facts import letter_platform

if TYPE_CHECKING:
    from privacyreq.letters.services import Draft


def address_without_name(address: str, *, name: str) -> list[str]:
    """The address's lines, without a first line that only repeats the sender's name (which the
    letter prints above them already), compared without case or extra spaces."""
    lines = [line.strip() for line in address.splitlines() if line.strip()]
    if lines and " ".join(lines[0].split()).casefold() == " ".join(name.split()).casefold():
        return lines[1:]
    return lines


def letter_context(answers: Answers, *, kind: str, draft: Draft, for_email: bool) -> dict[str, Any]:
    """The context of one document of ``kind`` in ``draft`` (written for an email's body with
    ``for_email``)."""
    letter_date = answers.date
    controller = draft.controller
    authority = draft.authority
    is_complaint = kind == DocumentKind.COMPLAINT
    recipient = (
        authority_party(authority, language=answers.document_language(kind))
        if is_complaint and authority
        else controller
    )
    mode = complaint_mode(answers, draft) if is_complaint else ""
    received = draft.received_on or letter_date
    prior_context = prior_context_read(
        answers, country=controller.country, post_days=settings.LETTERS_POST_DAYS
    )
    # What the complaint argues from: the latest step that made it necessary. The end of a
    # follow-up's final period is the user's own date, not the controller's period: never that.
    history_outcome = next(
        (i.outcome for i in reversed(draft.history) if i.outcome not in ("", FOLLOW_UP_OVERDUE)),
        "",
    )
    if not draft.history and answers.prior_request:
        history_outcome = REPLY_OUTCOME.get(answers.prior_request.reply, "")
    sender_lines = [answers.full_name]
    regime = regime_for(answers.country)
    language = answers.document_language(kind)
    # What a complaint to this authority is made under (Article 77 GDPR, the UK GDPR, or a Swiss
    # report); "" for the letters to the organisation, which are no complaint to an authority.
    instrument = complaint_instrument(authority) if is_complaint else ""
    sender_lines += address_without_name(answers.postal_address, name=answers.full_name)
    return {
        "answers": answers,
        "document": kind,
        # The language this document is written in (its <html lang>, the PDF's /Lang).
        "language": language,
        # Translators: the page number at the foot of every page of a letter (PDF).
        "page_footer_css": page_footer_css(_("Page %(page)s of %(pages)s")),
        "subject": spelled_for(
            subject_line(kind, answers, controller, instrument), regime=regime, language=language
        ),
        "sender_lines": sender_lines,
        "controller": controller,
        # The platform as a letter may state it: facts no source confirms read as empty.
        "platform": letter_platform(draft.platform),
        # The services the user uses and all those the platform provides, as one list each in
        # this document's language ("Facebook and Instagram"); "" when not known.
        "services_used": names_joined(services_used(answers, draft.platform)),
        "platform_services": names_joined(
            draft.platform.service_names or [draft.platform.service_name]
        )
        if draft.platform
        else "",
        "authority": authority,
        "recipient": recipient,
        "letter_date": letter_date,
        "due_date": draft.due_date,
        # By post the letters say which arrival their due date assumes; None otherwise.
        "received_date": received if answers.sent_by == SendChannel.POST else None,
        "extended_due_date": response_due(received, country=controller.country, extended=True),
        # Art. 78(2) counts from lodging: a draft complaint, lodged later, has no date yet.
        "authority_due_date": (
            authority_update_due(letter_date, country=authority.country)
            if authority and mode != DRAFT
            else None
        ),
        "complaint_mode": mode,
        # A draft complaint waits for a reply date: the earlier request's, or the letters'. It
        # tells the request of that date, whose period ends then (banner, facts, infringement).
        "draft_due_date": draft.complaint_due_date if mode == DRAFT else None,
        "draft_requested_on": (
            answers.prior_request.sent_on if answers.prior_request else letter_date
        ),
        # How many requests the draft's period is about: the earlier one, or the letters.
        "draft_request_count": 1
        if answers.prior_request
        else sum(1 for d in answers.documents if d in REQUEST_KINDS),
        # A draft complaint tells the sending of the letters it goes with, as done, by the way the
        # user said they will send them (``sent_by``): it is lodged only after their month.
        "draft_sent_texts": [
            request_sent_text(kind=d, channel=answers.sent_by)
            for d in answers.documents
            if d in REQUEST_KINDS
        ]
        # After an earlier request, that request's own story is told instead.
        if mode == DRAFT and not answers.prior_request
        else [],
        **prior_context,
        # The kinds of data, in the letter's words (never the questionnaire's labels).
        "data_labels": [DATA_KINDS[value] for value in answers.data if value in DATA_KINDS],
        # The user's circumstances and the special categories they named, in the letter's words.
        "situation_labels": [
            situation_line(value, answers) for value in answers.situation if value in SITUATIONS
        ],
        "special_categories": [
            SPECIAL_CATEGORIES[value]
            for value in answers.sensitive_categories
            if value in SPECIAL_CATEGORIES
        ],
        "situations": set(answers.situation),
        "data_kinds": set(answers.data),
        "requested": [d for d in answers.documents if d != DocumentKind.COMPLAINT],
        # How the complaint names each request sent with it, in the complaint's language.
        "requests_sent": [request_sent_phrase(d) for d in answers.documents if d in REQUEST_KINDS],
        # The letters sent with a complaint, as its list of enclosures.
        # A complaint now is about failings that need no request: it encloses none.
        "enclosures": [
            str(kind_spec(d).enclosure) % {"day": date_format(letter_date, "DATE_FORMAT")}
            for d in answers.documents
            if d in REQUEST_KINDS
        ]
        if mode != NOW
        else [],
        "country_name": COUNTRIES.get(answers.country, answers.country),
        "regime": regime,
        "own_law_only": controller.uk_law_only,
        "instrument": instrument,
        # A UK resident's letter to the organisation is also a complaint under s.164A DPA 2018
        # once that section is in force on the letter's date (instruments.py keeps the date).
        "uk_controller_complaint": not is_complaint
        and uk_controller_complaint(regime=regime, letter_date=letter_date),
        "for_email": for_email,
        "history": draft.history,
        # What came back, from the tracked history or the earlier request's reply.
        "history_outcome": history_outcome,
        # A follow-up's final period ended without a complete reply.
        "follow_up_unanswered": any(i.outcome == FOLLOW_UP_OVERDUE for i in draft.history),
        "annexes": draft.annexes,
        "complaint_sections": FORM_SECTIONS if is_complaint else (),
        **_follow_up_context(answers, draft=draft),
    }


def _follow_up_context(answers: Answers, *, draft: Draft) -> dict[str, Any]:
    """What a reminder or a reply says of the request it follows up and of the final period it
    gives; the problems are always there (empty), as the other letters test them too."""
    prior = answers.prior_request
    context: dict[str, Any] = {
        "reply_problems": answers.reply_problems,
        "access_missing_lines": [
            ACCESS_ITEMS[value] for value in answers.access_missing if value in ACCESS_ITEMS
        ],
        "final_date": draft.final_date,
        "final_days": draft.final_days,
    }
    if prior is not None:
        received = prior.received_on or assumed_receipt(
            prior.sent_on,
            by_post=prior.channel == SendChannel.POST,
            post_days=settings.LETTERS_POST_DAYS,
        )
        context |= {
            "followed_request": request_sent_phrase(prior.document),
            "followed_sent_on": prior.sent_on,
            "followed_channel": prior.channel,
            "followed_reference": prior.reference,
            "followed_reply": prior.reply,
            # The one-month period, whatever the controller said of extending it: a reply about
            # a late or unreasoned extension says when the period really ended.
            "followed_month_due": response_due(received, country=draft.controller.country),
        }
    return context
