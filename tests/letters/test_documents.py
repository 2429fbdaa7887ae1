"""The letters themselves: what every PDF, text and email version says, and how it is rendered.

Answers are built directly (no questionnaire), reference rows come from the factories, and the
PDFs are read back with pypdf, so these tests check what a controller or authority will actually
read. Expected dates come from the deadline engine, which has its own hand-checked tests.
"""

import datetime as dt
import io
import itertools
import re
from html import unescape

import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader

from privacyreq.deadlines import authority_update_due, response_due
from privacyreq.letters.answers import Answers, Controller, PriorRequest
from privacyreq.letters.letter_context import letter_context
from privacyreq.letters.services import (
    complaint_form_render,
    document_render_pdf,
    letters_draft,
)
from tests.factories import (
    BERLIN_ADDRESS,
    BERLIN_NAME,
    PlatformFactory,
    berlin_authority,
)
from tests.letters.test_din_5008 import page_texts

pytestmark = pytest.mark.django_db

LETTER_DATE = dt.date(2026, 11, 23)
OPTED_OUT_ON = dt.date(2024, 7, 28)
ALL_DOCUMENTS = ("objection", "erasure", "access", "restriction", "complaint")
NAME = "Zoë Ångström-Łukasiewicz"
SITUATION_TEXT = "I write about my chronic illness and publish my own short fiction on X."
X_ADDRESS = ["One Cumberland Place", "Fenian Street", "Dublin 2", "D02 AX07", "Ireland"]
SENDER_ADDRESS = "Musterstraße 12"

CITATIONS = {
    "objection": ["Article 21(1)", "Article 21(5)", "Article 25(2)", "Article 6(1)(f)"],
    "erasure": ["17(1)(c)", "17(1)(d)", "Article 19"],
    "access": ["Article 15", "15(3)", "15(1)(a)", "15(1)(h)", "15(2)"],
    "restriction": ["18(1)(d)", "Article 18(2)", "Article 18(3)", "Article 19"],
    "complaint": ["Article 77", "78(2)", "Article 57(1)(f)", "58(2)(c)", "58(2)(f)", "58(2)(g)"],
}


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def flat(text: str) -> str:
    return " ".join(text.split())


def squeeze(text: str) -> str:
    """Without any whitespace: a citation such as 58(2)(c) may wrap between its brackets."""
    return re.sub(r"\s+", "", text)


def has_none(text: str) -> bool:
    """A Python None leaking into a letter (but not the words "None of the exceptions")."""
    return re.search(r"\bNone\b(?! of)", text) is not None


# The list markers the extractor collects at a page's end (WeasyPrint draws them last).
LIST_MARKERS = re.compile(r"(?m)^\s*(?:•|\d+\.)\s*$")


def pdf_text(pdf: bytes) -> str:
    # Without the page numbers, the continuation pages' header (DIN 5008 layout,
    # tests/letters/test_din_5008.py) and the list markers: each would split a sentence that runs
    # over a page.
    return flat(" ".join(LIST_MARKERS.sub("", page) for page in page_texts(pdf)))


def make_answers(**overrides) -> Answers:
    values = {
        "platform": "x",
        "country": "DE",
        "region": "DE-BE",
        "full_name": NAME,
        "email": "zoe@example.org",
        "account": "@zoe_writes",
        "postal_address": f"{SENDER_ADDRESS}\n10115 Berlin\nGermany",
        "data": ("posts", "ai_chats", "images"),
        "situation": ("sensitive_data", "creative_work", "other"),
        "situation_text": SITUATION_TEXT,
        "opted_out_on": OPTED_OUT_ON,
        "documents": ALL_DOCUMENTS,
        "complaint_to": "home",
        "date": LETTER_DATE,
    }
    values.update(overrides)
    return Answers(**values)


@pytest.fixture
def x_platform():
    return PlatformFactory()  # lead authority: the Irish DPC


@pytest.fixture
def berlin():
    return berlin_authority()


@pytest.fixture
def draft(x_platform, berlin):
    return letters_draft(answers=make_answers())


@pytest.mark.parametrize("kind", ALL_DOCUMENTS)
def test_every_pdf_names_parties_date_articles_deadline_and_situation(draft, kind):
    document = draft.document(kind)
    text = pdf_text(document_render_pdf(document=document))

    assert NAME in text
    assert SENDER_ADDRESS in text
    assert "X Internet Unlimited Company" in text
    for line in X_ADDRESS:
        assert line in text
    assert long_date(LETTER_DATE) in text
    for citation in CITATIONS[kind]:
        assert squeeze(citation) in squeeze(text), citation
    if kind == "access":
        # Access needs no reasons; the user's sensitive situation is not volunteered.
        assert SITUATION_TEXT not in text
    else:
        assert SITUATION_TEXT in text
    assert not has_none(text)

    if kind == "complaint":
        assert BERLIN_NAME in text
        for line in BERLIN_ADDRESS:
            assert line in text
        # No earlier request: a draft for after the letters' reply date, whose three months
        # (Art. 78(2)) run from a lodging not yet known, so no date is named.
        assert "within three months of receiving this complaint at the latest" in text
        update_due = authority_update_due(LETTER_DATE, country="DE")
        assert long_date(update_due) not in text
        assert "I therefore expect your reply by" not in text  # Art. 12(3) binds controllers
    else:
        due = response_due(LETTER_DATE, country="IE")
        assert f"I therefore expect your reply by {long_date(due)} at the latest" in text
        assert "two further months" in text
        assert "Article 12(4)" in text
        assert "Article 12(5)" in text and "Article 12(6)" in text
        assert "Grok" in text and "xAI" in text


def test_objection_relies_on_article_21_1_only(draft):
    text = pdf_text(document_render_pdf(document=draft.document("objection")))
    assert "Article 21(1)" in text
    assert "21(2)" not in text and "21(3)" not in text
    # The default-on setting, the earlier opt-out and X's undertaking to the High Court.
    assert "at any time" in text
    assert (
        f"On {long_date(OPTED_OUT_ON)} I switched off the setting that allowed the use of my data"
        in text
    )
    # An objection reaches all further processing, not processing already done, from receipt.
    assert "before and after that date" not in text and "past and future" not in text
    assert squeeze("covers all further processing") in squeeze(text)
    assert squeeze("It takes effect when you receive it") in squeeze(text)
    assert "4 September 2024" in text and "7 May and 1 August 2024" in text
    assert "Article 9(1)" in text  # sensitive_data was chosen
    assert f"In my own words: “{SITUATION_TEXT}”" in text


def test_no_document_cites_21_2_or_21_3(draft):
    for document in draft.documents:
        assert "21(2)" not in document.text and "21(3)" not in document.text, document.kind


def test_complaint_to_home_authority_points_to_lead_authority(draft):
    text = pdf_text(document_render_pdf(document=draft.document("complaint")))
    assert "Article 77(1)" in text and "Article 56(1)" in text and "Article 60" in text
    assert "Data Protection Commission" in text
    assert "section 134 of the Irish Data Protection Act 2018" in text
    assert "Opinion 28/2024" in text and "11 April 2025" in text
    # No earlier request: a draft for after the reply date, enclosing the requests sent first.
    assert "at the same time as this complaint" not in text
    assert text.startswith("Draft: send only if no complete answer has come by")
    assert "Enclosures" in text and "Screenshots of the training setting" in text


def test_complaint_with_earlier_request_shows_its_date_and_the_missed_deadline(x_platform):
    sent = dt.date(2026, 9, 1)
    answers = make_answers(
        documents=("complaint",), complaint_to="lead", prior_request=PriorRequest(sent_on=sent)
    )
    document = letters_draft(answers=answers).document("complaint")
    text = pdf_text(document_render_pdf(document=document))

    prior_due = response_due(sent, country="IE")
    assert prior_due < LETTER_DATE
    assert long_date(sent) in text
    assert f"The one-month period under Article 12(3) GDPR ended on {long_date(prior_due)}" in text
    assert "Request not answered (Article 12(3) and (4) GDPR)" in text
    # Lodged with the lead authority itself.
    assert "Data Protection Commission" in text and "21 Fitzwilliam Square South" in text
    assert "lead supervisory authority for the controller under Article 56(1)" in text
    assert "78(2)" in text


@pytest.mark.parametrize("name", [NAME, "Αλέξανδρος Παπαδόπουλος", "Дмитрий Иванов"])
def test_names_in_any_script_come_out_intact(x_platform, name):
    draft = letters_draft(answers=make_answers(full_name=name, documents=("objection",)))
    document = draft.document("objection")
    assert name in pdf_text(document_render_pdf(document=document))
    assert name in document.text


def test_pdf_metadata_language_tagging_and_a4(draft):
    document = draft.document("erasure")
    reader = PdfReader(io.BytesIO(document_render_pdf(document=document)))
    assert reader.metadata.title == document.subject
    assert reader.metadata.author == NAME
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/MarkInfo" in root
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(595.3, abs=1)
        assert float(page.mediabox.height) == pytest.approx(841.9, abs=1)


def test_text_version_and_email_body(draft):
    due = long_date(response_due(LETTER_DATE, country="IE"))
    for document in draft.documents:
        text = flat(document.text)
        body = flat(document.email_body)
        assert NAME in text and "One Cumberland Place" in text
        if document.kind != "access":
            assert SITUATION_TEXT in text and SITUATION_TEXT in body
        # The email body is the letter without the postal header: no addresses, date or subject.
        assert document.subject not in body
        assert "Account: @zoe_writes" not in body and "By email:" not in body
        for line in BERLIN_ADDRESS:
            assert line not in body, (document.kind, line)
        if document.kind != "complaint":
            # (The complaint names both parties in its body, as authorities' forms ask.)
            assert SENDER_ADDRESS not in body
            for line in X_ADDRESS:
                assert line not in body, (document.kind, line)
        # (A draft complaint starts with its note to the writer.)
        assert body.startswith("Dear Sir or Madam,") or body.startswith("Draft: send only")
        assert body.endswith(NAME) or "Enclosures" in body
        if document.kind != "complaint":
            sentence = f"I therefore expect your reply by {due} at the latest"
            assert sentence in text and sentence in body


def test_hand_entered_controller_drops_platform_sentences(berlin):
    answers = make_answers(
        platform="other",
        controller=Controller(
            name="Beispiel Daten GmbH",
            address="Beispiel Daten GmbH\nHauptstraße 1\n10117 Berlin\nGermany",
            email="privacy@beispiel.example",
        ),
        account="",
        data=(),
        situation=(),
        situation_text="",
        opted_out_on=None,
    )
    draft = letters_draft(answers=answers)
    assert [d.kind for d in draft.documents] == list(ALL_DOCUMENTS)
    due = long_date(response_due(LETTER_DATE, country="DE"))
    for document in draft.documents:
        text = pdf_text(document_render_pdf(document=document))
        assert "Beispiel Daten GmbH" in text and "Hauptstraße 1" in text
        assert text.count("Beispiel Daten GmbH, Beispiel Daten GmbH") == 0
        assert not has_none(text), document.kind
        for absent in ("Grok", "xAI", "X Internet", "Twitter", "Article 56", " such as ."):
            assert absent not in text, (document.kind, absent)
        if document.kind == "complaint":
            assert "Article 77(1)" in text and BERLIN_NAME in text
        else:
            assert f"by {due} at the latest" in text
    assert "privacy@beispiel.example" in flat(draft.document("objection").text)


def test_other_platform_without_recipient_or_model_reads_naturally(berlin):
    PlatformFactory(
        slug="gadget",
        service_name="Gadget",
        legal_entity="Gadget Ireland Limited",
        postal_address="Gadget Ireland Limited\n1 Dock Road\nDublin 2\nIreland",
        ai_model_name="",
        ai_recipient="",
        ai_switched_on=None,
        legal_basis_claimed="",
        position=2,
    )
    answers = make_answers(platform="gadget", situation=(), situation_text="", data=("profile",))
    for document in letters_draft(answers=answers).documents:
        html = document.html
        assert not re.search(r"<li>\s*</li>", html), document.kind
        text = flat(document.text)
        assert not has_none(text), document.kind
        for absent in (" such as .", "disclosure to  ", "including ,", "to .", " ,", " ."):
            assert absent not in text, (document.kind, absent)
        assert "my profile information" in text or document.kind == "complaint"
        assert "4 September 2024" not in text  # X's undertaking belongs to X only


@pytest.mark.parametrize(
    ("country", "region", "expected"),
    [("GB", "", "UK GDPR"), ("CH", "", "Federal Act on Data Protection (FADP)")],
)
def test_uk_and_swiss_residents_invoke_their_own_law(x_platform, country, region, expected):
    answers = make_answers(country=country, region=region, documents=("objection", "access"))
    for document in letters_draft(answers=answers).documents:
        assert expected in flat(document.text)
        # X's undertaking covered EU/EEA users only.
        assert "undertaking of 4 September 2024" not in document.text


def test_complaint_form_sections_for_the_authority_website(draft):
    context = letter_context(draft.answers, kind="complaint", draft=draft, for_email=False)
    html = render_to_string("letters/complaint_form.html", context)
    headings = re.findall(r"<h3[^>]*>([^<]+)</h3>", html)
    assert headings == [
        "About you",
        "The organisation",
        "What happened and when",
        "The infringements",
        "What you want the authority to do",
        "Annexes to upload",
    ]
    slugs = re.findall(r'class="form-answer[^"]*" id="form-([a-z-]+)"', html)
    assert len(slugs) == 6 == len(set(slugs))
    for slug in slugs:
        assert f'data-copy-target="form-{slug}" data-copy-status="form-{slug}-status"' in html
        assert f'<span id="form-{slug}-status" role="status"' in html
    text = flat(re.sub(r"<[^>]+>", " ", html))
    assert NAME in text and "X Internet Unlimited Company" in text
    assert SITUATION_TEXT in text
    assert "Article 58(2)(f)" in text and "78(2)" in text
    # A draft for later: the form sections name no Art. 78(2) date either.
    assert long_date(authority_update_due(LETTER_DATE, country="DE")) not in text
    assert "Screenshots of the training setting" in text


def test_complaint_form_says_what_the_complaint_says(draft):
    """The form sections are the complaint's own sections: each box's text stands in the PDF's
    text, so the two can no longer drift apart."""
    html = complaint_form_render(draft=draft)
    complaint = flat(draft.document("complaint").text)
    boxes = re.findall(r'<div class="form-answer[^"]*" id="form-[a-z-]+">(.*?)</div>', html, re.S)
    assert len(boxes) == 6
    for box in boxes:
        for paragraph in re.split(r"</(?:p|li|h[1-6])>", box):
            words = flat(unescape(re.sub(r"<[^>]+>", " ", paragraph)))
            if words:
                assert words in complaint


def test_every_combination_reads_cleanly(x_platform, berlin):
    """No empty bullets, no None, no stray punctuation, whatever the user chose or left out."""
    documents_options = [ALL_DOCUMENTS, ("complaint",), ("erasure", "restriction", "complaint")]
    every_situation = (
        "sensitive_data",
        "minor",
        "professional_secrecy",
        "creative_work",
        "harassment_risk",
        "third_party_data",
        "other",
    )
    situation_options = [(), ("minor",), every_situation]
    for platform, documents, situation, opted, prior, account in itertools.product(
        ["x", "other"],
        documents_options,
        situation_options,
        [None, dt.date(2024, 5, 1), OPTED_OUT_ON],
        [None, dt.date(2026, 9, 1), dt.date(2026, 11, 10)],
        ["", "@zoe_writes"],
    ):
        answers = make_answers(
            platform=platform,
            controller=Controller("Beispiel Daten GmbH", "Hauptstraße 1\n10117 Berlin")
            if platform == "other"
            else None,
            documents=documents,
            situation=situation,
            situation_text="My own words." if "other" in situation else "",
            data=() if not situation else ("posts", "profile"),
            opted_out_on=opted,
            prior_request=PriorRequest(sent_on=prior) if prior else None,
            account=account,
            complaint_to="home" if platform == "other" or prior else "lead",
        )
        draft = letters_draft(answers=answers)
        context = letter_context(answers, kind="complaint", draft=draft, for_email=False)
        form = render_to_string("letters/complaint_form.html", context)
        form_text = re.sub(r"<[^>]+>", " ", form)
        for name, html, text in [
            *((d.kind, d.html, d.text + d.email_body) for d in draft.documents),
            ("form", form, form_text),
        ]:
            where = (name, platform, documents, situation, opted, prior, account)
            assert not re.search(r"<li>\s*</li>|<p[^>]*>\s*</p>|<ul>\s*</ul>", html), where
            assert not has_none(text), where
            squashed = flat(text)
            for bad in (" ,", " .", " ;", " :", ",,", "..", ",.", "( ", " )"):
                assert bad not in squashed, (where, bad)


def test_a_company_name_ending_in_an_abbreviation_gets_one_full_stop(berlin):
    answers = make_answers(
        platform="other",
        controller=Controller(
            name="Dane Sp. z o.o.", address="Dane Sp. z o.o.\nul. Długa 1\nWarszawa"
        ),
        account="",
        opted_out_on=None,
        language="pl",
    )
    for document in letters_draft(answers=answers).documents:
        text = flat(document.text)
        assert "Sp. z o.o." in text, document.kind
        assert "o.o.." not in text, document.kind
        assert "o.o.." not in pdf_text(document_render_pdf(document=document)), document.kind
