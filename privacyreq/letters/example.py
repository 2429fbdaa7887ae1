"""The example letter: an objection to X written for a made-up person, shown on the home page.

A newcomer wants to see what they will get before answering anything. The example is written by
the same code as every visitor's letters (``answers_validate`` and ``letters_draft``, from the
answers below), so it can never drift from them: a change to a clause changes the example.

The home page shows only its start (``example_preview``: recipient, subject, opening paragraphs),
read from the letter's own HTML; ``/example/objection.pdf`` serves the whole letter through the
same PDF code as the downloads. Both are in the interface language, dated today, and kept in the
in-process document cache (``cache.py``), so the most visited page writes the letter at most
once per language, day and cache period (DOCUMENT_CACHE_SECONDS), and never renders a PDF.
"""

import dataclasses
from dataclasses import dataclass
from html.parser import HTMLParser

from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import get_language, override, pgettext

from privacyreq.letters.answers import AnswersError
from privacyreq.letters.cache import ALIAS
from privacyreq.letters.choices import LANGUAGES
from privacyreq.letters.kinds import DocumentKind
from privacyreq.letters.letter_facts import ReferenceDataMissing
from privacyreq.letters.services import (
    DraftDocument,
    answers_validate,
    letters_draft,
)
from privacyreq.reference.selectors import platform_service_slugs

EXAMPLE_KIND = DocumentKind.OBJECTION
EXAMPLE_PLATFORM = "x"
# How many of the letter's blocks after the subject line the preview shows: the salutation, the
# objection itself, and the paragraph (and list) saying which data it concerns. The rest fades out.
PREVIEW_BLOCKS = 4


def example_language(language: str | None = None) -> str:
    """The letter language for an interface language ("de-at" → "de"); English for any other."""
    code = (language or get_language() or "en").lower().split("-")[0]
    return code if code in LANGUAGES else "en"


def example_answers(*, language: str, day: str, services: tuple[str, ...] = ()) -> dict:
    """The example's answers, in the questionnaire's format: a made-up X user in Ireland (where X's
    European controller is), objecting in ``language``, dated ``day`` (ISO), using ``services``
    (slugs of the platform's services)."""
    with override(language):
        # Translators: The name of the made-up person who writes the example letter on the home
        # page. Use your language's stock example name, one nobody takes for a real person (de
        # "Erika Mustermann", fr "Marie Exemple", pl "Jan Przykładowy").
        name = pgettext("example letter", "Alex Example")
    return {
        "platform": EXAMPLE_PLATFORM,
        "country": "IE",
        "full_name": name,
        "email": "example@example.org",
        "account": "@example",
        "services": list(services),
        "data": ["posts", "ai_chats"],
        "situation": [],
        "documents": [EXAMPLE_KIND.value],
        "language": language,
        "date": day,
    }


def example_document(*, language: str) -> DraftDocument | None:
    """The example objection, written today in ``language``; None without the platform in the
    reference data (an empty database: the home page then shows no example)."""
    today = timezone.localdate()
    # The service named like the platform ("X"), so the letter opens "I use X with the account
    # @example", as most visitors' do; none if an admin has renamed it.
    services = tuple(s for s in platform_service_slugs().get(EXAMPLE_PLATFORM, ()) if s == "x")
    raw = example_answers(language=language, day=today.isoformat(), services=services)
    try:
        draft = letters_draft(answers=answers_validate(raw=raw, today=today))
    except (AnswersError, ReferenceDataMissing):
        return None
    return draft.document(EXAMPLE_KIND)


@dataclass(frozen=True)
class Block:
    """One block of the letter as the preview shows it: its role and its lines of text.

    ``role``: "sender", "remark", "recipient", "date" and "subject" (the letterhead, by the
    classes of letters/pdf/base.html), "heading", "list" (one line per item) or "paragraph".
    """

    role: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class ExamplePreview:
    language: str
    # The platform's name as the caption names it ("X").
    service: str
    blocks: tuple[Block, ...]


_BLOCK_TAGS = {"address", "p", "h1", "h2", "h3", "ul", "ol"}
_VOID = {"br", "img", "meta", "link", "hr", "input", "wbr"}
_ROLES = {"sender", "remark", "recipient", "date", "subject"}


class _BlockReader(HTMLParser):
    """The letter's text blocks in order, without what the text version skips (fold marks, the
    envelope's return address) and without its markup: the preview is text, not the letter's
    headings and landmarks, which would disturb the home page's outline."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self._block: tuple[str, str] | None = None  # (tag, role) of the block being read
        self._lines: list[str] = []

    def _skipping(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        skipped = self._skipping() or tag in ("head", "style", "title")
        skipped = skipped or "data-text-skip" in attributes
        if tag not in _VOID:
            self._stack.append((tag, skipped))
        if skipped:
            return
        if self._block is None and tag in _BLOCK_TAGS:
            classes = set((attributes.get("class") or "").split())
            role = next(iter(classes & _ROLES), "")
            if not role:
                role = {"ul": "list", "ol": "list", "h2": "heading", "h3": "heading"}.get(
                    tag, "paragraph"
                )
            self._block, self._lines = (tag, role), [""]
        elif self._block is not None and tag in ("br", "li"):
            self._lines.append("")

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        while self._stack:
            open_tag, _skipped = self._stack.pop()
            if open_tag == tag:
                break
        if self._block is not None and self._block[0] == tag:
            lines = tuple(line.strip() for line in self._lines if line.strip())
            if lines:
                self.blocks.append(Block(role=self._block[1], lines=lines))
            self._block = None

    def handle_data(self, data):
        if self._block is None or self._skipping():
            return
        self._lines[-1] += data


def letter_blocks(html: str) -> tuple[Block, ...]:
    """Every text block of a letter's HTML, in order."""
    reader = _BlockReader()
    reader.feed(html)
    reader.close()
    return tuple(
        dataclasses.replace(block, lines=tuple(" ".join(line.split()) for line in block.lines))
        for block in reader.blocks
    )


def _preview_write(language: str) -> ExamplePreview | None:
    document = example_document(language=language)
    if document is None:
        return None
    blocks = letter_blocks(document.html)
    subject = next((i for i, block in enumerate(blocks) if block.role == "subject"), -1)
    return ExamplePreview(
        language=language,
        service=document.recipient.service_name or document.recipient.name,
        blocks=blocks[: subject + 1 + PREVIEW_BLOCKS],
    )


def example_preview(*, language: str | None = None) -> ExamplePreview | None:
    """The start of the example letter in the interface language (or ``language``), from the
    document cache when this process wrote it today; None without the reference data (not
    cached, so the example appears as soon as the data is loaded)."""
    language = example_language(language)
    key = f"example-preview:{language}:{timezone.localdate().isoformat()}"
    cache = caches[ALIAS]
    preview = cache.get(key)
    if preview is None:
        preview = _preview_write(language)
        if preview is not None:
            cache.set(key, preview)
    return preview
