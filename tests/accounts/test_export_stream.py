"""The data export is streamed: the zip goes out as it is made, each stored file read a chunk at a
time (from the disk, or from S3 without django-storages downloading it whole first), so a user
with large uploads never costs the server their size in memory."""

import datetime as dt
import hashlib
import io
import json
import os
import tracemalloc
import zipfile

import pytest
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils import timezone

from privacyreq.accounts import services as account_services
from privacyreq.letters.services import answers_validate
from privacyreq.tracking import services
from privacyreq.tracking.attachments import attachment_add
from privacyreq.tracking.models import Attachment, Case
from tests.accounts.helpers import confirmed_it_is_them
from tests.accounts.test_privacy import png_bytes
from tests.factories import x_answers

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
MiB = 1024 * 1024
BIG = 8 * MiB


def case_with_reply(user) -> Case:
    case = services.case_create(
        owner=user,
        answers=answers_validate(raw=x_answers(documents=["objection", "access"]), today=TODAY),
    )
    objection = case.requests.get(kind="objection")
    attachment_add(request=objection, data=png_bytes(), name="reply.png")
    return case


def big_attachment(case: Case, content: bytes) -> Attachment:
    """An upload of ``content``'s size: random bytes, so compression cannot shrink it."""
    attachment = Attachment(
        request=case.requests.get(kind="objection"),
        original_name="scan.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    attachment.file.save("reply.pdf", ContentFile(content), save=False)
    attachment.save()
    return attachment


def expected_members(case: Case) -> dict[str, bytes]:
    """Every file of the export as the export has always named it, with its stored bytes."""
    members = {}
    for document in case.documents.all():
        with document.pdf.open("rb") as handle:
            name = f"documents/case-{case.pk}-{document.pk}-{document.kind}.pdf"
            members[name] = handle.read()
    for request in case.requests.all():
        for attachment in request.attachments.all():
            with attachment.file.open("rb") as handle:
                name = (
                    f"attachments/request-{request.pk}-{attachment.pk}-{attachment.original_name}"
                )
                members[name] = handle.read()
    return members


def download(client, user) -> zipfile.ZipFile:
    client.force_login(user)
    confirmed_it_is_them(client, user)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="privacyreq-export-')
    return zipfile.ZipFile(io.BytesIO(response.getvalue()))


def test_the_streamed_zip_has_the_same_members_and_bytes_as_before(client, reference_data, user):
    case = case_with_reply(user)
    files = expected_members(case)
    assert len(files) == 3  # two letters and the reply

    archive = download(client, user)

    assert archive.testzip() is None  # every member's CRC checks out
    # Files first, in the order of the cases, then data.json and the README, as before.
    assert archive.namelist() == [*files, "data.json", "README.txt"]
    for name, content in files.items():
        assert archive.read(name) == content
    data = json.loads(archive.read("data.json"))
    [exported] = data["cases"]
    listed = [d["file"] for d in exported["documents"]] + [
        a["file"] for r in exported["requests"] for a in r["attachments"]
    ]
    assert sorted(listed) == sorted(files)
    assert archive.read("README.txt").decode() == account_services._readme(
        date=timezone.localdate()
    )


def test_memory_stays_flat_while_a_large_upload_is_exported(reference_data, user, tmp_path):
    case = case_with_reply(user)
    content = os.urandom(BIG)
    attachment = big_attachment(case, content)
    digest = attachment.sha256
    del content
    out = tmp_path / "export.zip"

    tracemalloc.start()
    try:
        chunks = account_services.account_export(user=user)
        # A zip built whole (bytes) counts as a single chunk.
        pieces = [chunks] if isinstance(chunks, bytes | bytearray) else chunks
        sizes = []
        with out.open("wb") as handle:
            for chunk in pieces:
                sizes.append(len(chunk))
                handle.write(chunk)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    # Built in memory (a BytesIO), the zip alone would be the upload's size, and reading the
    # upload whole as much again; streamed, a few chunks.
    assert peak < BIG / 4, f"peak {peak / MiB:.1f} MiB"
    assert len(sizes) > BIG // account_services.EXPORT_CHUNK_BYTES // 2
    assert max(sizes) <= 4 * account_services.EXPORT_CHUNK_BYTES
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        [name] = [n for n in archive.namelist() if n.endswith(f"-{attachment.pk}-scan.pdf")]
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest


# --- from S3 ------------------------------------------------------------------------------------


class _Body:
    """boto3's StreamingBody, over a local file."""

    def __init__(self, path: str):
        self.path = path

    def iter_chunks(self, chunk_size: int):
        assert chunk_size == account_services.EXPORT_CHUNK_BYTES
        with open(self.path, "rb") as handle:
            while chunk := handle.read(chunk_size):
                yield chunk


class _Object:
    def __init__(self, path: str):
        self.path = path

    def get(self) -> dict:
        return {"Body": _Body(self.path)}


class _S3LikeFile(File):
    """Like django-storages' S3File: reading from it downloads the whole object into memory,
    which the export must never do; its ``obj`` is the boto3 object to stream from."""

    def __init__(self, path: str):
        self.name = path
        self.obj = _Object(path)

    def read(self, *args):
        raise AssertionError("the whole object was downloaded")

    def chunks(self, chunk_size=None):
        raise AssertionError("the whole object was downloaded")

    def close(self):
        pass


class S3LikeStorage(FileSystemStorage):
    def _open(self, name, mode="rb"):
        if not self.exists(name):
            raise FileNotFoundError(name)
        return _S3LikeFile(self.path(name))


def test_from_s3_each_file_is_streamed_from_its_object_not_downloaded_whole(
    client, reference_data, user, settings
):
    case = case_with_reply(user)
    files = expected_members(case)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.S3LikeStorage"},
    }

    archive = download(client, user)

    for name, content in files.items():
        assert archive.read(name) == content


def test_a_file_gone_before_the_export_is_left_out_and_said_so(client, reference_data, user):
    case = case_with_reply(user)
    document = case.documents.first()
    document.pdf.storage.delete(document.pdf.name)

    archive = download(client, user)

    data = json.loads(archive.read("data.json"))
    files = {d["id"]: d["file"] for d in data["cases"][0]["documents"]}
    assert files[document.pk] is None
    assert len(archive.namelist()) == 4  # the other letter, the reply, data.json, README.txt
