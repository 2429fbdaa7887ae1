"""A reply forwarded as an email saved as ``.eml``: accepted by its content, stored as an email,
and in the complaint bundle printed as a page (sender, recipients, date, subject, text, the list
of its attachments) followed by those of its attachments that are PDFs or images an upload would
accept. The emails are built here with ``email.message.EmailMessage``, as a mail program writes
them; the bundle is read back with pypdf."""

import datetime as dt
import io
import socket
from email.message import EmailMessage

import pytest
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from privacyreq.letters.pdf import LockedFetcher, html_to_pdf
from privacyreq.tracking import bundle as bundle_module
from privacyreq.tracking.attachments import attachment_add
from privacyreq.tracking.bundle import complaint_bundle_pdf
from privacyreq.tracking.eml import MAX_ATTACHMENTS, MAX_TEXT_CHARS, email_parse
from privacyreq.tracking.models import Attachment
from privacyreq.tracking.uploads import UploadRefused, upload_check
from tests.factories import UserFactory
from tests.tracking.escalation_support import (
    escalate,
    make_case,
    page_text,
    pdf_text,
    png_bytes,
    request_of,
    sent,
)

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
NOT_ALLOWED = "Attach a PDF, PNG or JPEG file, or an email saved as an .eml file."
UNREADABLE = (
    "The email cannot be read. Save it again from your email program as an .eml file and attach "
    "that."
)
REPLY_TEXT = "We have reviewed your objection and decline to act on it."
ATTACHED_PDF_TEXT = "Formal decision of the data protection officer."
DATE = "Tue, 01 Dec 2026 10:00:00 +0100"
FETCHED_URL = "http://example.invalid/x.png"


def reply_email(
    *, text: str | None = REPLY_TEXT, html: str | None = None, subject="Re: Your objection"
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Privacy Team <privacy@acme.example>"
    message["To"] = "Erika Mustermann <erika@example.org>"
    message["Cc"] = "dpo@acme.example"
    message["Date"] = DATE
    message["Subject"] = subject
    if text is not None:
        message.set_content(text)
        if html is not None:
            message.add_alternative(html, subtype="html")
    elif html is not None:
        message.set_content(html, subtype="html")
    return message


def attached_pdf(text: str = ATTACHED_PDF_TEXT, *, pages: int = 2) -> bytes:
    paragraphs = "".join(
        f'<p style="break-before: page">{text} Page {page}.</p>' for page in range(1, pages + 1)
    )
    return html_to_pdf(
        f'<!doctype html><html lang="en"><title>Decision</title><body>{paragraphs}</body></html>'
    )


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def owner(reference_data):
    return UserFactory()


# Reading the email


def test_a_plain_text_email_is_read_with_its_headers_and_text():
    parsed = email_parse(reply_email().as_bytes())

    assert parsed.sender == "Privacy Team <privacy@acme.example>"
    assert parsed.to == "Erika Mustermann <erika@example.org>"
    assert parsed.cc == "dpo@acme.example"
    assert parsed.date_text == DATE
    assert parsed.date == dt.datetime(2026, 12, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert parsed.subject == "Re: Your objection"
    assert parsed.text == REPLY_TEXT
    assert not parsed.text_shortened
    assert parsed.attachments == ()


def test_the_plain_text_is_preferred_to_its_html_alternative():
    message = reply_email(html="<p>The <b>HTML</b> version.</p>")

    assert email_parse(message.as_bytes()).text == REPLY_TEXT


def test_an_html_only_email_is_read_as_text_with_its_line_breaks_and_no_links():
    html = (
        "<html><head><style>p { color: red }</style><title>Reply</title></head><body>"
        "<p>Dear Ms Mustermann,</p><p>We decline.<br>Kind regards</p>"
        "<table><tr><td>Case</td><td>4711</td></tr></table>"
        f'<img src="{FETCHED_URL}" alt="logo"><a href="http://example.invalid/track">Privacy</a>'
        "<!--[if mso]><p>Outlook only</p><![endif]--> 1 &lt; 2 & more < less"
        "</body></html>"
    )

    text = email_parse(reply_email(text=None, html=html).as_bytes()).text

    assert text.split("\n") == [
        "Dear Ms Mustermann,",
        "",
        "We decline.",
        "Kind regards",
        "",
        "Case 4711",
        "",
        "Privacy 1 < 2 & more < less",
    ]


def test_an_encoded_subject_and_sender_in_another_script_are_decoded():
    message = reply_email(subject="Ответ на ваше возражение — Απάντηση")
    message.replace_header("From", "Отдел защиты данных <dpo@acme.example>")
    data = message.as_bytes()
    assert b"=?utf-8?" in data  # the mail program's RFC 2047 encoded words

    parsed = email_parse(data)

    assert parsed.subject == "Ответ на ваше возражение — Απάντηση"
    assert parsed.sender == "Отдел защиты данных <dpo@acme.example>"


def test_malformed_mime_unknown_charsets_and_broken_encodings_are_read_without_failing():
    data = (
        b"From: =?x-unknown?q?Bad=20Charset?= <a@acme.example>\r\n"
        b'To: "Unclosed <b@example.org\r\n'
        b"Subject: =?utf-8?b?broken base64?=\r\n"
        b"Date: not a date\r\n"
        b'Content-Type: multipart/mixed; boundary="B"\r\n'
        b"\r\n"
        b"--B\r\n"
        b"Content-Type: text/plain; charset=no-such-charset\r\n"
        b"\r\n"
        b"caf\xe9 and \xff\xfe bytes\x00\x07\r\n"
        b"--B\r\n"
        b'Content-Type: application/pdf; name="=?UTF-8?B?w6l0w6kucGRm?="\r\n'
        b"Content-Transfer-Encoding: base64\r\n"
        b"\r\n"
        b"!!! not base64 $$$\r\n"
        b"--B\r\n"
        b"Content-Type: text/plain; charset=us-ascii\r\n"
        b"Content-Disposition: inline\r\n"
        b"\r\n"
        b"second part in UTF-8 labelled ASCII: \xc3\xa9t\xc3\xa9\r\n"
        # No closing boundary.
    )

    parsed = email_parse(data)

    assert "a@acme.example" in parsed.sender
    assert parsed.date_text == "not a date"
    assert parsed.date is None
    assert parsed.text.startswith("caf\ufffd and \ufffd\ufffd bytes")
    assert "\x00" not in parsed.text
    assert "\x07" not in parsed.text
    assert "second part in UTF-8 labelled ASCII: été" in parsed.text
    assert [(item.filename, item.content_type) for item in parsed.attachments] == [
        ("été.pdf", "application/pdf")
    ]


def test_a_long_text_is_shortened_and_says_so():
    line = "The history of this thread goes on and on. " * 2
    parsed = email_parse(reply_email(text=(line + "\n") * 3_000).as_bytes())

    assert parsed.text_shortened
    assert len(parsed.text) <= MAX_TEXT_CHARS + 10
    assert parsed.text.endswith("\n[…]")
    assert parsed.text.startswith(line.rstrip())


def test_attachments_past_the_limit_are_counted_not_read():
    message = reply_email()
    for number in range(MAX_ATTACHMENTS + 3):
        message.add_attachment(
            f"note {number}".encode(), maintype="text", subtype="plain", filename=f"n{number}.txt"
        )

    parsed = email_parse(message.as_bytes())

    assert len(parsed.attachments) == MAX_ATTACHMENTS
    assert parsed.attachments[0].filename == "n0.txt"
    assert parsed.attachments[0].data == b"note 0"
    assert parsed.attachments_not_listed == 3
    assert parsed.text == REPLY_TEXT


def test_an_attachment_name_keeps_no_folder():
    message = reply_email()
    message.add_attachment(
        b"MZ", maintype="application", subtype="octet-stream", filename="C:\\Users\\x\\setup.exe"
    )

    assert email_parse(message.as_bytes()).attachments[0].filename == "setup.exe"


def test_an_email_forwarded_inside_the_email_is_one_attachment_not_opened():
    inner = reply_email(text="The original reply.", subject="Original")
    message = reply_email()
    message.add_attachment(inner)  # as a mail program forwards "as attachment"

    parsed = email_parse(message.as_bytes())

    assert parsed.text == REPLY_TEXT
    [forwarded] = parsed.attachments
    assert forwarded.content_type == "message/rfc822"
    assert b"The original reply." in forwarded.data
    assert forwarded.size == len(forwarded.data)


def test_a_text_split_around_an_inline_attachment_is_read_whole_and_once():
    message = reply_email(text="Before the picture.", html="<p>Before the picture.</p>")
    message.make_mixed()
    message.add_attachment(png_bytes(), maintype="image", subtype="png", disposition="inline")
    message.attach(reply_email(text="After the picture.").get_body())

    parsed = email_parse(message.as_bytes())

    assert parsed.text == "Before the picture.\n\nAfter the picture."
    assert [item.content_type for item in parsed.attachments] == ["image/png"]
    assert parsed.attachments[0].filename == ""


def test_an_mbox_separator_line_and_a_byte_order_mark_are_tolerated():
    data = (
        b"\xef\xbb\xbfFrom privacy@acme.example Tue Dec  1 10:00:00 2026\r\n"
        + reply_email().as_bytes().replace(b"\n", b"\r\n")
    )

    parsed = email_parse(data)

    assert (parsed.sender, parsed.subject, parsed.text) == (
        "Privacy Team <privacy@acme.example>",
        "Re: Your objection",
        REPLY_TEXT,
    )


# Accepting or refusing the upload


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x00\x01\x02binary\xff\xfe\xfd" * 100, NOT_ALLOWED),
        (b"Just some notes\nabout the reply\n\nand more", NOT_ALLOWED),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, NOT_ALLOWED),
        # Header-shaped, but no sender.
        (b"Subject: Re: objection\r\nDate: " + DATE.encode() + b"\r\n\r\nText", UNREADABLE),
        # A sender, but neither a date nor a subject.
        (b"From: privacy@acme.example\r\n\r\nText", UNREADABLE),
        # Headers, but no text and no attachment.
        (b"From: privacy@acme.example\r\nSubject: Re\r\n\r\n \r\n", UNREADABLE),
    ],
    ids=["garbage", "text-file", "broken-png", "no-sender", "no-date-or-subject", "no-body"],
)
def test_what_is_no_readable_email_is_refused_with_the_reason(data, message):
    with pytest.raises(UploadRefused) as refused:
        upload_check(data=data, max_bytes=MB)

    assert str(refused.value) == message


def test_an_email_larger_than_the_limit_is_refused(owner, settings):
    settings.TRACKING_UPLOAD_MAX_BYTES = MB
    message = reply_email()
    message.add_attachment(
        b"\x00" * MB, maintype="application", subtype="octet-stream", filename="big.bin"
    )
    request = sent(request_of(make_case(owner)))

    with pytest.raises(UploadRefused) as refused:
        attachment_add(request=request, data=message.as_bytes(), name="reply.eml")

    assert str(refused.value) == "The file is larger than 1 MB."
    assert not Attachment.objects.exists()


def test_an_email_is_stored_as_an_eml_and_downloaded_as_a_file(client, owner):
    client.force_login(owner)
    request = sent(request_of(make_case(owner)))
    data = reply_email().as_bytes()
    upload = io.BytesIO(data)
    upload.name = "Re Your objection.msg"  # the name does not decide, the content does

    response = client.post(reverse("tracking:attach", args=[request.pk]), {"file": upload})

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.content_type, attachment.original_name) == (
        "message/rfc822",
        "Re Your objection.eml",
    )
    download = client.get(reverse("tracking:attachment", args=[attachment.pk]))
    assert download["Content-Type"] == "message/rfc822"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == data


# In the complaint bundle


def test_an_email_reply_is_printed_in_the_bundle_with_its_printable_attachments(owner):
    decision = attached_pdf()
    message = reply_email()
    message.add_attachment(decision, maintype="application", subtype="pdf", filename="decision.pdf")
    message.add_attachment(png_bytes(), maintype="image", subtype="png", filename="screenshot.png")
    message.add_attachment(
        b"MZ\x90\x00", maintype="application", subtype="x-msdownload", filename="setup.exe"
    )
    message.add_attachment(
        b"PK\x03\x04 not really a document",
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="letter.docx",
    )
    message.add_attachment(
        encrypted_pdf(), maintype="application", subtype="pdf", filename="locked.pdf"
    )
    request = sent(request_of(make_case(owner)))
    attachment_add(request=request, data=message.as_bytes(), name="reply.eml")
    request = escalate(request)

    bundle = complaint_bundle_pdf(request=request)

    reader = PdfReader(io.BytesIO(bundle))
    with request.complaint.pdf.open("rb") as handle:
        complaint_pages = page_count(handle.read())
    with request.document.pdf.open("rb") as handle:
        objection_pages = page_count(handle.read())
    before_email = complaint_pages + 1 + objection_pages
    # Cover, the email's page, the PDF's two pages and the screenshot's page; nothing else.
    assert len(reader.pages) == before_email + 1 + 1 + page_count(decision) + 1
    cover, email_page, *included = (page_text(page) for page in reader.pages[before_email:])
    assert cover.startswith("Annex 2 — ")
    assert "(reply.eml)" in cover
    assert email_page.startswith("Email From Privacy Team <privacy@acme.example>")
    assert "To Erika Mustermann <erika@example.org>" in email_page
    assert "Cc dpo@acme.example" in email_page
    assert f"Date {DATE} (1 December 2026)" in email_page
    assert "Subject Re: Your objection" in email_page
    assert REPLY_TEXT in email_page
    attachments = email_page.split(" Attachments ")[1]
    assert "decision.pdf (application/pdf, " in attachments
    assert f"screenshot.png (image/png, {len(png_bytes())} bytes) — included below" in attachments
    for name, status in [
        ("decision.pdf", "included below"),
        ("screenshot.png", "included below"),
        ("setup.exe", "not included: not a PDF, PNG or JPEG file"),
        ("letter.docx", "not included: not a PDF, PNG or JPEG file"),
        ("locked.pdf", "not included: the file cannot be read"),
    ]:
        entry = attachments.split(name, 1)[1].split(" — ", 1)[1]
        assert entry.startswith(status), (name, entry)
    assert f"{ATTACHED_PDF_TEXT} Page 1." in included[0]
    assert f"{ATTACHED_PDF_TEXT} Page 2." in included[1]
    assert len(reader.pages[-1].images) == 1  # the screenshot, on a page of its own
    outline = [item.title for item in reader.outline]
    assert outline[-1].startswith("Annex 2 — ")


def test_an_attachment_over_a_lowered_limit_is_listed_not_included(owner, settings):
    message = reply_email()
    message.add_attachment(
        attached_pdf(), maintype="application", subtype="pdf", filename="decision.pdf"
    )
    request = sent(request_of(make_case(owner)))
    attachment_add(request=request, data=message.as_bytes(), name="reply.eml")
    request = escalate(request)
    settings.TRACKING_UPLOAD_MAX_BYTES = 1024

    text = pdf_text(complaint_bundle_pdf(request=request))

    assert "decision.pdf (application/pdf, " in text
    assert "— not included: larger than 0 MB" in text
    assert ATTACHED_PDF_TEXT not in text


def test_nothing_an_html_email_links_to_is_fetched(owner, monkeypatch):
    html = (
        '<html><head><link rel="stylesheet" href="http://example.invalid/style.css">'
        "<style>@import url(http://example.invalid/import.css); "
        "body { background: url(http://example.invalid/bg.png) }</style></head><body>"
        f'<p>Your request is refused.</p><img src="{FETCHED_URL}">'
        '<iframe src="http://example.invalid/frame"></iframe>'
        "</body></html>"
    )
    request = sent(request_of(make_case(owner)))
    attachment_add(
        request=request, data=reply_email(text=None, html=html).as_bytes(), name="reply.eml"
    )
    request = escalate(request)
    fetched, connections, rendered = [], [], []
    original_fetch = LockedFetcher.fetch

    def recording_fetch(self, url, headers=None):
        fetched.append(url)
        return original_fetch(self, url, headers)

    def no_connection(*args, **kwargs):
        connections.append(args)
        raise OSError("no network in this test")

    original_html_pdf = bundle_module.html_pdf

    def recording_html_pdf(*, html):
        rendered.append(html)
        return original_html_pdf(html=html)

    monkeypatch.setattr(LockedFetcher, "fetch", recording_fetch)
    monkeypatch.setattr(socket.socket, "connect", no_connection)
    monkeypatch.setattr(socket, "getaddrinfo", no_connection)
    monkeypatch.setattr(bundle_module, "html_pdf", recording_html_pdf)

    text = pdf_text(complaint_bundle_pdf(request=request))

    assert "Your request is refused." in text
    email_html = next(page for page in rendered if "Your request is refused." in page)
    assert "example.invalid" not in email_html
    assert "<img" not in email_html
    assert fetched == []
    assert connections == []


def test_a_second_bundle_renders_the_email_page_from_the_cache(owner, monkeypatch):
    request = sent(request_of(make_case(owner)))
    attachment_add(request=request, data=reply_email().as_bytes(), name="reply.eml")
    request = escalate(request)
    first = complaint_bundle_pdf(request=request)
    renders = []
    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda *args, **kwargs: renders.append(args))

    second = complaint_bundle_pdf(request=request)

    assert renders == []
    assert pdf_text(second) == pdf_text(first)
    assert REPLY_TEXT in pdf_text(second)
