"""Shared by the escalation tests (the service, the bundle, the complaint's language): dates,
cases and requests built through the real services, and the PDFs read back with pypdf."""

import datetime as dt
import io

from PIL import Image
from pypdf import PdfReader

from privacyreq.deadlines import response_due
from privacyreq.letters.services import answers_validate
from privacyreq.tracking.escalation import request_escalate
from privacyreq.tracking.models import Request
from privacyreq.tracking.services import case_create, request_mark_sent
from tests.factories import x_answers

LETTER_DATE = dt.date(2026, 11, 23)
SENT_ON = dt.date(2026, 11, 26)
DUE_ON = response_due(SENT_ON, country="IE")  # 28 December 2026: 26 and 27 are not working days
AFTER_DUE = DUE_ON + dt.timedelta(days=8)


def flat(text: str) -> str:
    return " ".join(text.split())


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def page_text(page) -> str:
    return flat(page.extract_text() or "")


def pdf_text(data: bytes) -> str:
    return " ".join(page_text(page) for page in PdfReader(io.BytesIO(data)).pages)


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def make_case(owner, *, documents=("objection",), **overrides):
    raw = x_answers(date=LETTER_DATE.isoformat(), documents=list(documents), **overrides)
    answers = answers_validate(raw=raw, today=LETTER_DATE)
    return case_create(owner=owner, answers=answers)


def request_of(case, kind="objection") -> Request:
    return case.requests.get(kind=kind)


def sent(request, *, on=SENT_ON, reference="ABC-123"):
    return request_mark_sent(
        request=request, sent_on=on, channel="email", reference=reference, actor=None, today=on
    )


def escalate(request, *, complaint_to="lead", today=AFTER_DUE):
    return request_escalate(
        request=request, complaint_to=complaint_to, actor=request.case.owner, today=today
    )


def complaint_text(request) -> str:
    with request.complaint.pdf.open("rb") as handle:
        return pdf_text(handle.read())
