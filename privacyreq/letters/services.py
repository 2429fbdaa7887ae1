"""Writing the documents: from validated answers to letters as HTML, text and PDF.

The web questionnaire and ``draft_letters`` both call ``letters_draft``; the web's PDFs come from
``document_pdf``, the command's from ``document_render_pdf``. Nothing here reads the request or
the clock, so the same answers always give the same letters. That is what lets ``letters_draft``,
``complaint_form_render`` and ``document_pdf`` keep what they make in the in-process document
cache (``cache.py``), keyed by a hash of every input, so the result page and the downloads do not
write the letters or render the PDFs again.
"""

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import override

from privacyreq.deadlines import assumed_receipt, authority_update_due, response_due
from privacyreq.letters.answer_phrases import (
    DATA_KINDS,
    SITUATIONS,
    SPECIAL_CATEGORIES,
    names_joined,
)
from privacyreq.letters.answers import OTHER, Answers, answers_parse
from privacyreq.letters.cache import fingerprint, memoised
from privacyreq.letters.choices import (
    COUNTRIES,
    SendChannel,
)
from privacyreq.letters.complaint_sections import FORM_SECTIONS
from privacyreq.letters.instruments import (
    complaint_instrument,
    spelled_for,
    uk_controller_complaint,
)
from privacyreq.letters.kinds import REQUEST_KINDS, DocumentKind, kind_spec, request_sent_phrase
from privacyreq.letters.letter_facts import (
    DRAFT,
    NOW,
    REPLY_OUTCOME,
    Party,
    ReferenceDataMissing,
    authority_for,
    authority_party,
    complaint_mode,
    controller_party,
    prior_context_read,
    prior_due,
    regime_for,
    services_used,
    situation_line,
    subject_line,
)
from privacyreq.letters.pdf import html_to_pdf, page_footer_css, pdf_fingerprint
from privacyreq.letters.request_story import (
    request_sent_text,
)
from privacyreq.letters.text import html_to_text, single_full_stops
from privacyreq.reference.models import Channel, Platform, SupervisoryAuthority
from privacyreq.reference.selectors import (
    country_regions,
    platform_for_letters,
    platform_service_slugs,
)


@dataclass(frozen=True)
class DraftDocument:
    kind: str
    subject: str
    html: str
    text: str
    recipient: Party
    email_body: str
    # A ready mailto: link with the subject and text (percent-encoding ~5,000 characters of letter
    # per document is most of the result page's time, so it is done once, with the draft).
    mailto: str = ""

    @property
    def filename(self) -> str:
        return kind_spec(self.kind).file_name("pdf")

    @property
    def title(self) -> str:
        """What the document is, in the reader's (interface) language, not the letter's."""
        return str(DocumentKind(self.kind).label)


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
    # The day the letters are taken to reach the controller, from which ``due_date`` counts: their
    # date, or by post that date plus ``LETTERS_POST_DAYS`` (None: their date).
    received_on: dt.date | None = None
    # The fingerprint of everything above it was written from (``_draft_key``); "" for a draft
    # built by hand, which is then never cached.
    key: str = field(default="", compare=False, repr=False)

    def document(self, kind: str) -> DraftDocument | None:
        return next((d for d in self.documents if d.kind == kind), None)

    @property
    def complaint_mode(self) -> str:
        """What the complaint is (``complaint_mode``); "" without a complaint."""
        if DocumentKind.COMPLAINT not in self.answers.documents:
            return ""
        return complaint_mode(self.answers, self)

    @property
    def complaint_due_date(self) -> dt.date:
        """The reply date a draft complaint waits for: the earlier request's when there is one
        (``prior_due``), else the letters'."""
        if self.answers.prior_request:
            return prior_due(self.answers, country=self.controller.country)[0]
        return self.due_date

    @property
    def complaint_from(self) -> dt.date:
        """The first day a draft complaint may go: the day after the reply date it waits for."""
        return self.complaint_due_date + dt.timedelta(days=1)


def answers_validate(*, raw: Any, today: dt.date) -> Answers:
    """Check answers (from the questionnaire or a JSON file) against the reference data.

    Raises ``AnswersError`` listing every problem with the key it concerns.
    """
    services = platform_service_slugs()
    return answers_parse(
        raw,
        platforms=set(services),
        today=today,
        country_regions=country_regions(),
        platform_services=services,
    )


def _context(answers: Answers, *, kind: str, draft: Draft, for_email: bool) -> dict[str, Any]:
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
    history_outcome = next((i.outcome for i in reversed(draft.history) if i.outcome), "")
    if not draft.history and answers.prior_request:
        history_outcome = REPLY_OUTCOME.get(answers.prior_request.reply, "")
    sender_lines = [answers.full_name]
    regime = regime_for(answers.country)
    language = answers.document_language(kind)
    # What a complaint to this authority is made under (Article 77 GDPR, the UK GDPR, or a Swiss
    # report); "" for the letters to the organisation, which are no complaint to an authority.
    instrument = complaint_instrument(authority) if is_complaint else ""
    sender_lines += [line.strip() for line in answers.postal_address.splitlines() if line.strip()]
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
        "platform": draft.platform,
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
        "instrument": instrument,
        # A UK resident's letter to the organisation is also a complaint under s.164A DPA 2018
        # once that section is in force on the letter's date (instruments.py keeps the date).
        "uk_controller_complaint": not is_complaint
        and uk_controller_complaint(regime=regime, letter_date=letter_date),
        "for_email": for_email,
        "history": draft.history,
        # What came back, from the tracked history or the earlier request's reply.
        "history_outcome": history_outcome,
        "annexes": draft.annexes,
        "complaint_sections": FORM_SECTIONS if is_complaint else (),
    }


def _render(kind: str, context: dict[str, Any]) -> str:
    html = single_full_stops(render_to_string(f"letters/pdf/{kind}.html", context))
    # A Swiss resident's German documents in Swiss spelling (ss for ß), in one place.
    return spelled_for(html, regime=context["regime"], language=context["language"])


def _row(instance: Model | None) -> dict[str, Any] | None:
    """Every stored field of a reference row, as read: an admin's edit changes it."""
    if instance is None:
        return None
    return {f.attname: f.value_from_object(instance) for f in instance._meta.concrete_fields}


def _draft_key(
    *,
    answers: Answers,
    received: dt.date,
    platform: Platform | None,
    authority: SupervisoryAuthority | None,
    history: tuple[HistoryItem, ...],
    annexes: tuple[str, ...],
) -> str:
    """The fingerprint of every input of a draft: all the answers (every field, so a new one
    cannot be forgotten), the story and annexes of an escalation, and every field of the
    reference rows the letters quote (the platform, its services, its lead authority, the
    authority written to), as just read from the database. A template that starts quoting
    another table must add it here. Templates and code are the same for the life of the
    process, and so of the cache."""
    return fingerprint(
        "draft",
        dataclasses.asdict(answers),
        # LETTERS_POST_DAYS, through the arrival it gives; the earlier request's reply date (the
        # same setting) is written only in complaints, whose answers hold that request.
        received.isoformat(),
        settings.LETTERS_POST_DAYS,
        [dataclasses.asdict(item) for item in history],
        list(annexes),
        _row(platform),
        [_row(service) for service in platform.service_list.all()] if platform else None,
        _row(platform.lead_authority) if platform else None,
        _row(authority),
    )


def _mailto(
    *,
    kind: str,
    controller: Party,
    authority: SupervisoryAuthority | None,
    subject: str,
    body: str,
    draft_mode: bool = False,
) -> str:
    """A ready email, or "" for a complaint to an authority that takes no plain email as a
    complaint (UODO, BG, LV, LT, SK …): offering one would make a complaint it refuses; and ""
    for a draft complaint, which has blanks to fill in and waits for the reply date."""
    if kind == DocumentKind.COMPLAINT:
        if authority is None or Channel.EMAIL not in authority.channel_list or draft_mode:
            return ""
        to = authority.email
    else:
        to = controller.email
    return f"mailto:{quote(to)}?subject={quote(subject)}&body={quote(body)}"


def _documents_write(draft: Draft) -> list[DraftDocument]:
    answers = draft.answers
    documents = []
    for kind in answers.documents:
        with override(answers.document_language(kind)):
            context = _context(answers, kind=kind, draft=draft, for_email=False)
            html = _render(kind, context)
            email_body = html_to_text(_render(kind, {**context, "for_email": True}))
            documents.append(
                DraftDocument(
                    kind=kind,
                    subject=context["subject"],
                    html=html,
                    text=html_to_text(html),
                    recipient=context["recipient"],
                    email_body=email_body,
                    mailto=_mailto(
                        kind=kind,
                        controller=draft.controller,
                        authority=draft.authority,
                        subject=context["subject"],
                        body=email_body,
                        draft_mode=context.get("complaint_mode") == DRAFT,
                    ),
                )
            )
    return documents


def letters_draft(
    *,
    answers: Answers,
    history: list[HistoryItem] | None = None,
    annexes: list[str] | None = None,
    post_days: int | None = None,
) -> Draft:
    """Write every document the answers ask for (HTML and text; PDFs are made on demand).

    ``history`` and ``annexes`` come from a tracked request being escalated: the complaint then
    tells what happened with that request and lists, in order, the annexes bundled with it.
    ``post_days`` (default ``LETTERS_POST_DAYS``) is how long letters sent by post are assumed to
    take to arrive: their reply date counts from then.

    The same inputs give the same documents, so they come from the document cache when this
    process wrote them recently. The reference data is read every time (a few cheap queries)
    and is part of the key, so an edit to a platform or an authority shows in the next draft.
    """
    platform = None
    if answers.platform != OTHER:
        platform = platform_for_letters(slug=answers.platform)
        if platform is None:
            raise ReferenceDataMissing(f"Unknown platform {answers.platform!r}.")
    controller = controller_party(answers, platform)
    authority = authority_for(answers, platform)
    history_items, annex_titles = tuple(history or ()), tuple(annexes or ())
    received = assumed_receipt(
        answers.date,
        by_post=answers.sent_by == SendChannel.POST,
        post_days=settings.LETTERS_POST_DAYS if post_days is None else post_days,
    )
    draft = Draft(
        answers=answers,
        controller=controller,
        platform=platform,
        authority=authority,
        due_date=response_due(received, country=controller.country),
        history=history_items,
        annexes=annex_titles,
        received_on=received,
        key=_draft_key(
            answers=answers,
            received=received,
            platform=platform,
            authority=authority,
            history=history_items,
            annexes=annex_titles,
        ),
    )
    # Only the written documents are cached (plain strings), not the model rows: the draft gets
    # the rows just read, and the cache never holds an unpickled copy of a model instance.
    draft.documents.extend(memoised(f"draft:{draft.key}", lambda: _documents_write(draft)))
    return draft


def _complaint_form_write(draft: Draft) -> str:
    with override(draft.answers.document_language(DocumentKind.COMPLAINT)):
        context = _context(draft.answers, kind=DocumentKind.COMPLAINT, draft=draft, for_email=True)
        html = single_full_stops(render_to_string("letters/complaint_form.html", context))
        # Still our own rendered template (the steps above only drop a full stop or spell ß as
        # ss), so it stays safe to include in the result page as markup.
        return mark_safe(spelled_for(html, regime=context["regime"], language=context["language"]))


def complaint_form_render(*, draft: Draft) -> str:
    """The complaint as sections matching an authority's online form, ready to paste."""
    if not draft.key:
        return _complaint_form_write(draft)
    # Written from the same inputs as the draft, so the draft's key covers it.
    return memoised(f"complaint-form:{draft.key}", lambda: _complaint_form_write(draft))


@dataclass(frozen=True)
class PdfFile:
    content: bytes
    # SHA-256 (hex) of everything the bytes depend on (``pdf_fingerprint``); quoted, the ETag.
    etag: str


def document_render_pdf(*, document: DraftDocument) -> bytes:
    """Render the PDF now, bypassing the cache (the command line, and tests that compare)."""
    return html_to_pdf(document.html)


def html_pdf(*, html: str) -> PdfFile:
    """The PDF of a complete HTML document, from the document cache or rendered and cached.

    Keyed by the content's fingerprint, never by who asks: one can only reach a cached PDF by
    having its exact HTML, i.e. by drafting the same letter from one's own answers.
    """
    etag = pdf_fingerprint(html)
    return PdfFile(content=memoised(f"pdf:{etag}", lambda: html_to_pdf(html)), etag=etag)


def document_pdf(*, document: DraftDocument) -> PdfFile:
    """A letter's PDF, rendered once per process while it stays in the cache."""
    return html_pdf(html=document.html)


def document_pdf_etag(*, document: DraftDocument) -> str:
    """What ``document_pdf(document=document).etag`` will be, without rendering anything."""
    return pdf_fingerprint(document.html)


def document_text_etag(*, document: DraftDocument) -> str:
    """The text download's ETag: the SHA-256 of the text itself (the body, as UTF-8)."""
    return hashlib.sha256(document.text.encode()).hexdigest()
