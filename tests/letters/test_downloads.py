"""The result page's downloads (issue 18): files named privacyreq-<platform>-<document>-<date>,
"Download all" as one zip of every PDF and text, counted against the render limit like single
PDFs, and "Open in your email program" only where there is an address to write to."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from privacyreq.core.sessions import RESULT_KEY
from privacyreq.letters.cache import documents_cache_clear
from privacyreq.letters.kinds import download_name
from privacyreq.letters.services import answers_validate
from privacyreq.reference.models import Platform
from tests.factories import x_answers

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
RESULT = reverse("letters:result")
ALL = reverse("letters:download_all")
NAME = "Aoife Murphy"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def visitor(**overrides) -> Client:
    """A browser whose session holds the results for these answers (dated TODAY)."""
    client = Client()
    session = client.session
    raw = x_answers(date=TODAY.isoformat(), **overrides)
    session[RESULT_KEY] = answers_validate(raw=raw, today=TODAY).to_json()
    session.save()
    return client


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


# File names


@pytest.mark.parametrize("fmt", ["pdf", "txt"])
def test_a_download_is_named_by_platform_document_and_date(reference_data, fmt):
    response = visitor().get(reverse("letters:download", args=["erasure", fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="privacyreq-x-erasure-2026-11-23.{fmt}"'
    )


def test_an_unlisted_organisation_is_named_by_its_name_in_ascii(reference_data):
    raw = x_answers(platform="other", documents=["objection"], date=TODAY.isoformat())
    raw["controller"] = {"name": "Société Générale d\u2019IA Ltd", "address": "1 Rue X\nParis"}
    client = Client()
    session = client.session
    session[RESULT_KEY] = answers_validate(raw=raw, today=TODAY).to_json()
    session.save()
    response = client.get(reverse("letters:download", args=["objection", "txt"]))
    assert response["Content-Disposition"] == (
        'attachment; filename="privacyreq-societe-generale-dia-ltd-objection-2026-11-23.txt"'
    )


def test_names_are_ascii_and_leave_out_an_organisation_without_latin_letters():
    day = dt.date(2026, 1, 5)
    assert download_name("pdf", organisation="x", what="objection", day=day) == (
        "privacyreq-x-objection-2026-01-05.pdf"
    )
    assert download_name("pdf", organisation="Яндекс", what="access", day=day) == (
        "privacyreq-access-2026-01-05.pdf"
    )
    long = download_name("zip", organisation="A" * 80 + " Ltd", what="letters", day=day)
    assert long == f"privacyreq-{'a' * 40}-letters-2026-01-05.zip"


# Download all


def test_download_all_is_offered_above_the_single_downloads(reference_data):
    page = visitor().get(RESULT).content.decode()
    assert f'href="{ALL}"' in page
    assert "Download all (zip)" in page
    assert page.index(ALL) < page.index(reverse("letters:download", args=["objection", "pdf"]))


def test_download_all_holds_every_pdf_and_text_under_their_names(reference_data):
    client = visitor()
    response = client.get(ALL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        'attachment; filename="privacyreq-x-letters-2026-11-23.zip"'
    )
    # Personal data: kept only by the browser, and only to revalidate.
    assert response["Cache-Control"] == "private, no-cache"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == sorted(
        f"privacyreq-x-{kind}-2026-11-23.{fmt}"
        for kind in ("objection", "erasure", "access")
        for fmt in ("pdf", "txt")
    )
    for kind in ("objection", "erasure", "access"):
        pdf = archive.read(f"privacyreq-x-{kind}-2026-11-23.pdf")
        assert pdf.startswith(b"%PDF")
        assert NAME in pdf_text(pdf)
        text = archive.read(f"privacyreq-x-{kind}-2026-11-23.txt").decode()
        assert NAME in text
        # The same bytes as the single downloads.
        assert text == client.get(reverse("letters:download", args=[kind, "txt"])).content.decode()
        assert pdf == client.get(reverse("letters:download", args=[kind, "pdf"])).content
    assert "Article 17" in flat(archive.read("privacyreq-x-erasure-2026-11-23.txt").decode())


def test_download_all_revalidates(reference_data):
    client = visitor()
    first = client.get(ALL)
    etag = first["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{64}"', etag)
    # The same letters give the same bytes, so the tag is the zip's.
    documents_cache_clear()
    again = client.get(ALL)
    assert again.content == first.content and again["ETag"] == etag
    assert client.get(ALL, headers={"if-none-match": etag}).status_code == 304


def test_download_all_is_only_the_sessions_own_results(reference_data):
    assert Client().get(ALL).status_code == 404


def test_download_all_counts_each_fresh_render_against_the_limit(reference_data, settings):
    settings.LETTERS_RENDER_RATE_LIMIT = "2/h/session"
    client = visitor(documents=["objection", "erasure"])
    assert client.get(ALL).status_code == 200  # two renders: the limit is used up
    # Served from the document cache, the same zip renders nothing and is not refused.
    assert client.get(ALL).status_code == 200

    documents_cache_clear()
    refused = client.get(ALL)

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Content-Disposition" not in refused
    assert "Your letters are still here" in refused.content.decode()


def test_download_all_with_one_render_left_is_refused(reference_data, settings):
    settings.LETTERS_RENDER_RATE_LIMIT = "1/h/session"
    client = visitor(documents=["objection", "erasure"])
    assert client.get(ALL).status_code == 429


# "Open in your email program"


def test_no_email_program_link_without_an_address(reference_data):
    assert Platform.objects.get(slug="x").privacy_email == ""
    page = visitor().get(RESULT).content.decode()
    assert "Open in your email program" not in page
    assert 'href="mailto:' not in page


def test_the_email_program_link_writes_to_the_organisation(reference_data):
    x = Platform.objects.get(slug="x")
    x.privacy_email = "privacy@x.example"
    # A source for it too: the letters leave out an address no source confirms.
    x.facts["privacy_email"] = {"source": "https://x.example/privacy", "status": "confirmed"}
    x.save()
    page = visitor(documents=["objection"]).get(RESULT).content.decode()
    assert "Open in your email program" in page
    assert 'href="mailto:privacy%40x.example?subject=' in page


# Copy buttons


def meta_complaint(language: str, complaint_language: str) -> Client:
    """Results with a complaint to the CNIL (it has an online form), in ``complaint_language``."""
    raw = {
        "platform": "meta",
        "country": "FR",
        "full_name": NAME,
        "email": "aoife@example.org",
        "postal_address": "4 Rue X\nParis",
        "documents": ["objection", "complaint"],
        "complaint_to": "home",
        "prior_request_sent_on": "2026-10-01",
        "language": language,
        "complaint_language": complaint_language,
        "date": TODAY.isoformat(),
    }
    client = Client()
    session = client.session
    session[RESULT_KEY] = answers_validate(raw=raw, today=TODAY).to_json()
    session.save()
    return client


def test_copy_buttons_speak_the_interface_language(reference_data):
    """The complaint's sections for the online form are in the complaint's language (French
    here); their copy buttons take their words and language from the English page around them."""
    page = meta_complaint("en", "fr").get(RESULT).content.decode()
    container = re.search(r'<div lang="fr" data-copy-labels[^>]*>', page)
    assert container is not None
    attributes = dict(re.findall(r'(data-copy-[a-z]+)="([^"]*)"', container.group(0)))
    assert attributes == {
        "data-copy-lang": "en",
        "data-copy-label": "Copy",
        "data-copy-copied": "Copied",
        "data-copy-done": "Copied to the clipboard.",
        "data-copy-failed": "Copying failed: select the text and copy it by hand.",
    }
    # The letters' own copy buttons say "Copied" after copying, in the page's language.
    assert re.search(r'<button [^>]*data-copy-copied="Copied"[^>]*>Copy email text</button>', page)


def test_copy_labels_follow_a_translated_interface(reference_data):
    client = meta_complaint("en", "fr")
    client.cookies["django_language"] = "de"
    page = client.get(RESULT).content.decode()
    container = re.search(r'<div lang="fr" data-copy-labels[^>]*>', page).group(0)
    assert 'data-copy-lang="de"' in container
    assert 'data-copy-label="Copy"' not in container
