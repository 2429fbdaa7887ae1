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

from django.conf import settings
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import override

from privacyreq.deadlines import assumed_receipt, final_period_end, response_due
from privacyreq.letters.answers import OTHER, Answers, AnswersError, answers_parse
from privacyreq.letters.cache import fingerprint, memoised, pdf_key
from privacyreq.letters.choices import (
    SendChannel,
)
from privacyreq.letters.emails import mailto
from privacyreq.letters.instruments import (
    spelled_for,
)
from privacyreq.letters.kinds import FOLLOW_UP_KINDS, DocumentKind, kind_spec
from privacyreq.letters.letter_context import letter_context
from privacyreq.letters.letter_facts import (
    DRAFT,
    Party,
    ReferenceDataMissing,
    authority_for,
    complaint_language_default,
    complaint_mode,
    controller_party,
    prior_due,
)
from privacyreq.letters.multi import MultiError, answers_per_platform, is_multi
from privacyreq.letters.pdf import html_to_pdf, pdf_fingerprint
from privacyreq.letters.selectors import only_complaint_route, platforms_with_own_controllers
from privacyreq.letters.text import html_to_text, single_full_stops
from privacyreq.reference.models import Channel, Platform, SupervisoryAuthority
from privacyreq.reference.selectors import (
    country_regions,
    platform_for_letters,
    platform_service_slugs,
    platforms_without_letters,
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
    "partly", ``DEFICIENT``: a problem the user recorded with a reply), so the complaint can argue
    from it without parsing the text; ``FOLLOW_UP_OVERDUE`` marks the end of a follow-up's final
    period, which is told but never argued as the end of the period under Article 12(3).
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
    # A follow-up's final period (``final_period_days`` or ``LETTERS_FINAL_PERIOD_DAYS``) and the
    # day it ends, counted from the same receipt; None without a follow-up.
    final_days: int = 0
    final_date: dt.date | None = None
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


def _single_authority_route(raw: Any) -> Any:
    """A complaint whose lead and home authority are one (an Irish resident about X) needs no
    ``complaint_to``: there is nothing to choose, so the questionnaire does not ask either."""
    if not isinstance(raw, dict) or raw.get("complaint_to"):
        return raw
    documents = raw.get("documents")
    if not isinstance(documents, list) or DocumentKind.COMPLAINT not in documents:
        return raw
    platform, country = raw.get("platform"), raw.get("country")
    region = raw.get("region") or ""
    # Anything else is the validator's to report, on its own key.
    if not (isinstance(platform, str) and isinstance(country, str) and isinstance(region, str)):
        return raw
    route = (
        ""
        if platform == OTHER
        else only_complaint_route(platform=platform, country=country, region=region)
    )
    return {**raw, "complaint_to": route} if route else raw


def answers_validate(*, raw: Any, today: dt.date) -> Answers:
    """Check answers (from the questionnaire or a JSON file) against the reference data.

    Raises ``AnswersError`` listing every problem with the key it concerns.
    """
    services = platform_service_slugs()
    without_letters = platforms_without_letters()
    raw = _single_authority_route(raw)
    answers = answers_parse(
        raw,
        platforms=set(services) - without_letters,
        without_letters=without_letters,
        today=today,
        country_regions=country_regions(),
        platform_services=services,
        own_controllers=platforms_with_own_controllers(),
    )
    if DocumentKind.REMINDER in answers.documents and answers.prior_request:
        _reminder_check(answers)
    if DocumentKind.COMPLAINT in answers.documents and "complaint_language" not in raw:
        # Unless the answers say otherwise, the complaint is in its authority's language, as the
        # questionnaire's check page suggests (a French resident's complaint to the DPC: English).
        platform = (
            platform_for_letters(slug=answers.platform) if answers.platform != OTHER else None
        )
        try:
            authority = authority_for(answers, platform)
        except ReferenceDataMissing:
            return answers  # drafting says so
        if authority is None:
            return answers
        language = complaint_language_default(authority, answers.language)
        if language != answers.language:
            answers = dataclasses.replace(answers, complaint_language=language)
    return answers


def answers_validate_each(*, raw: Any, today: dt.date) -> list[Answers]:
    """``answers_validate`` for answers naming one platform or several (``multi``): one set of
    answers per platform, in the order chosen. Raises ``AnswersError`` with every problem, a
    platform's own named for it ("linkedin: complaint_to")."""
    if not is_multi(raw):
        return [answers_validate(raw=raw, today=today)]
    try:
        each = answers_per_platform(raw, platform_services=platform_service_slugs())
    except MultiError as error:
        raise AnswersError(error.problems) from None
    validated, problems = [], []
    for slug, single in each:
        try:
            validated.append(answers_validate(raw=single, today=today))
        except AnswersError as error:
            problems += [(f"{slug}: {key}", message) for key, message in error.problems]
    if problems:
        raise AnswersError(problems)
    return validated


def _reminder_check(answers: Answers) -> None:
    """A reminder says the reply date has passed: refuse one dated on or before it."""
    platform = platform_for_letters(slug=answers.platform) if answers.platform != OTHER else None
    if answers.platform != OTHER and platform is None:
        return  # the platform's own problem is reported by drafting
    due, _extended = prior_due(answers, country=controller_party(answers, platform).country)
    if due >= answers.date:
        raise AnswersError(
            [
                (
                    "prior_request.sent_on",
                    f"the answer to that request is due by {due.isoformat()}; a reminder is for "
                    f"after that date (the letters' date is {answers.date.isoformat()}).",
                )
            ]
        )


def _render(kind: str, context: dict[str, Any]) -> str:
    html = single_full_stops(render_to_string(f"letters/pdf/{kind}.html", context))
    # A Swiss resident's German documents in Swiss spelling (ss for ß), in one place.
    return spelled_for(html, regime=context["regime"], language=context["language"])


def _row(instance: Model | None) -> dict[str, Any] | None:
    """Every stored field of a reference row, as read: an admin's edit changes it."""
    if instance is None:
        return None
    # A translated field (modeltranslation) reads in the active language; its columns per
    # language are in the row too, so one language makes the key the same in every interface.
    with override(settings.LANGUAGE_CODE):
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
    reference rows the letters quote (the platform, its services, its controllers for other
    jurisdictions, its lead authority, the authority written to), as just read from the
    database. A template that starts quoting
    another table must add it here. Templates and code are the same for the life of the
    process, and so of the cache."""
    return fingerprint(
        "draft",
        dataclasses.asdict(answers),
        # LETTERS_POST_DAYS, through the arrival it gives; the earlier request's reply date (the
        # same setting) is written only in complaints, whose answers hold that request.
        received.isoformat(),
        settings.LETTERS_POST_DAYS,
        settings.LETTERS_FINAL_PERIOD_DAYS,
        [dataclasses.asdict(item) for item in history],
        list(annexes),
        _row(platform),
        [_row(service) for service in platform.service_list.all()] if platform else None,
        # The controller a UK or Swiss resident writes to (``controller_party``).
        [_row(entity) for entity in platform.entities.all()] if platform else None,
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
    return mailto(to, subject=subject, body=body)


def _documents_write(draft: Draft) -> list[DraftDocument]:
    answers = draft.answers
    documents = []
    for kind in answers.documents:
        with override(answers.document_language(kind)):
            context = letter_context(answers, kind=kind, draft=draft, for_email=False)
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
    follow_up = any(kind in FOLLOW_UP_KINDS for kind in answers.documents)
    final_days = (
        (answers.final_period_days or settings.LETTERS_FINAL_PERIOD_DAYS) if follow_up else 0
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
        final_days=final_days,
        final_date=final_period_end(received, days=final_days, country=controller.country)
        if follow_up
        else None,
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
        context = letter_context(
            draft.answers, kind=DocumentKind.COMPLAINT, draft=draft, for_email=True
        )
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
    return PdfFile(content=memoised(pdf_key(etag), lambda: html_to_pdf(html)), etag=etag)


def document_pdf(*, document: DraftDocument) -> PdfFile:
    """A letter's PDF, rendered once per process while it stays in the cache."""
    return html_pdf(html=document.html)


def document_pdf_etag(*, document: DraftDocument) -> str:
    """What ``document_pdf(document=document).etag`` will be, without rendering anything."""
    return pdf_fingerprint(document.html)


def document_text_etag(*, document: DraftDocument) -> str:
    """The text download's ETag: the SHA-256 of the text itself (the body, as UTF-8)."""
    return hashlib.sha256(document.text.encode()).hexdigest()
