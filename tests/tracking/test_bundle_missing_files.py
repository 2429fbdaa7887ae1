"""The complaint bundle when stored files or rows are gone: an annex that can no longer be read
keeps its number and cover page, which says so; a complaint whose own file is gone cannot be
downloaded; a complaint drafted before its annex list was kept lists the annexes of today."""

import io
import logging

import pytest
from django.urls import reverse
from pypdf import PdfReader

from privacyreq.tracking.attachments import attachment_add
from privacyreq.tracking.bundle import complaint_bundle_pdf
from privacyreq.tracking.transitions import Status
from tests.factories import UserFactory
from tests.tracking.escalation_support import (
    escalate,
    long_date,
    make_case,
    page_text,
    png_bytes,
    request_of,
    sent,
)

pytestmark = pytest.mark.django_db

MISSING = (
    "This document is no longer stored with the case, so it could not be included here. I will "
    "provide a copy on request."
)


@pytest.fixture
def owner(reference_data):
    return UserFactory()


@pytest.fixture
def escalated(owner):
    """An overdue objection escalated with one scanned reply attached (annexes 1 and 2)."""
    request = sent(request_of(make_case(owner)))
    attachment_add(request=request, data=png_bytes(), name="scan.png", note="Their reply")
    return escalate(request)


def pages(bundle: bytes) -> list[str]:
    return [page_text(page) for page in PdfReader(io.BytesIO(bundle)).pages]


def annex_pages(bundle: bytes) -> list[str]:
    """The bundle's pages from the first annex cover on."""
    texts = pages(bundle)
    start = next(i for i, text in enumerate(texts) if text.startswith("Annex 1 — "))
    return texts[start:]


def test_an_attachment_whose_file_is_gone_keeps_its_cover_saying_so(escalated, caplog):
    attachment = escalated.attachments.get()
    attachment.file.storage.delete(attachment.file.name)

    with caplog.at_level(logging.WARNING, logger="privacyreq.tracking.bundle"):
        bundle = complaint_bundle_pdf(request=escalated)

    *_objection, cover = annex_pages(bundle)
    assert cover.startswith("Annex 2 — Correspondence from the controller: Their reply (scan.png)")
    assert MISSING in cover
    assert f"Stored file {attachment.file.name} is missing" in caplog.text
    outline = [item.title for item in PdfReader(io.BytesIO(bundle)).outline]
    assert outline[-1].startswith("Annex 2 — Correspondence from the controller")


def test_an_attachment_deleted_after_escalation_keeps_its_number(escalated):
    escalated.attachments.all().delete()

    *_objection, cover = annex_pages(complaint_bundle_pdf(request=escalated))

    assert cover.startswith("Annex 2 — Correspondence from the controller: Their reply")
    assert MISSING in cover


def test_a_readable_annex_says_it_begins_on_the_next_page(escalated):
    texts = annex_pages(complaint_bundle_pdf(request=escalated))

    assert "The annex begins on the next page." in texts[0]
    assert MISSING not in " ".join(texts)


def test_a_complaint_whose_file_is_gone_is_not_found(client, owner, escalated):
    escalated.complaint.pdf.storage.delete(escalated.complaint.pdf.name)
    client.force_login(owner)

    response = client.get(reverse("tracking:bundle", args=[escalated.pk]))

    assert response.status_code == 404


def test_a_request_without_a_complaint_has_no_bundle(owner):
    request = sent(request_of(make_case(owner)))

    with pytest.raises(ValueError) as refused:
        complaint_bundle_pdf(request=request)
    assert str(refused.value) == "This request has no complaint."


def test_a_complaint_drafted_before_its_annex_list_was_kept_lists_todays_annexes(escalated):
    drafted = escalated.events.get(status=Status.COMPLAINT_DRAFTED)
    drafted.details = {k: v for k, v in drafted.details.items() if k != "annexes"}
    drafted.save(update_fields=["details"])
    attachment_add(request=escalated, data=png_bytes(), name="later.png")

    bundle = complaint_bundle_pdf(request=escalated)

    outline = [item.title for item in PdfReader(io.BytesIO(bundle)).outline[1:]]
    assert [title.split(" — ")[0] for title in outline] == ["Annex 1", "Annex 2", "Annex 3"]
    assert outline[2] == "Annex 3 — Correspondence from the controller (later.png)"
    # Dated by the complaint document itself.
    covers = [text for text in pages(bundle) if text.startswith("Annex ")]
    day = long_date(escalated.complaint.created_at.date())
    assert all(f"dated {day}." in cover for cover in covers)
