"""The example letter (issue 18): the home page shows the start of an objection to X written by the
letters' own code for a made-up person, in the interface language, cached; /example/objection.pdf
is the whole of it through the downloads' PDF code."""

import io
import re
from unittest import mock

import pytest
from pypdf import PdfReader

from privacyreq.letters import example, services
from privacyreq.letters.example import example_preview
from privacyreq.letters.kinds import kind_spec
from privacyreq.reference.models import Platform

pytestmark = pytest.mark.django_db

OPENING_EN = (
    "I object under Article 21(1) GDPR, on grounds relating to my particular situation, to the "
    "processing of my personal data for the training"
)
OPENING_DE = "hiermit widerspreche ich nach Art. 21 Abs. 1 DSGVO"


def squeezed(text: str) -> str:
    return " ".join(text.split())


def figure(page: str) -> str:
    """The example's markup on the home page."""
    found = re.search(r'<figure class="example-letter">.*?</figure>', page, re.S)
    assert found, "no example letter on the page"
    return found.group(0)


def page_text(markup: str) -> str:
    """The visible text of some markup, as a reader gets it (entities decoded)."""
    from html import unescape

    return squeezed(unescape(re.sub(r"<[^>]+>", " ", markup)))


def pdf_text(content: bytes) -> str:
    return squeezed(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def test_home_shows_the_start_of_the_objection_as_the_letters_code_writes_it(
    client, reference_data
):
    markup = figure(client.get("/").content.decode())
    text = page_text(markup)
    assert text.startswith("Example: the start of an objection to X, written for a made-up person.")
    assert "Alex Example" in text and "X Internet Unlimited Company" in text
    assert str(kind_spec("objection").subject) in text
    assert "Dear Sir or Madam," in text
    assert OPENING_EN in text and "including Grok." in text
    # Only the start: the letter's later sections are not on the home page.
    assert "Identification and costs" not in text and "Yours faithfully" not in text
    # Text, not the letter's markup: no heading or landmark of the letter joins the page outline.
    assert not re.search(r"<(h\d|address|section|nav|aside)\b", markup)
    assert 'href="/example/objection.pdf"' in markup


def test_every_line_of_the_preview_is_the_drafted_letters_own(client, reference_data):
    preview = example_preview(language="en")
    document = example.example_document(language="en")
    assert preview is not None and document is not None
    letter = squeezed(document.text)
    for block in preview.blocks:
        for line in block.lines:
            assert line in letter, line


def test_the_preview_follows_the_reference_data_the_letter_quotes(client, reference_data):
    # Not a copy typed into a template: what the letter quotes, the preview quotes.
    Platform.objects.filter(slug="x").update(ai_model_name="Grok Example Model")
    text = page_text(figure(client.get("/").content.decode()))
    assert "including Grok Example Model." in text


def test_a_german_interface_shows_the_german_letter(client, reference_data):
    client.cookies["django_language"] = "de"
    markup = figure(client.get("/").content.decode())
    text = page_text(markup)
    assert 'lang="de"' in markup
    assert OPENING_DE in text and "Sehr geehrte Damen und Herren," in text
    assert OPENING_EN not in text


def test_the_example_pdf_is_the_whole_letter_with_the_same_opening(client, reference_data):
    response = client.get("/example/objection.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    text = pdf_text(response.content)
    preview = example_preview(language="en")
    assert preview is not None
    opening = next(b.lines[0] for b in preview.blocks if b.lines[0].startswith("I object"))
    assert opening in text
    assert "Alex Example" in text and "Identification and costs" in text
    # A browser holding it asks again and gets a 304, without a render.
    etag = response["ETag"]
    with mock.patch.object(services, "html_to_pdf", side_effect=AssertionError("rendered")):
        again = client.get("/example/objection.pdf", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert "Cookie" in again["Vary"] and "Accept-Language" in again["Vary"]


def test_the_example_pdf_is_in_the_interface_language(client, reference_data):
    response = client.get("/example/objection.pdf", HTTP_ACCEPT_LANGUAGE="de")
    assert OPENING_DE in pdf_text(response.content)


def test_the_example_pdf_is_rendered_once_then_served_from_the_cache(client, reference_data):
    with mock.patch.object(services, "html_to_pdf", wraps=services.html_to_pdf) as render:
        first = client.get("/example/objection.pdf").content
        second = client.get("/example/objection.pdf").content
    assert first == second
    assert render.call_count == 1


def test_the_preview_is_cached_per_language_and_the_home_page_renders_no_pdf(
    client, reference_data
):
    with (
        mock.patch.object(example, "letters_draft", wraps=example.letters_draft) as draft,
        mock.patch.object(services, "html_to_pdf", side_effect=AssertionError("rendered")),
    ):
        first = figure(client.get("/").content.decode())
        second = figure(client.get("/").content.decode())
        assert draft.call_count == 1
        assert first == second
        client.cookies["django_language"] = "fr"
        french = figure(client.get("/").content.decode())
        assert draft.call_count == 2
    assert french != first


def test_without_reference_data_the_home_page_has_no_example(client):
    page = client.get("/").content.decode()
    assert "example-letter" not in page
    assert client.get("/example/objection.pdf").status_code == 404
