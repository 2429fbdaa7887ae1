"""The complaint bundle is built once and kept (issue 17, point 1): a second download serves the
kept file without building; a change in what it is made of builds a new one and deletes the old;
at most TRACKING_BUNDLE_BUILDS are built at once, beyond which the page asks the user to try again
in a minute (503, Retry-After); deleting the account's cases' bundles leaves nothing behind."""

import io
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from privacyreq.tracking import bundle_store
from privacyreq.tracking.attachments import attachment_add
from privacyreq.tracking.bundle import complaint_bundle_pdf
from privacyreq.tracking.models import Attachment
from privacyreq.tracking.transitions import Status
from tests.factories import UserFactory
from tests.tracking.escalation_support import (
    escalate,
    make_case,
    page_text,
    png_bytes,
    request_of,
    sent,
)

pytestmark = pytest.mark.django_db

BUSY = "Many complaint bundles are being built right now. Please try again in a minute."


@pytest.fixture(autouse=True)
def _free_slots():
    """The default cache is a table the test's transaction does not always roll back."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def owner(reference_data):
    return UserFactory()


@pytest.fixture
def escalated(owner):
    request = sent(request_of(make_case(owner)))
    attachment_add(request=request, data=png_bytes(), name="scan.png", note="Their reply")
    return escalate(request)


@pytest.fixture
def builds():
    """Every bundle built, through the real builder."""
    with mock.patch.object(
        bundle_store, "complaint_bundle_pdf", side_effect=complaint_bundle_pdf
    ) as builder:
        yield builder


def download(client, request) -> bytes:
    response = client.get(reverse("tracking:bundle", args=[request.pk]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store, private"
    return b"".join(response.streaming_content)


def texts(data: bytes) -> list[str]:
    return [page_text(page) for page in PdfReader(io.BytesIO(data)).pages]


def kept(request) -> list[str]:
    storage = Attachment._meta.get_field("file").storage
    try:
        return sorted(storage.listdir(f"bundles/{request.case_id}")[1])
    except FileNotFoundError:
        return []


def test_a_second_download_serves_the_kept_bundle_without_building(
    client, owner, escalated, builds
):
    client.force_login(owner)

    first = download(client, escalated)
    second = download(client, escalated)

    assert builds.call_count == 1
    assert second == first
    assert "Annex 2 — Correspondence from the controller: Their reply (scan.png)" in " ".join(
        texts(first)
    )
    (name,) = kept(escalated)
    assert name.startswith(f"{escalated.pk}-") and name.endswith(".pdf")


def test_a_changed_annex_builds_a_new_bundle_and_deletes_the_old(client, owner, escalated, builds):
    client.force_login(owner)
    before = download(client, escalated)
    (old,) = kept(escalated)
    # The reply's file replaced by another (a new hash), as a new upload would be.
    attachment = escalated.attachments.get()
    attachment.sha256 = "0" * 64
    attachment.save(update_fields=["sha256"])

    after = download(client, escalated)

    assert builds.call_count == 2
    (new,) = kept(escalated)
    assert new != old
    assert download(client, escalated) == after
    assert builds.call_count == 2
    assert len(texts(after)) == len(texts(before))


def test_an_annex_file_gone_builds_a_bundle_saying_so(client, owner, escalated, builds):
    client.force_login(owner)
    download(client, escalated)
    attachment = escalated.attachments.get()
    attachment.file.storage.delete(attachment.file.name)

    after = download(client, escalated)

    assert builds.call_count == 2
    assert "no longer stored with the case" in texts(after)[-1]
    assert len(kept(escalated)) == 1


def test_a_new_attachment_is_in_the_next_bundle_when_the_annexes_are_todays(
    client, owner, escalated, builds
):
    # A complaint drafted before its annex list was kept lists the annexes of today.
    drafted = escalated.events.get(status=Status.COMPLAINT_DRAFTED)
    drafted.details = {k: v for k, v in drafted.details.items() if k != "annexes"}
    drafted.save(update_fields=["details"])
    client.force_login(owner)
    download(client, escalated)

    attachment_add(request=escalated, data=png_bytes(), name="later.png")
    after = download(client, escalated)

    assert builds.call_count == 2
    assert "Annex 3 — Correspondence from the controller (later.png)" in " ".join(texts(after))
    assert len(kept(escalated)) == 1


def test_a_change_of_the_users_name_builds_a_new_bundle(client, owner, escalated, builds):
    client.force_login(owner)
    download(client, escalated)
    case = escalated.case
    case.answers = {**case.answers, "full_name": "Erika Beispiel"}
    case.save(update_fields=["answers"])

    after = download(client, escalated)

    assert builds.call_count == 2
    assert PdfReader(io.BytesIO(after)).metadata.author == "Erika Beispiel"


@override_settings(TRACKING_BUNDLE_BUILDS=2)
def test_when_every_build_slot_is_taken_the_page_asks_to_come_back(
    client, owner, escalated, builds
):
    for number in range(2):
        assert cache.add(f"tracking:bundle-build:{number}", "another worker", 60)
    client.force_login(owner)

    response = client.get(reverse("tracking:bundle", args=[escalated.pk]))

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert BUSY in html
    assert reverse("tracking:request", args=[escalated.pk]) in html
    assert builds.call_count == 0
    assert kept(escalated) == []


@override_settings(TRACKING_BUNDLE_BUILDS=2)
def test_a_kept_bundle_is_served_while_every_slot_is_taken(client, owner, escalated, builds):
    client.force_login(owner)
    first = download(client, escalated)
    for number in range(2):
        assert cache.add(f"tracking:bundle-build:{number}", "another worker", 60)

    assert download(client, escalated) == first
    assert builds.call_count == 1


@override_settings(TRACKING_BUNDLE_BUILDS=2)
def test_a_build_takes_a_free_slot_and_gives_it_back(client, owner, escalated):
    assert cache.add("tracking:bundle-build:0", "another worker", 60)
    taken = []

    def build(*, request):
        taken.append(cache.get("tracking:bundle-build:1"))
        return complaint_bundle_pdf(request=request)

    client.force_login(owner)
    with mock.patch.object(bundle_store, "complaint_bundle_pdf", side_effect=build):
        download(client, escalated)

    assert taken and taken[0] is not None
    assert cache.get("tracking:bundle-build:1") is None
    assert cache.get("tracking:bundle-build:0") == "another worker"


def test_a_failed_build_gives_its_slot_back(owner, escalated):
    escalated.complaint.pdf.storage.delete(escalated.complaint.pdf.name)

    with pytest.raises(FileNotFoundError):
        bundle_store.complaint_bundle_file(request=escalated)

    assert cache.get("tracking:bundle-build:0") is None


def test_deleting_a_cases_bundles_leaves_no_file_nor_folder(client, owner, escalated):
    client.force_login(owner)
    download(client, escalated)
    storage = Attachment._meta.get_field("file").storage
    folder = f"bundles/{escalated.case_id}"
    assert storage.exists(folder)

    bundle_store.bundle_files_delete(case_ids=[escalated.case_id])

    assert kept(escalated) == []
    assert not storage.exists(folder)


def test_a_bundle_built_while_its_request_is_deleted_is_not_kept(escalated):
    def build(*, request):
        data = complaint_bundle_pdf(request=request)
        request.case.delete()
        return data

    with (
        mock.patch.object(bundle_store, "complaint_bundle_pdf", side_effect=build),
        pytest.raises(FileNotFoundError),
    ):
        bundle_store.complaint_bundle_file(request=escalated)

    assert kept(escalated) == []
