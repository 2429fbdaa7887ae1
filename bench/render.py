"""Section 1: a letter's PDF against WeasyPrint's floor, in this process, renders interleaved.

Interleaving (letter, floor, letter, floor…) puts both under the same machine noise, which on a
shared two-core machine moves absolute times by tens of percent between runs.
"""

import datetime as dt
import io
import time

from pypdf import PdfReader

from bench.common import LETTER_ANSWERS, MINIMAL_HTML, Row, median, ms, percentile

SECTION = "1 PDF render"


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def run(*, renders: int) -> list[Row]:
    from weasyprint import HTML

    from privacyreq.letters import pdf
    from privacyreq.letters.services import answers_validate, document_render_pdf, letters_draft

    answers = answers_validate(raw=LETTER_ANSWERS, today=dt.date(2026, 11, 2))
    letter = letters_draft(answers=answers).document("objection")
    pages = len(PdfReader(io.BytesIO(document_render_pdf(document=letter))).pages)

    def ours():
        document_render_pdf(document=letter)

    def floor():
        # Plain WeasyPrint: no stylesheet of ours, no PDF/UA tagging, the same font configuration.
        HTML(string=MINIMAL_HTML).write_pdf(font_config=pdf._fonts())

    def same_html():
        # The letter's own HTML and stylesheet through WeasyPrint with nothing of ours around it:
        # what this text costs any WeasyPrint user, so the difference is our overhead.
        HTML(string=letter.html, base_url=pdf.ASSETS_DIR.as_uri() + "/").write_pdf(
            stylesheets=[pdf.STYLESHEET.as_posix()],
            font_config=pdf._fonts(),
            pdf_variant=pdf.PDF_VARIANT,
        )

    for function in (ours, floor, same_html):
        function()  # first use loads fonts and parses the user-agent stylesheet
    letter_times, floor_times, same_times = [], [], []
    for _ in range(renders):
        letter_times.append(_timed(ours))
        floor_times.append(_timed(floor))
        same_times.append(_timed(same_html))

    rows = []
    for pct in (50, 95):
        a, b = percentile(letter_times, pct), percentile(floor_times, pct)
        rows.append(
            Row(
                SECTION,
                f"objection letter ({pages} pages), p{pct}, vs minimal 1-page document",
                ms(a),
                ms(b),
                a / b,
                "≤ 1.3x",
                a / b <= 1.3,
            )
        )
    per_page = median(letter_times) / pages
    rows.append(
        Row(
            SECTION,
            "same, p50 per page",
            ms(per_page),
            ms(median(floor_times)),
            per_page / median(floor_times),
        )
    )
    a, b = median(letter_times), median(same_times)
    rows.append(
        Row(
            SECTION,
            "our render vs WeasyPrint alone on the same HTML and CSS, p50",
            ms(a),
            ms(b),
            a / b,
            "≤ 1.3x",
            a / b <= 1.3,
        )
    )
    rows.extend(_cached_rows(letter, floor_times, renders))
    return rows


def _cached_rows(letter, floor_times, renders) -> list[Row]:
    """The same letter asked for again: the download path serves it from the document cache."""
    try:
        from privacyreq.letters.services import document_pdf
    except ImportError:
        return []
    document_pdf(document=letter)
    times = [_timed(lambda: document_pdf(document=letter)) for _ in range(renders)]
    a, b = percentile(times, 95), percentile(floor_times, 95)
    return [
        Row(
            SECTION,
            "same letter again, from the document cache, p95",
            ms(a),
            ms(b),
            a / b,
            "≤ 1.3x",
            a / b <= 1.3,
        )
    ]
