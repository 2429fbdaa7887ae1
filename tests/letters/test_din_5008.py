"""Issue 18: letters that fit a window envelope, laid out to DIN 5008 form B.

The PDFs are read back with pypdf: each piece of text with its baseline and left edge, in mm from
the sheet's top-left corner, and the marks drawn in the left margin. The figures are DIN 5008's
(docs/research/din-5008.md): the address field at 45 mm from the top and 20 mm from the left,
85 x 45 mm; its remarks zone 45-62.7 mm (the return address, "Per E-Mail"); its address zone
62.7-90 mm, lines at 12 pt (4.23 mm); fold marks at 105 and 210 mm, the punch mark at 148.5 mm.
"""

import dataclasses
import datetime as dt
import io
import itertools
import re
import shutil
import subprocess
from functools import cache

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream

from privacyreq.letters.services import answers_validate, document_render_pdf, letters_draft
from tests.factories import x_answers

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 2)
MM = 25.4 / 72  # one PDF point in mm

FIELD_LEFT, FIELD_RIGHT = 20.0, 105.0
REMARKS_TOP, ADDRESS_TOP, ADDRESS_BOTTOM = 45.0, 62.7, 90.0
PITCH = 12 * MM  # 4.233 mm
# DejaVu Sans: capitals reach 0.73 em above the baseline, descenders 0.24 em below it.
CAP, DESCENT = 0.73, 0.24

# As X's privacy policy writes it, to its data protection officer.
X_RECIPIENT = [
    "X Internet Unlimited Company",
    "Attn: Data Protection Officer",
    "One Cumberland Place, Fenian Street",
    "Dublin 2, D02 AX07",
    "Ireland",
]


@dataclasses.dataclass(frozen=True)
class Line:
    text: str
    left: float  # mm from the sheet's left edge
    baseline: float  # mm from the sheet's top edge
    size: float  # font size, pt

    @property
    def top(self) -> float:
        return self.baseline - CAP * self.size * MM

    @property
    def bottom(self) -> float:
        return self.baseline + DESCENT * self.size * MM

    @property
    def right(self) -> float:
        """Where the line ends: its glyphs' advance widths in the letters' font (no kerning)."""
        font = dejavu_sans()
        units = sum(font["hmtx"][font.getBestCmap()[ord(c)]][0] for c in self.text)
        return self.left + units / font["head"].unitsPerEm * self.size * MM


@cache
def dejavu_sans() -> TTFont:
    # The font the PDF embeds (a subset, without its character map): the system's copy of it.
    fc_match = shutil.which("fc-match")  # fontconfig, which WeasyPrint needs anyway
    assert fc_match
    path = subprocess.run(  # noqa: S603 (a fixed tool and arguments)
        [fc_match, "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True, check=True
    ).stdout
    return TTFont(path)


def pages(pdf: bytes):
    return PdfReader(io.BytesIO(pdf)).pages


def lines(page) -> list[Line]:
    """Every piece of text on the page where the PDF puts it (text matrix x current matrix)."""
    height = float(page.mediabox.height)
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = abs(tm[3] * cm[3]) or 1
            found.append(Line(" ".join(text.split()), x * MM, (height - y) * MM, size * scale))

    page.extract_text(visitor_text=visit)
    return found


# The continuation pages' text starts at 27 mm from the top; every page's ends at 277 mm.
TEXT_TOP, TEXT_BOTTOM = 27.0, 277.0


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text as pypdf extracts it, without the page furniture: the continuation
    pages' header (above their text) and the page number at the first page's foot. Drawn after
    the page's text, they would otherwise split a sentence that runs over a page; other modules'
    tests that look for whole sentences read the letters with this."""
    texts = []
    for number, page in enumerate(pages(pdf)):
        height, parts = float(page.mediabox.height), []

        def keep(text, cm, tm, font, size, height=height, number=number, parts=parts):
            top = (height - (tm[4] * cm[1] + tm[5] * cm[3] + cm[5])) * MM
            # Line breaks come without a position of their own: always kept.
            if not text.strip() or (not (number and top < TEXT_TOP) and top <= TEXT_BOTTOM):
                parts.append(text)

        page.extract_text(visitor_text=keep)
        texts.append("".join(parts))
    return texts


def line(found: list[Line], text: str) -> Line:
    matches = [item for item in found if item.text == text]
    assert len(matches) == 1, (text, [item.text for item in found][:40])
    return matches[0]


def margin_marks(page) -> list[float]:
    """The horizontal rules drawn in the left margin (x < 20 mm), in mm from the top edge."""
    height = float(page.mediabox.height)
    ctm, stack, marks = [1, 0, 0, 1, 0, 0], [], set()

    def apply(m, x, y):
        return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]

    for args, op in ContentStream(page.get_contents(), page.pdf).operations:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op == b"cm":
            a, b, c, d, e, f = (float(v) for v in args)
            m = ctm
            ctm = [
                a * m[0] + b * m[2],
                a * m[1] + b * m[3],
                c * m[0] + d * m[2],
                c * m[1] + d * m[3],
                e * m[0] + f * m[2] + m[4],
                e * m[1] + f * m[3] + m[5],
            ]
        elif op == b"re":
            x, y, w, h = (float(v) for v in args)
            (x0, y0), (x1, y1) = apply(ctm, x, y), apply(ctm, x + w, y + h)
            if max(x0, x1) * MM < FIELD_LEFT and abs(y1 - y0) * MM < 0.5 and abs(x1 - x0) > 0:
                marks.add(round((height - min(y0, y1)) * MM, 1))
    return sorted(marks)


def render(raw: dict, kind: str = "objection") -> bytes:
    draft = letters_draft(answers=answers_validate(raw=raw, today=TODAY))
    document = draft.document(kind)
    assert document is not None
    return document_render_pdf(document=document)


def assert_in_the_address_zone(found: list[Line], recipient: list[str]) -> list[Line]:
    placed = [line(found, text) for text in recipient]
    for item in placed:
        assert item.top >= ADDRESS_TOP - 0.05, item
        assert item.bottom <= ADDRESS_BOTTOM, item
        assert item.left >= FIELD_LEFT and item.right <= FIELD_RIGHT, item
    baselines = [item.baseline for item in placed]
    assert baselines == sorted(baselines)
    for upper, lower in itertools.pairwise(baselines):
        assert lower - upper == pytest.approx(PITCH, abs=0.05)
    return placed


def test_an_irish_platforms_address_shows_in_the_window_down_to_its_country(reference_data):
    # The shipped X: its name and five lines, the last "Ireland", which the old layout printed
    # at 86-97 mm, under the window.
    found = lines(pages(render(x_answers(documents=["objection"])))[0])
    placed = assert_in_the_address_zone(found, X_RECIPIENT)
    assert placed[0].top == pytest.approx(ADDRESS_TOP, abs=1.0)  # filled from the top

    # The return address, the writer's name and address on one line, just above it.
    back = line(found, "Aoife Murphy, 1 Main Street, Dublin 8")
    assert back.top >= REMARKS_TOP and back.bottom <= ADDRESS_TOP
    assert FIELD_LEFT <= back.left < 30 and back.size <= 8  # one line, small
    assert back.baseline < placed[0].top


def test_six_and_seven_line_addresses_stay_above_the_windows_bottom(reference_data):
    six = ["Acme Data Services GmbH", "Abteilung Datenschutz", "Gebäude 3 A", "Postfach 12 34"]
    raw = x_answers(
        platform="other",
        controller={
            "name": six[0],
            "address": "\n".join([*six[1:], "80331 München", "Deutschland"]),
            "email": "privacy@acme.example",
        },
        documents=["objection"],
    )
    found = lines(pages(render(raw))[0])
    assert_in_the_address_zone(found, [*six, "80331 München", "Deutschland"])
    # The email address the letter also goes to is a remark above the address, not a 7th line.
    remark = line(found, "By email: privacy@acme.example")
    assert remark.top >= REMARKS_TOP and remark.bottom <= ADDRESS_TOP

    # A 7th line moves the zone's top up (DIN 5008 allows it), never its bottom down.
    seven = [*six, "Zimmer 101", "80331 München", "Deutschland"]
    raw["controller"] = {**raw["controller"], "address": "\n".join(seven[1:])}
    found = lines(pages(render(raw))[0])
    placed = [line(found, text) for text in seven]
    assert placed[-1].bottom <= ADDRESS_BOTTOM
    assert placed[0].top >= REMARKS_TOP
    above = line(found, "By email: privacy@acme.example")
    assert above.bottom <= placed[0].top


def german(**overrides) -> dict:
    answers = {
        "documents": ["objection"],
        "language": "de",
        "country": "DE",
        "region": "DE-BE",
        "full_name": "Erika Mustermann",
        "postal_address": "Musterstraße 12\n10115 Berlin",
    }
    return x_answers(**{**answers, **overrides})


def test_a_german_letter_sent_by_email_says_per_e_mail_above_the_address(reference_data):
    found = lines(pages(render(german(sent_by="email")))[0])
    placed = assert_in_the_address_zone(found, [*X_RECIPIENT[:-1], "Irland"])
    back = line(found, "Erika Mustermann, Musterstraße 12, 10115 Berlin")
    remark = line(found, "Per E-Mail")
    # The remarks zone fills from the bottom: the remark last, the return address above it.
    assert back.top >= REMARKS_TOP and back.baseline < remark.top
    assert remark.bottom <= ADDRESS_TOP and remark.baseline < placed[0].top
    assert FIELD_LEFT <= remark.left < 30

    # The date in the information block: right column (from 125 mm), from 50 mm down.
    date = line(found, "2. November 2026")
    assert date.left >= 125 and date.top >= 50 and date.baseline < 60


ACME = {
    "name": "Acme Daten GmbH",
    "address": "Hauptstraße 1\n80331 München",
    "email": "privacy@acme.example",
}


def test_per_e_mail_names_the_address_the_letter_goes_to(reference_data):
    found = lines(pages(render(german(sent_by="email", platform="other", controller=ACME)))[0])
    placed = assert_in_the_address_zone(
        found, ["Acme Daten GmbH", "Hauptstraße 1", "80331 München"]
    )
    remark = line(found, "Per E-Mail: privacy@acme.example")
    assert remark.top >= REMARKS_TOP and remark.bottom <= placed[0].top


def test_a_long_sender_address_stays_on_the_sheet_above_the_date(reference_data):
    # Ten lines in the right column: more than the letterhead's 45 mm hold at the bottom.
    street = [f"Hinterhaus {n}" for n in range(1, 8)]
    found = lines(pages(render(german(postal_address="\n".join(street))))[0])
    name, last = line(found, "Erika Mustermann"), line(found, "Hinterhaus 7")
    assert name.top >= 5 and name.left >= 125
    assert last.left >= 125
    date = line(found, "2. November 2026")
    assert date.top > line(found, "Nutzerkonto: @aoife").bottom


@pytest.mark.parametrize("sent_by", ["post", "web_form", ""])
def test_a_german_letter_not_sent_by_email_has_no_per_e_mail(reference_data, sent_by):
    # Even to an organisation with an email address (the other languages name it, see below).
    raw = german(platform="other", controller=ACME, **({"sent_by": sent_by} if sent_by else {}))
    pdf = render(raw)
    text = " ".join(page.extract_text() for page in pages(pdf))
    assert "Per E-Mail" not in text and "privacy@acme.example" not in text
    found = lines(pages(pdf)[0])
    assert line(found, "Erika Mustermann, Musterstraße 12, 10115 Berlin").bottom <= ADDRESS_TOP


def test_other_languages_keep_the_date_under_the_address(reference_data):
    found = lines(pages(render(x_answers(documents=["objection"], sent_by="email")))[0])
    assert not [item for item in found if "Per E-Mail" in item.text or item.text == "By email"]
    date = line(found, "2 November 2026")
    assert date.top > ADDRESS_BOTTOM


def test_fold_and_punch_marks_in_the_left_margin_of_the_first_page(reference_data):
    first, second = pages(render(x_answers(documents=["objection"])))[:2]
    assert margin_marks(first) == pytest.approx([105.0, 148.5, 210.0], abs=0.3)
    assert margin_marks(second) == []


def test_continuation_pages_carry_the_writer_the_subject_the_date_and_the_page(reference_data):
    pdf = render(x_answers(documents=["objection"]))
    count = len(pages(pdf))
    assert count >= 2
    first = lines(pages(pdf)[0])
    assert line(first, f"Page 1 of {count}").top > 270  # the first page: at its foot
    for number, page in enumerate(pages(pdf)[1:], start=2):
        found = lines(page)
        header = [item for item in found if item.bottom < TEXT_TOP]  # above the text
        heading = " ".join(item.text for item in header)
        assert "Aoife Murphy · 2 November 2026" in heading, heading
        assert "Objection under Article 21(1) GDPR" in heading, heading
        number_line = line(found, f"Page {number} of {count}")
        assert number_line.bottom < TEXT_TOP and number_line.left > 105
        assert not [item for item in found if item.top > TEXT_BOTTOM]  # no footer

    # What other tests read as the letter's text: the body alone, page after page.
    body = " ".join(page_texts(pdf))
    assert "Page 1 of" not in body and "Page 2 of" not in body
    assert "Aoife Murphy · 2 November 2026" not in body
    assert body.count("Objection under Article 21(1) GDPR to the use") == 1  # the subject line


def test_the_continuation_header_is_in_the_letters_language(reference_data):
    pdf = render(german())
    found = lines(pages(pdf)[1])
    heading = " ".join(item.text for item in found if item.bottom < TEXT_TOP)
    assert f"Seite 2 von {len(pages(pdf))}" in heading
    assert "Erika Mustermann · 2. November 2026" in heading
    assert "Widerspruch nach Art. 21 Abs. 1 DSGVO" in heading


@pytest.mark.parametrize("language", ["en", "de"])
def test_lines_of_at_most_about_80_characters_in_one_font_family(reference_data, language):
    raw = german() if language == "de" else x_answers(documents=["objection"])
    pdf = render(raw)
    longest = 0
    for page in pages(pdf):
        # The letter's text: everything at the left edge of the text (25 mm) in 10.5 pt.
        body = [item for item in lines(page) if item.size == pytest.approx(10.5, abs=0.1)]
        text_lines: dict[float, str] = {}
        for item in body:
            key = round(item.baseline, 1)
            text_lines[key] = f"{text_lines.get(key, '')} {item.text}".strip()
        longest = max([longest, *(len(text) for text in text_lines.values())])
        fonts = page["/Resources"]["/Font"].values()
        # "/ABCDEF+DejaVu-Sans-Bold": a subset of DejaVu Sans, in bold.
        names = {str(font.get_object()["/BaseFont"]) for font in fonts}
        families = {re.sub(r"^/[A-Z]{6}\+|-(Bold|Oblique|BoldOblique)$", "", n) for n in names}
        assert families == {"DejaVu-Sans"}, names
    assert 60 < longest <= LONGEST, longest


LONGEST = 80
