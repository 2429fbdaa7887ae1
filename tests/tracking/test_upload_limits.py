"""Pages and pixels an attachment may have (issue 17, point 1): a PDF of many blank pages or a
huge image is refused on upload, with the limit in the message, and without reading all of it; a
file stored before the limits existed is left out of the complaint bundle, its cover saying so;
an email's attachments share one page budget in its annex."""

import io
import logging
import time
from email.message import EmailMessage
from unittest import mock

import pytest
from django.test import override_settings
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import IndirectObject

from privacyreq.tracking.attachments import attachment_add
from privacyreq.tracking.bundle import complaint_bundle_pdf
from privacyreq.tracking.models import Attachment
from privacyreq.tracking.uploads import TooManyPages, UploadRefused, upload_check
from tests.factories import UserFactory
from tests.tracking.escalation_support import (
    escalate,
    make_case,
    page_text,
    request_of,
    sent,
)

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
TOO_MANY_PAGES = (
    "The PDF has more than {limit} pages; attach only the pages that matter, or split it into "
    "several files."
)
MISSING = (
    "This document is no longer stored with the case, so it could not be included here. I will "
    "provide a copy on request."
)


def blank_pdf(pages: int, *, declared: int | None = None) -> bytes:
    """``pages`` blank pages (5,000 take 0.2 s and 0.6 MB to make; 80,000, the issue's file, 3.5 s
    and 10 MB). With ``declared``, the page tree's root claims that many instead: the number is
    padded to the same length, so the file's offsets stay right."""
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(72, 72)
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    if declared is not None:
        real = f"/Count {pages}".encode()
        assert data.count(real) == 1
        data = data.replace(real, f"/Count {declared}".encode().ljust(len(real)))
    return data


def png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    # One bit a pixel: a large image stays small to make and to store.
    Image.new("1", size).save(out, "PNG")
    return out.getvalue()


def resolved_objects():
    """Count the PDF objects pypdf reads (each page is at least one)."""
    return mock.patch.object(
        IndirectObject, "get_object", autospec=True, side_effect=IndirectObject.get_object
    )


@pytest.fixture
def owner(reference_data):
    return UserFactory()


@pytest.fixture
def objection(owner):
    return sent(request_of(make_case(owner)))


def attach(client, request, name: str, data: bytes):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(reverse("tracking:attach", args=[request.pk]), {"file": upload})


def test_a_pdf_over_the_page_limit_is_refused_on_the_page_with_the_limit(client, owner, objection):
    client.force_login(owner)

    response = attach(client, objection, "reply.pdf", blank_pdf(201))

    assert response.status_code == 400
    html = response.content.decode()
    message = TOO_MANY_PAGES.format(limit=200)
    # Next to the file field and in the error summary, like the other refusals.
    assert html.count(message) == 2
    assert not Attachment.objects.exists()


def test_a_pdf_at_the_page_limit_is_attached(objection):
    attachment = attachment_add(request=objection, data=blank_pdf(200), name="reply.pdf")

    assert attachment.content_type == "application/pdf"


@override_settings(TRACKING_UPLOAD_MAX_PAGES=3)
def test_the_page_limit_is_a_setting():
    with pytest.raises(TooManyPages) as refused:
        upload_check(data=blank_pdf(4), max_bytes=MB)

    assert str(refused.value) == TOO_MANY_PAGES.format(limit=3)
    assert upload_check(data=blank_pdf(3), max_bytes=MB) == "application/pdf"


def test_the_declared_page_count_refuses_a_long_pdf_without_reading_its_pages():
    data = blank_pdf(5_000)

    with resolved_objects() as reads:
        started = time.perf_counter()
        with pytest.raises(TooManyPages):
            upload_check(data=data, max_bytes=MB)
        elapsed = time.perf_counter() - started

    # The catalog and the page tree's root, not 5,000 pages (nor the 200 the walk would read).
    assert reads.call_count < 10
    # Measured: 0.02 s (80,000 pages: 0.4 s and 36 MB, against 4 s and 240 MB before).
    assert elapsed < 1


def test_a_pdf_whose_page_count_lies_is_refused_after_the_limit_is_passed():
    data = blank_pdf(5_000, declared=1)
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Pages"]["/Count"] == 1

    with resolved_objects() as reads, pytest.raises(TooManyPages):
        upload_check(data=data, max_bytes=MB)

    # It stops at page 201 instead of reading all 5,000.
    assert 200 < reads.call_count < 400


def test_an_image_over_the_pixel_limit_is_refused_with_the_limit(client, owner, objection):
    client.force_login(owner)
    data = png((5000, 5001))  # 25,005,000 pixels

    response = attach(client, objection, "poster.png", data)

    assert response.status_code == 400
    message = "The image has more than 25 megapixels; attach a smaller scan or a PDF."
    assert response.content.decode().count(message) == 2
    assert not Attachment.objects.exists()
    assert upload_check(data=png((5000, 5000)), max_bytes=MB) == "image/png"


@override_settings(TRACKING_UPLOAD_MAX_PIXELS=2_500_000)
def test_the_pixel_limit_is_a_setting():
    with pytest.raises(UploadRefused) as refused:
        upload_check(data=png((2000, 1251)), max_bytes=MB)

    assert str(refused.value) == (
        "The image has more than 2.5 megapixels; attach a smaller scan or a PDF."
    )
    assert upload_check(data=png((2000, 1250)), max_bytes=MB) == "image/png"


def bundle_texts(request) -> list[str]:
    reader = PdfReader(io.BytesIO(complaint_bundle_pdf(request=request)))
    return [page_text(page) for page in reader.pages]


@pytest.mark.parametrize(
    ("data", "name", "limits", "kind", "pages"),
    [
        (blank_pdf(5), "reply.pdf", {"TRACKING_UPLOAD_MAX_PAGES": 4}, "pages", 5),
        (png((1500, 1000)), "scan.png", {"TRACKING_UPLOAD_MAX_PIXELS": 1_000_000}, "pixels", 1),
    ],
    ids=["pages", "pixels"],
)
def test_a_file_stored_before_the_limits_is_left_out_of_the_bundle(
    objection, data, name, limits, kind, pages, caplog
):
    attachment_add(request=objection, data=data, name=name)
    request = escalate(objection)
    pages_without_limits = len(bundle_texts(request))

    with override_settings(**limits), caplog.at_level(logging.WARNING):
        texts = bundle_texts(request)

    assert texts[-1].startswith("Annex 2 — Correspondence from the controller")
    assert MISSING in texts[-1]
    assert f"too many {kind} to be bundled" in caplog.text
    # The file's pages are not there; its cover is.
    assert len(texts) == pages_without_limits - pages


def email_with_pdfs(*pdfs: bytes) -> bytes:
    message = EmailMessage()
    message["From"] = "Privacy Team <privacy@acme.example>"
    message["To"] = "erika@example.org"
    message["Date"] = "Tue, 01 Dec 2026 10:00:00 +0100"
    message["Subject"] = "Re: Your objection"
    message.set_content("Our decision is attached.")
    for number, pdf in enumerate(pdfs, start=1):
        message.add_attachment(
            pdf, maintype="application", subtype="pdf", filename=f"part{number}.pdf"
        )
    return message.as_bytes()


@override_settings(TRACKING_UPLOAD_MAX_PAGES=4)
def test_an_emails_attachments_share_one_page_budget_in_its_annex(objection):
    attachment_add(
        request=objection, data=email_with_pdfs(blank_pdf(3), blank_pdf(2)), name="reply.eml"
    )
    request = escalate(objection)

    text = " ".join(bundle_texts(request))

    assert "part1.pdf (application/pdf" in text
    assert "included below" in text
    assert "part2.pdf (application/pdf" in text
    assert "not included: the email's attachments would have more than 4 pages" in text
