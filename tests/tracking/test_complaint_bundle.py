"""The complaint bundle: the stored complaint with its numbered annexes behind cover pages, one
bookmark per part, read back with pypdf as the authority will receive it."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from privacyreq.letters.pdf import html_to_pdf
from privacyreq.tracking.attachments import attachment_add
from privacyreq.tracking.bundle import complaint_bundle_pdf
from tests.factories import UserFactory
from tests.tracking.escalation_support import (
    SENT_ON,
    complaint_text,
    escalate,
    make_case,
    page_text,
    pdf_text,
    png_bytes,
    request_of,
    sent,
)

pytestmark = pytest.mark.django_db

REPLY_TEXT = "We decline to act on your objection."


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def reply_pdf_bytes() -> bytes:
    return html_to_pdf(
        f'<!doctype html><html lang="en"><title>Reply</title><p>{REPLY_TEXT}</p></html>'
    )


@pytest.fixture
def owner(reference_data):
    return UserFactory()


def test_bundle_puts_numbered_annexes_behind_the_complaint(owner):
    case = make_case(owner, documents=("objection", "erasure"))
    request = sent(request_of(case))
    sent(request_of(case, "erasure"), on=SENT_ON + dt.timedelta(days=1))
    attachment_add(request=request, data=png_bytes(), name="scan.png", note="Their first email")
    attachment_add(request=request, data=reply_pdf_bytes(), name="reply.pdf")
    request = escalate(request)

    bundle = complaint_bundle_pdf(request=request)

    reader = PdfReader(io.BytesIO(bundle))
    with request.complaint.pdf.open("rb") as handle:
        complaint_pages = page_count(handle.read())
    with request.document.pdf.open("rb") as handle:
        objection_pages = page_count(handle.read())
    erasure = request_of(case, "erasure").document
    with erasure.pdf.open("rb") as handle:
        erasure_pages = page_count(handle.read())
    expected = [complaint_pages, 1 + objection_pages, 1 + 1, 1 + 1, 1 + erasure_pages]
    assert len(reader.pages) == sum(expected)

    starts = [sum(expected[:index]) for index in range(len(expected))]
    annex_1, annex_2, annex_3, annex_4 = starts[1:]
    assert "Article 77" in page_text(reader.pages[0])
    assert page_text(reader.pages[annex_1]).startswith("Annex 1 — My objection")
    assert "I object under Article 21(1) GDPR" in page_text(reader.pages[annex_1 + 1])
    assert page_text(reader.pages[annex_2]).startswith(
        "Annex 2 — Correspondence from the controller: Their first email (scan.png)"
    )
    image_page = reader.pages[annex_2 + 1]
    assert len(image_page.images) == 1
    assert float(image_page.mediabox.width) == pytest.approx(595.3, abs=1)  # A4
    assert page_text(reader.pages[annex_3]).startswith("Annex 3 — Correspondence")
    assert REPLY_TEXT in page_text(reader.pages[annex_3 + 1])
    assert page_text(reader.pages[annex_4]).startswith("Annex 4 — My request for erasure")

    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    assert outline[0] == (request.complaint.subject, 0)
    assert [title.split(" — ")[0] for title, _ in outline[1:]] == [
        "Annex 1",
        "Annex 2",
        "Annex 3",
        "Annex 4",
    ]
    assert [page for _, page in outline[1:]] == starts[1:]
    assert reader.metadata.title == f"{request.complaint.subject}, with annexes"

    # The numbers match the list in the complaint itself (pypdf reads the list's numbers apart
    # from its items, so the order of the titles is what can be checked).
    annex_list = complaint_text(request).split(" Annexes ")[1]
    positions = [annex_list.index(title.split(" — ", 1)[1]) for title, _ in outline[1:]]
    assert positions == sorted(positions)
    assert request.complaint.text.count("\n1. ") >= 1
    assert f"4. {outline[4][0].split(' — ', 1)[1]}" in request.complaint.text


def test_files_attached_after_escalation_do_not_shift_the_annexes(owner):
    request = escalate(sent(request_of(make_case(owner))))
    attachment_add(request=request, data=png_bytes(), name="later.png")

    reader = PdfReader(io.BytesIO(complaint_bundle_pdf(request=request)))

    assert [item.title.split(" — ")[0] for item in reader.outline[1:]] == ["Annex 1"]


def test_a_second_bundle_renders_no_cover_page_again(owner, monkeypatch):
    request = sent(request_of(make_case(owner)))
    attachment_add(request=request, data=png_bytes(), name="scan.png")
    request = escalate(request)
    first = complaint_bundle_pdf(request=request)
    renders = []
    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda *args, **kwargs: renders.append(args))

    second = complaint_bundle_pdf(request=request)

    assert renders == []
    assert pdf_text(second) == pdf_text(first)
    assert "Annex 2" in pdf_text(second)
