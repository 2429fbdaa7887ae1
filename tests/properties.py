"""Hypothesis strategies for what people (and scripts) type into the forms, and the checks every
form page must pass whatever was typed.

``any_text`` mixes plain Unicode with the characters that break things: NUL and other control
characters (PostgreSQL refuses NUL in text), CR/LF pairs (a browser sends every newline as CRLF),
right-to-left marks and overrides, combining marks, emoji with joiners, HTML and template syntax,
and strings right around a field's length limit or far beyond it.
"""

import datetime as dt
import io
import re
import shutil
import subprocess

from django.utils.html import escape
from hypothesis import strategies as st
from pypdf import PdfReader

from privacyreq.letters.answer_reader import clean_text

TRICKY = [
    "\x00",
    "\x01",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x1f",
    "\x7f",
    "\x85",
    "\t",
    "\r",
    "\n",
    "\r\n",
    " ",
    "\u00a0",
    "\u2028",
    "\u200b",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\u0301",
    "\u0308",
    "e\u0301",
    "👩\u200d👩\u200d👧",
    "🇮🇪",
    "\U0001d54f",  # mathematical double-struck X
    "ﷺ",
    "עברית",
    "العربية",
    "Ελληνικά",
    "Кириллица",
    "中文",
    "<",
    ">",
    "&",
    "&amp;",
    '"',
    "'",
    "{{",
    "}}",
    "{%",
    "%s",
    "%(x)s",
    "\\",
    "</textarea>",
    "<script>alert(1)</script>",
    "=cmd|' /C calc'!A0",
]

tricky_text = st.lists(st.one_of(st.sampled_from(TRICKY), st.text(max_size=5)), max_size=30).map(
    "".join
)


def _repeat(piece: str, count: int) -> str:
    return piece * count


def long_text(limit: int):
    """Text of about ``limit`` characters (just under, at, just over) or far longer."""
    sizes = st.sampled_from([limit - 1, limit, limit + 1, limit * 2, 20_000])
    piece = st.sampled_from(["a", "é", "👍", "\r\n", " a", "\x00", "\u200f", "e\u0301", "<b>"])
    return st.builds(
        lambda p, n: _repeat(p, max(1, n // len(p))), piece, sizes.filter(lambda n: n > 0)
    )


# Text with at least one visible character, in any script, with anything else around it.
visible_text = st.tuples(
    st.text(max_size=30),
    st.characters(exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp")),
    st.text(max_size=30),
).map("".join)


def any_text(limit: int = 200):
    return st.one_of(st.text(max_size=limit + 20), tricky_text, long_text(limit))


def date_formats(day: dt.date) -> list[str]:
    return [
        day.isoformat(),
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{day.day}.{day.month}.{day.year}",
        f"{day.day:02d}-{day.month:02d}-{day.year:04d}",
    ]


def choice_or_junk(choices):
    return st.one_of(st.sampled_from(list(choices)), any_text(20))


def mixed(wild: dict, valid: dict):
    """Form data: half the time any of the fields with any values (``wild``, name to strategy);
    otherwise one field anything and the others as a visitor fills them (``valid``), so the
    form's own checks on that one field decide."""

    @st.composite
    def build(draw):
        if draw(st.booleans()):
            return draw(st.fixed_dictionaries({}, optional=wild))
        odd = draw(st.sampled_from(sorted(wild)))
        data = {name: draw(valid[name]) for name in wild if name != odd}
        data[odd] = draw(wild[odd])
        return data

    return build()


def dates_between(first: dt.date, last: dt.date):
    """A date in range, in any format the date fields accept."""
    return st.builds(lambda day, i: date_formats(day)[i], st.dates(first, last), st.integers(0, 3))


# Dates as people and scripts type them: any date in any accepted format, impossible dates,
# far past and future, other scripts' digits, and junk.
date_strings = st.one_of(
    st.builds(lambda day, i: date_formats(day)[i], st.dates(), st.integers(0, 3)),
    st.sampled_from(
        [
            "",
            "2024-02-30",
            "2023-02-29",
            "0000-01-01",
            "0001-01-01",
            "9999-12-31",
            "99999-01-01",
            "2024-13-01",
            "-2024-01-01",
            "2024-1-1",
            "31/02/2024",
            "\uff11\uff12/\uff10\uff17/\uff12\uff10\uff12\uff14",  # full-width digits
            "\u0662\u0660\u0662\u0664-\u0660\u0667-\u0662\u0666",  # Arabic-Indic digits
            "2024-07-26T00:00",
            "2024-07-26\x00",
            "yesterday",
            "1e10",
            "9" * 400,
        ]
    ),
    any_text(20),
)


def _parts(day: dt.date) -> tuple[str, str, str]:
    return (str(day.day), f"{day.month:02d}", str(day.year))


# A date as the three boxes (day, month, year) post it: real dates, impossible ones, parts left
# out, other scripts' digits, two-digit years and junk in any box.
date_parts = st.one_of(
    st.dates().map(_parts),
    st.sampled_from(
        [
            ("", "", ""),
            ("30", "2", "2024"),
            ("29", "02", "2023"),
            ("1", "1", "0001"),
            ("31", "12", "9999"),
            ("1", "13", "2024"),
            ("0", "1", "2024"),
            ("-1", "1", "2024"),
            ("26", "7", "24"),
            ("26", "", "2024"),
            ("", "7", ""),
            ("\uff12\uff16", "7", "2024"),  # full-width digits
            ("26", "7", "\u0662\u0660\u0662\u0664"),  # Arabic-Indic digits
            ("26\x00", "7", "2024"),
            (" 26 ", " 7", "2024 "),
        ]
    ),
    st.tuples(any_text(6), any_text(6), any_text(6)),
)


def date_parts_between(first: dt.date, last: dt.date):
    """A date in range, as the three boxes post it."""
    return st.dates(first, last).map(_parts)


def form_data(posted: dict) -> dict:
    """``posted`` as the browser sends it: a date's three parts as ``<name>_day`` and so on."""
    data = {}
    for name, value in posted.items():
        if isinstance(value, tuple):
            data.update(zip((f"{name}_day", f"{name}_month", f"{name}_year"), value, strict=True))
        else:
            data[name] = value
    return data


def flat(text: str) -> str:
    """Whitespace collapsed: HTML and text rendering fold runs of spaces and newlines into one."""
    return " ".join(text.split())


def typed(raw: str) -> str:
    """What a text field keeps of ``raw``: the same cleaning the letters apply."""
    return clean_text(raw)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_error_page(response, form, data: dict, *, status: int = 200):
    """The error summary, each field's message at the field too, and what was typed kept."""
    assert response.status_code == status
    page = response.content.decode()
    assert "Traceback" not in page
    assert "<title>Error:" in page and "There is a problem" in page
    assert form.errors
    for message in form.non_field_errors():
        assert escape(message) in page
    for field, messages in form.errors.items():
        if field == "__all__":
            continue
        for message in messages:
            # Once in the summary and once at the field.
            assert page.count(escape(message)) >= 2, (field, message)
        assert f'href="#{form[field].auto_id}' in page, field
    for name, value in data.items():
        # crispy-forms folds whitespace between tags, so a textarea of blanks shows one space.
        for typed_value in value if isinstance(value, tuple) else (value,):
            if isinstance(typed_value, str) and typed_value.strip():
                assert escape(typed_value) in page, name


def assert_text_fields_checked(fields: dict, data: dict, errors: dict, stored: dict | None):
    """A text field is refused exactly when its value cannot be kept: a NUL, more characters than
    its limit once cleaned (newlines counted once, as the browser counts them), or nothing
    visible where an answer is required. ``fields`` maps a name to (limit, required); ``stored``
    is what was kept, when the form was accepted."""
    for name, (limit, required) in fields.items():
        raw = data.get(name, "")
        unusable = "\x00" in raw or len(typed(raw)) > limit or (required and not typed(raw))
        assert (name in errors) == unusable, (name, raw, errors.get(name))
        if stored is not None:
            assert stored[name] == typed(raw), name


def shown(text: str) -> str:
    """``text`` as a page shows it through ``linebreaksbr``."""
    return escape(text).replace("\n", "<br>")


# Characters every font we ship draws and pypdf reads back one for one, so a PDF's text can be
# compared with what was typed; other scripts are checked in the text versions.
PRINTABLE = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    "äöüßéèçñøåæłžščřğ ΑΒΓΔαβγδАБВГабвг.,;:!?()[]<>&\"'/@#%+-=_"
)


PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"  # poppler-utils, as the app needs


def pdftotext(data: bytes, *options: str) -> str:
    result = subprocess.run(  # noqa: S603 (our own PDF, a fixed tool and options)
        [PDFTOTEXT, "-enc", "UTF-8", *options, "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def poppler_text(data: bytes) -> str:
    """A PDF's text as poppler reads it, footers removed. pypdf garbles a whole page's text once
    the page holds a character no font has a glyph for (an emoji, a private-use character), so
    properties with any Unicode read the PDF with poppler."""
    return re.sub(r"Page \d+ of \d+", "", pdftotext(data))


def pdf_text(data: bytes) -> str:
    """The text of every page without its footer, which would split text running over a page."""
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(re.sub(r"Page \d+ of \d+", "", page.extract_text() or "") for page in pages)
