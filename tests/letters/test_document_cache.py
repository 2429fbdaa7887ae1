"""The in-process document cache: drafts written once, PDFs rendered once, ETags and 304s.

WeasyPrint itself is watched (``HTML.write_pdf``) and so are the letter templates (Django's test
signal), so the tests count real renders rather than calls to our own wrappers. PDFs are read
back with pypdf to show that what comes from the cache is the right person's letter.
"""

import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest
from django.template.loader import get_template
from django.test import Client
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils.autoreload import file_changed
from pypdf import PdfReader
from weasyprint import HTML

from privacyreq.env import env_document_cache
from privacyreq.letters.cache import documents_cache_clear
from privacyreq.letters.pdf import html_to_pdf
from privacyreq.letters.services import (
    HistoryItem,
    answers_validate,
    complaint_form_render,
    document_pdf,
    html_pdf,
    letters_draft,
)
from privacyreq.reference.models import Platform, SupervisoryAuthority
from privacyreq.tracking.models import StoredDocument
from tests.factories import x_answers

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
OBJECTION = reverse("letters:download", args=["objection", "pdf"])
OBJECTION_TEXT = reverse("letters:download", args=["objection", "txt"])


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


@pytest.fixture
def renders(monkeypatch):
    """Every PDF WeasyPrint writes from now on."""
    calls = []
    original = HTML.write_pdf

    def spy(self, *args, **kwargs):
        calls.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(HTML, "write_pdf", spy)
    return calls


@pytest.fixture
def letters_written():
    """The names of the letter and complaint-form templates rendered from now on."""
    names = []

    def receiver(sender, template, context, **kwargs):
        if template.name and template.name.startswith(("letters/pdf/", "letters/complaint_")):
            names.append(template.name)

    template_rendered.connect(receiver)
    yield names
    template_rendered.disconnect(receiver)


@pytest.fixture
def documents_cache(settings, monkeypatch):
    """Set the document cache up from the environment, as settings.py does at start-up."""

    def configure(entries: str) -> None:
        monkeypatch.setenv("DOCUMENT_CACHE_ENTRIES", entries)
        monkeypatch.delenv("DOCUMENT_CACHE_SECONDS", raising=False)
        documents = env_document_cache("DOCUMENT_CACHE_ENTRIES", "DOCUMENT_CACHE_SECONDS")
        settings.CACHES = {**settings.CACHES, "documents": documents}

    return configure


def answers(**overrides):
    return answers_validate(raw=x_answers(**overrides), today=TODAY)


def visitor(**overrides) -> Client:
    """A browser of its own, whose session holds the results for these answers."""
    client = Client()
    session = client.session
    session["letters"] = answers(**overrides).to_json()
    session.save()
    return client


def pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


# --- PDFs: rendered once, then served from memory ---------------------------------------------


def test_a_second_download_is_the_same_pdf_without_rendering_it_again(reference_data, renders):
    browser = visitor()

    first = browser.get(OBJECTION)
    second = browser.get(OBJECTION)

    assert (first.status_code, second.status_code) == (200, 200)
    assert len(renders) == 1
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    text = pdf_text(second.content)
    assert "Aoife Murphy" in text
    assert "Objection under Article 21(1) GDPR" in text
    assert "X Internet Unlimited Company" in text


def test_the_etag_is_a_hash_of_the_content(reference_data):
    aoife, niamh = visitor(), visitor(full_name="Niamh Byrne")

    first, second = aoife.get(OBJECTION), niamh.get(OBJECTION)

    assert first["ETag"] != second["ETag"]
    assert first.content != second.content
    assert "Niamh Byrne" in pdf_text(second.content)
    assert "Aoife Murphy" not in pdf_text(second.content)
    # Same answers in another browser: the same letter, so the same tag.
    assert visitor().get(OBJECTION)["ETag"] == first["ETag"]


def test_if_none_match_with_the_current_etag_is_304_without_rendering(reference_data, renders):
    browser = visitor()
    etag = browser.get(OBJECTION)["ETag"]
    documents_cache_clear()  # not even a cached PDF is needed to answer
    renders.clear()

    response = browser.get(OBJECTION, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert renders == []
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "private, no-cache"
    assert "Cookie" in response["Vary"]


def test_a_stale_etag_gets_the_pdf(reference_data, renders):
    browser = visitor()
    etag = browser.get(OBJECTION)["ETag"]

    response = browser.get(OBJECTION, HTTP_IF_NONE_MATCH=f'"{"0" * 64}", W/"stale"')

    assert response.status_code == 200
    assert response["ETag"] == etag
    assert "Aoife Murphy" in pdf_text(response.content)


def test_someone_elses_etag_gets_your_own_pdf(reference_data):
    aoife_etag = visitor().get(OBJECTION)["ETag"]
    niamh = visitor(full_name="Niamh Byrne")

    response = niamh.get(OBJECTION, HTTP_IF_NONE_MATCH=aoife_etag)

    assert response.status_code == 200
    assert response["ETag"] != aoife_etag
    text = pdf_text(response.content)
    assert "Niamh Byrne" in text and "Aoife Murphy" not in text


def test_without_results_an_etag_gets_nothing(reference_data):
    etag = visitor().get(OBJECTION)["ETag"]

    response = Client().get(OBJECTION, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 404


def test_text_download_revalidates_by_the_hash_of_the_text(reference_data):
    browser = visitor()

    response = browser.get(OBJECTION_TEXT)

    assert response.status_code == 200
    assert response["ETag"] == f'"{hashlib.sha256(response.content).hexdigest()}"'
    assert response["Cache-Control"] == "private, no-cache"
    again = browser.get(OBJECTION_TEXT, HTTP_IF_NONE_MATCH=response["ETag"])
    assert (again.status_code, again.content) == (304, b"")


def test_disabled_cache_renders_every_time_and_stays_correct(
    reference_data, renders, letters_written, documents_cache
):
    documents_cache("0")
    browser = visitor()

    first, second = browser.get(OBJECTION), browser.get(OBJECTION)

    assert len(renders) == 2
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert "Aoife Murphy" in pdf_text(second.content)
    assert browser.get(OBJECTION, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert len(renders) == 2
    # No memoised draft either: each of the three requests wrote the letter and its email version.
    assert letters_written.count("letters/pdf/objection.html") == 3 * 2


def test_the_cache_is_bounded(renders, documents_cache):
    documents_cache("3")
    pages = [
        f"<!doctype html><html lang=en><title>{n}</title><p>Page {n}</p></html>" for n in range(10)
    ]
    for html in pages:
        html_pdf(html=html)
    assert len(renders) == 10

    # Newest first: what is still cached is served without a render; the rest were dropped.
    hits = 0
    for html in reversed(pages):
        before = len(renders)
        html_pdf(html=html)
        hits += len(renders) == before
    assert 1 <= hits <= 3


def test_a_cached_pdf_is_the_pdf_a_new_render_gives(reference_data):
    document = letters_draft(answers=answers()).document("objection")

    cached = document_pdf(document=document)

    assert cached.content == html_to_pdf(document.html)
    assert document_pdf(document=document) == cached


# --- Drafts: written once per set of inputs ---------------------------------------------------


def test_the_same_answers_give_the_same_draft_written_once(reference_data, letters_written):
    first = letters_draft(answers=answers())
    written = len(letters_written)

    second = letters_draft(answers=answers())

    assert written > 0
    assert len(letters_written) == written
    assert second == first
    assert second.platform.lead_authority.name == "Data Protection Commission"


def test_a_memoised_draft_equals_a_freshly_written_one(reference_data, documents_cache):
    complaint = {"documents": ["objection", "complaint"], "complaint_to": "lead"}
    letters_draft(answers=answers(**complaint))  # written, and cached
    memoised = letters_draft(answers=answers(**complaint))
    form = complaint_form_render(draft=memoised)
    documents_cache("0")

    fresh = letters_draft(answers=answers(**complaint))

    assert memoised == fresh
    assert complaint_form_render(draft=fresh) == form


def test_different_answers_history_or_annexes_give_different_letters(reference_data):
    complaint = answers(documents=["objection", "complaint"], complaint_to="lead")
    plain = letters_draft(answers=complaint).document("complaint")
    history = [HistoryItem(date=dt.date(2026, 11, 3), text="I sent my objection by email.")]

    told = letters_draft(answers=complaint, history=history).document("complaint")
    annexed = letters_draft(answers=complaint, history=history, annexes=["Its reply of 5 Nov"])

    assert "I sent my objection by email." in told.text
    assert "I sent my objection by email." not in plain.text
    assert "Its reply of 5 Nov" in annexed.document("complaint").text
    assert "Its reply of 5 Nov" not in told.text
    other = letters_draft(answers=answers(full_name="Niamh Byrne")).document("objection")
    assert "Niamh Byrne" in other.text


def test_an_edited_platform_address_shows_in_the_next_draft(reference_data):
    browser = visitor()
    assert "One Cumberland Place" in browser.get(OBJECTION_TEXT).content.decode()
    assert "One Cumberland Place" in pdf_text(browser.get(OBJECTION).content)

    platform = Platform.objects.get(slug="x")
    platform.postal_address = "7 New Quay\nDublin 1\nIreland"
    platform.save()

    text = browser.get(OBJECTION_TEXT).content.decode()
    assert "7 New Quay" in text and "One Cumberland Place" not in text
    pdf = pdf_text(browser.get(OBJECTION).content)
    assert "7 New Quay" in pdf and "One Cumberland Place" not in pdf
    assert "7 New Quay" in letters_draft(answers=answers()).document("objection").html


def test_edited_authorities_show_in_the_next_complaint(reference_data):
    complaint = answers(
        country="DE", region="DE-BE", documents=["objection", "complaint"], complaint_to="home"
    )
    draft = letters_draft(answers=complaint)
    home, lead = draft.authority, draft.platform.lead_authority
    assert home.name in draft.document("complaint").text
    assert lead.name in complaint_form_render(draft=draft)

    SupervisoryAuthority.objects.filter(pk=home.pk).update(name="Berliner Datenschutzbehörde")
    draft = letters_draft(answers=complaint)
    assert "Berliner Datenschutzbehörde" in draft.document("complaint").text

    SupervisoryAuthority.objects.filter(pk=lead.pk).update(name="Coimisiún um Chosaint Sonraí")
    draft = letters_draft(answers=complaint)
    assert "Coimisiún um Chosaint Sonraí" in complaint_form_render(draft=draft)


def test_an_edited_template_is_used_at_once_under_runserver(reference_data, letters_written):
    letters_draft(answers=answers())
    letters_written.clear()
    template = Path(get_template("letters/pdf/objection.html").origin.name)

    file_changed.send(sender=None, file_path=template)  # what runserver's reloader sends
    letters_draft(answers=answers())

    assert "letters/pdf/objection.html" in letters_written


def test_the_result_page_writes_no_letter_twice(reference_data, letters_written):
    browser = visitor(documents=["objection", "complaint"], complaint_to="lead")
    assert browser.get(reverse("letters:result")).status_code == 200
    assert "letters/complaint_form.html" in letters_written
    letters_written.clear()

    again = browser.get(reverse("letters:result"))
    browser.get(OBJECTION)

    assert again.status_code == 200
    assert "Aoife Murphy" in again.content.decode()
    assert letters_written == []


# --- Saving: the stored PDF is the one downloaded ----------------------------------------------


def test_saving_stores_the_downloaded_pdf_without_rendering_it_again(reference_data, user, renders):
    browser = visitor()
    browser.force_login(user)
    downloaded = browser.get(OBJECTION).content
    renders.clear()

    assert browser.post(reverse("tracking:track")).status_code == 302

    # objection, erasure, access: only the two not downloaded are rendered now.
    assert len(renders) == 2
    stored = StoredDocument.objects.get(kind="objection")
    with stored.pdf.open("rb") as handle:
        assert handle.read() == downloaded
    assert stored.sha256 == hashlib.sha256(downloaded).hexdigest()
    document = letters_draft(answers=answers()).document("objection")
    assert html_to_pdf(document.html) == downloaded
