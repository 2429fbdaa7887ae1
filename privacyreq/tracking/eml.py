"""A reply the user saved as an email (``.eml``): who wrote to whom, when, about what, its text
and its attachments, for the complaint's annex.

Pure: bytes in, a frozen record out; nothing is fetched, nothing stored. Python's ``email``
package does the MIME work. This module decides what counts as an email, by content (a header
block, a sender, a date or a subject, and a text or an attachment), and bounds what a hostile
file can cost: the header block, each header, the number of parts, the attachments, the HTML
and the text are capped. Unknown charsets, broken transfer encodings and malformed MIME become
replacement characters or empty parts, never exceptions; only a file that is no email at all,
or one that cannot be parsed, is refused. An HTML body is turned into text, never rendered, so
nothing it links to (images, stylesheets, tracking pixels) is ever loaded.
"""

import codecs
import datetime as dt
import email
import email.policy
import email.utils
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from email.message import Message
from typing import TypeVar

from django.utils.translation import gettext as _

from privacyreq.letters.text import html_to_text

# Real header blocks (long Received/DKIM/ARC chains) stay well under this; past it the file is
# not an email we accept.
MAX_HEADER_BYTES = 512 * 1024
# One header as read (a To with thousands of recipients is cut): bounds the header parser's work.
MAX_HEADER_CHARS = 8_000
# What is shown of a header on the annex page.
MAX_HEADER_SHOWN = 2_000
MAX_PARTS = 500
MAX_DEPTH = 20
MAX_ATTACHMENTS = 20
MAX_HTML_CHARS = 1_000_000
# The text printed in the annex: some 30 pages of prose, some 55 of short lines. A reply is far
# shorter; past that it is a thread's history, and each page costs the renderer time.
MAX_TEXT_CHARS = 100_000
MAX_TEXT_LINES = 3_000
SHORTENED_MARK = "[…]"
MAX_FILENAME_CHARS = 120

# RFC 5322 field names: printable ASCII but the colon (spaces before the colon are obsolete
# syntax, still seen).
_FIELD_LINE = re.compile(rb"[\x21-\x39\x3b-\x7e]+[ \t]*:")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")  # all but the tab
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_LINE_BREAK = re.compile(rb"\r?\n")
# Control characters other than tab and line feed, which a PDF cannot show and XML forbids.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
# A tag as the HTML → text step may see it: its attributes stop at the next "<", so looking for
# the end of one tag never rereads the text after it (html.parser is quadratic on "<a<a<a…").
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:._-]*(?:[\s/][^<>]*)?>")
_DECLARATION = re.compile(r"<[!?][^<>]*>")
_CELL_END = re.compile(r"(?i)</t[dh]\s*>")


T = TypeVar("T")


class EmailUnreadable(ValueError):
    """The message is for the user."""


@dataclass(frozen=True)
class EmailAttachment:
    filename: str  # as the email names it, without any folder; "" if it gives none
    content_type: str  # as declared, never trusted: the bundle checks the bytes
    size: int
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class ParsedEmail:
    sender: str
    to: str
    cc: str
    date_text: str  # the Date header as written
    date: dt.datetime | None  # the same, when it can be read
    subject: str
    text: str
    text_shortened: bool
    attachments: tuple[EmailAttachment, ...]
    attachments_not_listed: int  # past MAX_ATTACHMENTS


def _unreadable() -> EmailUnreadable:
    return EmailUnreadable(
        _(
            "The email cannot be read. Save it again from your email program as an .eml file "
            "and attach that."
        )
    )


def _without_bom(data: bytes) -> bytes:
    return data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data


def looks_like_email(data: bytes) -> bool:
    """Whether ``data`` starts with a block of email headers ended by an empty line: text, one
    ``Name: value`` field per line (or a folded continuation), no binary bytes."""
    head = _without_bom(data[: MAX_HEADER_BYTES + len(codecs.BOM_UTF8)])
    end = _HEADER_END.search(head)
    if end is None or end.start() == 0:
        return False
    lines = _LINE_BREAK.split(head[: end.start()])
    if lines[0].startswith(b"From "):  # the separator line of a message saved from an mbox
        lines = lines[1:]
    if not lines or not _FIELD_LINE.match(lines[0]):
        return False
    return all(
        not _CONTROL_BYTES.search(line)
        and (line[:1] in (b" ", b"\t") or _FIELD_LINE.match(line) is not None)
        for line in lines
    )


def _unsurrogate(text: str) -> str:
    # Undecodable header bytes come back from the parser as surrogate escapes.
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeError:
        return text.encode("utf-8", "replace").decode("utf-8")


def _shown(text: str, limit: int = MAX_HEADER_SHOWN) -> str:
    text = _SPACES.sub(" ", _CONTROL.sub(" ", _unsurrogate(text))).strip()
    return text if len(text) <= limit else text[:limit].rstrip() + " " + SHORTENED_MARK


def _tolerant(read: Callable[[], T], default: T) -> T:
    """``read()``, or ``default`` where the email package fails on a malformed part or header
    (it has known crashes on odd input): one bad header must not make the whole email
    unreadable."""
    try:
        return read()
    except Exception:
        return default


def _encoded_words(text: str) -> str:
    """``text`` with RFC 2047 encoded words ("=?UTF-8?B?...?=") decoded."""
    return _tolerant(lambda: str(make_header(decode_header(text))), text)


def _header_value(message: Message, name: str, raw: str) -> str:
    raw = raw[:MAX_HEADER_CHARS]
    # The policy decodes encoded words and reads address lists; a header it cannot read is
    # shown with its encoded words decoded the old way, or as written.
    policy = message.policy
    return _tolerant(lambda: str(policy.header_fetch_parse(name, raw)), _encoded_words(raw))


def _header(message: Message, name: str, *, every: bool = False) -> str:
    values = []
    for key, raw in message.raw_items():
        if key.lower() == name.lower():
            value = _shown(_header_value(message, key, raw))
            if value:
                values.append(value)
            if values and not every:
                break
    return _shown(", ".join(values))


def _date(text: str) -> dt.datetime | None:
    if not text:
        return None
    try:
        return email.utils.parsedate_to_datetime(text)
    except (ValueError, TypeError, IndexError, OverflowError):
        return None


@dataclass
class _Leaf:
    part: Message
    alternative: int | None  # id() of the nearest multipart/alternative around it


def _leaves(message: Message) -> list[_Leaf]:
    """The message's single parts in order. An email inside the email (message/rfc822) is one
    part, not opened; past MAX_DEPTH or MAX_PARTS nothing more is looked at."""
    found: list[_Leaf] = []
    stack: list[tuple[Message, int, int | None]] = [(message, 0, None)]
    seen = 0
    while stack and seen < MAX_PARTS:
        part, depth, alternative = stack.pop()
        seen += 1
        container = _tolerant(part.get_content_maintype, "") == "multipart"
        if not (container and part.is_multipart()):
            found.append(_Leaf(part, alternative))
            continue
        if depth >= MAX_DEPTH:
            continue
        children = part.get_payload()
        if not isinstance(children, list):
            continue
        subtype = _tolerant(part.get_content_subtype, "")
        inner = id(part) if subtype == "alternative" else alternative
        stack.extend((child, depth + 1, inner) for child in reversed(children))
    return found


def _disposition(part: Message) -> tuple[str, str]:
    """The part's disposition ("attachment", "inline" or "") and its file name ("" if none)."""
    disposition = _tolerant(part.get_content_disposition, None) or ""
    name = str(_tolerant(part.get_filename, None) or "")
    if "=?" in name:  # an encoded word where RFC 2231 was meant: common, and easy to read
        name = _encoded_words(name)
    # Only the name: a path in it names a folder on the sender's machine.
    name = re.split(r"[/\\]", _unsurrogate(str(name)))[-1]
    name = _shown(name, limit=10 * MAX_FILENAME_CHARS)
    if len(name) > MAX_FILENAME_CHARS:
        # Cut in the middle, keeping the extension the reader goes by.
        stem, dot, extension = name.rpartition(".")
        suffix = f".{extension}" if dot and stem and len(extension) <= 10 else ""
        name = name[: MAX_FILENAME_CHARS - len(suffix) - 1] + "…" + suffix
    return disposition, name


def _content_type(part: Message) -> str:
    return _shown(_tolerant(part.get_content_type, "application/octet-stream"), limit=100)


def _part_bytes(part: Message) -> bytes:
    payload = _tolerant(lambda: part.get_payload(decode=True), None)
    if isinstance(payload, bytes):
        return payload
    inner = _tolerant(part.get_payload, None)
    if isinstance(inner, list) and inner and isinstance(inner[0], Message):
        # message/rfc822: the email inside, as written.
        return _tolerant(inner[0].as_bytes, b"")
    return b""


def _decoded(part: Message, data: bytes) -> str:
    charset = str(_tolerant(part.get_content_charset, None) or "utf-8").strip()
    if charset.lower() in ("us-ascii", "ascii"):
        # Mail programs often label 8-bit text as ASCII; UTF-8 is what it usually is.
        try:
            return data.decode("utf-8")
        except UnicodeError:
            pass
    try:
        return data.decode(charset, "replace")
    except (LookupError, UnicodeError, ValueError, TypeError):
        return data.decode("utf-8", "replace")


def _safe_html(html: str) -> str:
    """The HTML with every "<" that does not open a complete tag written as text and comments,
    declarations and processing instructions left out, in one linear pass."""
    out: list[str] = []
    position = 0
    while True:
        start = html.find("<", position)
        if start < 0:
            out.append(html[position:])
            break
        out.append(html[position:start])
        if html.startswith("<!--", start):
            end = html.find("-->", start + 4)
            if end < 0:
                break
            position = end + 3
            continue
        tag = _TAG.match(html, start)
        if tag is not None:
            # A space after a table cell, or its text runs into the next cell's.
            out.append(tag.group(0) + (" " if _CELL_END.fullmatch(tag.group(0)) else ""))
            position = tag.end()
        elif (declaration := _DECLARATION.match(html, start)) is not None:
            position = declaration.end()
        else:
            out.append("&lt;")
            position = start + 1
    return "".join(out)


def _part_text(part: Message) -> tuple[str, bool]:
    """The part's text (an HTML part as text) and whether it had to be cut."""
    text = _decoded(part, _part_bytes(part))
    cut = False
    if part.get_content_subtype() == "html":
        cut = len(text) > MAX_HTML_CHARS
        text = html_to_text(_safe_html(text[:MAX_HTML_CHARS]))
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.strip("\n"), cut


def _body(message: Message, texts: list[_Leaf]) -> _Leaf | None:
    get_body = message.get_body  # type: ignore[attr-defined]  # EmailMessage's, by the policy
    body = _tolerant(lambda: get_body(preferencelist=("plain", "html")), None)
    for leaf in texts:
        if leaf.part is body:
            return leaf
    plain = [leaf for leaf in texts if leaf.part.get_content_subtype() == "plain"]
    return (plain or texts)[0] if texts else None


def _shown_texts(message: Message, texts: list[_Leaf]) -> list[_Leaf]:
    """The body, and the text parts beside it (a mail program may split a text around an inline
    attachment), but of each set of alternatives (plain text and HTML) only one."""
    body = _body(message, texts)
    chosen: dict[int, _Leaf] = {}
    if body is not None and body.alternative is not None:
        chosen[body.alternative] = body
    for leaf in texts:
        if leaf.alternative is not None and leaf.alternative not in chosen:
            group = [other for other in texts if other.alternative == leaf.alternative]
            plain = [other for other in group if other.part.get_content_subtype() == "plain"]
            chosen[leaf.alternative] = (plain or group)[0]
    return [leaf for leaf in texts if leaf.alternative is None or chosen[leaf.alternative] is leaf]


def _text(message: Message, texts: list[_Leaf]) -> tuple[str, bool]:
    pieces, shortened = [], False
    for leaf in _shown_texts(message, texts):
        piece, cut = _part_text(leaf.part)
        shortened = shortened or cut
        if piece.strip():
            pieces.append(piece)
    text = "\n\n".join(pieces)
    if len(text) > MAX_TEXT_CHARS:
        # At a line's end if there is one near the limit.
        cut_at = text.rfind("\n", MAX_TEXT_CHARS - 2_000, MAX_TEXT_CHARS)
        text = text[: cut_at if cut_at > 0 else MAX_TEXT_CHARS]
        shortened = True
    lines = text.split("\n", MAX_TEXT_LINES)
    if len(lines) > MAX_TEXT_LINES:
        text = "\n".join(lines[:MAX_TEXT_LINES])
        shortened = True
    if shortened:
        text = text.rstrip() + "\n" + SHORTENED_MARK
    return text, shortened


def email_parse(data: bytes) -> ParsedEmail:
    """Read an ``.eml`` file; raises ``EmailUnreadable`` (a message for the user) if it is not
    an email with a sender, a date or a subject, and a text or an attachment."""
    if not looks_like_email(data):
        raise _unreadable()
    try:
        message = email.message_from_bytes(_without_bom(data), policy=email.policy.default)
        sender = _header(message, "From")
        date_text = _header(message, "Date")
        subject = _header(message, "Subject")
        if not sender or not (date_text or subject):
            raise _unreadable()
        texts: list[_Leaf] = []
        others: list[tuple[_Leaf, str]] = []
        for leaf in _leaves(message):
            disposition, name = _disposition(leaf.part)
            is_text = _tolerant(leaf.part.get_content_type, "") in ("text/plain", "text/html")
            if is_text and disposition != "attachment" and not name:
                texts.append(leaf)
            else:
                others.append((leaf, name))
        text, shortened = _text(message, texts)
        attachments = []
        for leaf, name in others[:MAX_ATTACHMENTS]:
            content = _part_bytes(leaf.part)
            attachments.append(
                EmailAttachment(name, _content_type(leaf.part), len(content), content)
            )
        to = _header(message, "To", every=True)
        cc = _header(message, "Cc", every=True)
    except EmailUnreadable:
        raise
    except Exception:  # a file the parser cannot take is refused, not a crash
        raise _unreadable() from None
    if not text.strip() and not attachments:
        raise _unreadable()
    return ParsedEmail(
        sender=sender,
        to=to,
        cc=cc,
        date_text=date_text,
        date=_date(date_text),
        subject=subject,
        text=text,
        text_shortened=shortened,
        attachments=tuple(attachments),
        attachments_not_listed=max(0, len(others) - MAX_ATTACHMENTS),
    )
