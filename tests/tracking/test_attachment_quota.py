"""Attachment quotas (issue 17, point 6): files and bytes per request, bytes per account. A file
over a quota is refused on the attach page like any other refusal, next to the file field and in
the error summary; uploads sent in parallel are counted one after the other, so they cannot pass
together."""

import io
import threading
import time
from unittest import mock

import pytest
from django.db import connection
from django.db.models.fields.files import FieldFile
from django.test import override_settings
from django.urls import reverse

from privacyreq.tracking.attachments import AttachmentQuotaExceeded, attachment_add
from privacyreq.tracking.models import Attachment
from tests.factories import UserFactory
from tests.tracking.escalation_support import make_case, png_bytes, request_of

pytestmark = pytest.mark.django_db

KB = 1024
MB = 1024 * KB


def sized_png(size: int) -> bytes:
    """A valid PNG padded to ``size`` bytes (data after its end is not looked at)."""
    data = png_bytes()
    assert len(data) <= size
    return data + b"\0" * (size - len(data))


@pytest.fixture
def owner(reference_data):
    return UserFactory()


@pytest.fixture
def case(owner):
    return make_case(owner, documents=("objection", "erasure"))


def attach(client, request, data: bytes, name="reply.png"):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(reverse("tracking:attach", args=[request.pk]), {"file": upload})


@override_settings(TRACKING_ATTACHMENTS_PER_REQUEST=2)
def test_a_request_takes_so_many_files_and_the_page_says_so(client, owner, case):
    objection, erasure = request_of(case), request_of(case, "erasure")
    client.force_login(owner)
    assert attach(client, objection, png_bytes()).status_code == 302
    assert attach(client, objection, png_bytes()).status_code == 302

    refused = attach(client, objection, png_bytes())

    assert refused.status_code == 400
    message = "This request already has 2 attached files, the most one request can have."
    # Next to the file field and in the error summary.
    assert refused.content.decode().count(message) == 2
    assert objection.attachments.count() == 2
    # Another request of the same case has its own count.
    assert attach(client, erasure, png_bytes()).status_code == 302


@override_settings(TRACKING_ATTACHMENT_BYTES_PER_REQUEST=2 * MB)
def test_a_requests_files_take_so_many_bytes(case):
    objection = request_of(case)
    attachment_add(request=objection, data=sized_png(MB), name="one.png")
    attachment_add(request=objection, data=sized_png(MB), name="two.png")  # exactly the limit

    with pytest.raises(AttachmentQuotaExceeded) as refused:
        attachment_add(request=objection, data=sized_png(1 * KB), name="three.png")

    assert str(refused.value) == (
        "The files attached to one request may take up to 2 MB in all; with this file, this "
        "request's would take more."
    )
    assert objection.attachments.count() == 2
    attachment_add(request=request_of(case, "erasure"), data=sized_png(MB), name="x.png")


@override_settings(TRACKING_ATTACHMENT_BYTES_PER_USER=3 * MB)
def test_an_accounts_files_take_so_many_bytes_across_its_cases(client, owner, case):
    other_case = make_case(owner)
    attachment_add(request=request_of(case), data=sized_png(MB), name="a.png")
    attachment_add(request=request_of(case, "erasure"), data=sized_png(MB), name="b.png")
    client.force_login(owner)

    refused = attach(client, request_of(other_case), sized_png(MB + 1))

    assert refused.status_code == 400
    message = (
        "The files attached in one account may take up to 3 MB in all; with this file, yours "
        "would take more."
    )
    assert refused.content.decode().count(message) == 2
    assert attach(client, request_of(other_case), sized_png(MB)).status_code == 302
    # Another account's files do not count.
    stranger = make_case(UserFactory())
    attachment_add(request=request_of(stranger), data=sized_png(2 * MB), name="c.png")


def test_the_defaults_are_the_documented_ones(settings):
    assert settings.TRACKING_ATTACHMENTS_PER_REQUEST == 20
    assert settings.TRACKING_ATTACHMENT_BYTES_PER_REQUEST == 50 * MB
    assert settings.TRACKING_ATTACHMENT_BYTES_PER_USER == 200 * MB


@pytest.mark.django_db(transaction=True)
@override_settings(TRACKING_ATTACHMENTS_PER_REQUEST=1)
def test_parallel_uploads_cannot_pass_the_quota_together(reference_data):
    """Two uploads to a request with room for one: each holds its transaction open a moment
    after counting, long enough for the other to count too if nothing made it wait. On
    PostgreSQL (tests/postgres.sh): the tests' in-memory SQLite refuses a second writer at once
    ("database table is locked") where the file database, in IMMEDIATE mode, makes it wait."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections: run with tests/postgres.sh")
    request = request_of(make_case(UserFactory()))
    store = FieldFile.save
    results: list[str] = []

    def slow_store(self, *args, **kwargs):
        time.sleep(0.5)
        return store(self, *args, **kwargs)

    def upload():
        try:
            attachment_add(request=request, data=png_bytes(), name="reply.png")
            results.append("attached")
        except AttachmentQuotaExceeded:
            results.append("refused")
        finally:
            connection.close()

    with mock.patch.object(FieldFile, "save", slow_store):
        threads = [threading.Thread(target=upload) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)

    assert sorted(results) == ["attached", "refused"]
    assert Attachment.objects.filter(request=request).count() == 1
