"""Files a user attaches to a request are accepted or refused by what they contain, with a reason
the user can act on. Posted to the attach page as a browser would; the empty file, which the form
already refuses, through the service."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter

from privacyreq.letters.services import answers_validate
from privacyreq.tracking import attachments, services
from privacyreq.tracking.models import Attachment
from privacyreq.tracking.uploads import UploadRefused
from tests.factories import x_answers

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def objection(reference_data, user):
    answers = answers_validate(raw=x_answers(documents=["objection"]), today=TODAY)
    return services.case_create(owner=user, answers=answers).requests.get()


def image_bytes(kind: str, size=(60, 40), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, kind)
    return out.getvalue()


def pdf_bytes(*, pages: int = 1, password: str = "") -> bytes:
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(595, 842)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def attach(client, request, name: str, data: bytes):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(reverse("tracking:attach", args=[request.pk]), {"file": upload})


def test_a_jpeg_scan_is_attached_as_a_jpeg_whatever_its_name_says(client, user, objection):
    client.force_login(user)
    data = image_bytes("JPEG")

    response = attach(client, objection, "scan.png", data)

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.content_type, attachment.original_name) == ("image/jpeg", "scan.jpg")
    download = client.get(reverse("tracking:attachment", args=[attachment.pk]))
    assert download["Content-Type"] == "image/jpeg"
    assert b"".join(download.streaming_content) == data


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "reply.pdf",
            lambda: pdf_bytes(password="secret"),
            "The PDF is password-protected; attach an unprotected copy.",
        ),
        ("reply.pdf", lambda: pdf_bytes(pages=0), "The PDF has no pages."),
        (
            "reply.gif",
            lambda: image_bytes("GIF"),
            "Attach a PDF, PNG or JPEG file, or an email saved as an .eml file.",
        ),
        (
            "poster.png",
            # Over the limit by a row of pixels; a one-bit image, so it stays small to make.
            lambda: image_bytes("PNG", size=(8000, 25_000_000 // 8000 + 1), mode="1"),
            "The image has more than 25 megapixels; attach a smaller scan or a PDF.",
        ),
    ],
    ids=["encrypted-pdf", "pdf-without-pages", "gif", "huge-image"],
)
def test_files_that_cannot_be_annexed_are_refused_with_the_reason(
    client, user, objection, name, data, message
):
    client.force_login(user)

    response = attach(client, objection, name, data())

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_an_unprotected_pdf_is_attached(client, user, objection):
    client.force_login(user)

    assert attach(client, objection, "reply.pdf", pdf_bytes()).status_code == 302
    assert Attachment.objects.get().content_type == "application/pdf"


def test_an_empty_file_is_refused(objection):
    with pytest.raises(UploadRefused) as refused:
        attachments.attachment_add(request=objection, data=b"", name="empty.pdf")
    assert str(refused.value) == "The file is empty."
    assert not Attachment.objects.exists()
