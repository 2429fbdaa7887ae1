"""Every document in every language: rendered to PDF, read back, and checked for the citations of
that language's official GDPR text and for English left behind.

The English check compares with the same answers written in English: any English sentence of
ours that survives in another language's PDF is a string that was not translated (an empty or
missing catalogue entry falls back to the English source).
"""

import dataclasses
import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from privacyreq.letters.answers import Answers, PriorRequest
from privacyreq.letters.choices import LANGUAGES
from privacyreq.letters.services import complaint_form_render, document_render_pdf, letters_draft
from tests.factories import BERLIN_NAME, PlatformFactory, berlin_authority

pytestmark = pytest.mark.django_db

KINDS = ("objection", "erasure", "access", "restriction", "complaint")
# Each language's abbreviation of the Regulation and how it cites "Article N(p)".
SHORT_NAME = {
    "en": "GDPR",
    "de": "DSGVO",
    "fr": "RGPD",
    "es": "RGPD",
    "it": "RGPD",
    "nl": "AVG",
    "pl": "RODO",
}
ARTICLE = {
    "en": "Article {a}({p})",
    "de": "Art. {a} Abs. {p}",
    "fr": "article {a}, paragraphe {p}",
    "es": "artículo {a}, apartado {p}",
    "it": "articolo {a}, paragrafo {p}",
    "nl": "artikel {a}, lid {p}",
    "pl": "art. {a} ust. {p}",
}
# The article each document rests on, with its paragraph.
MAIN_ARTICLE = {
    "objection": ("21", "1"),
    "erasure": ("17", "1"),
    "access": ("15", "1"),
    "restriction": ("18", "1"),
    "complaint": ("77", "1"),
}
# The page number at the foot of each page.
FOOTER = {
    "en": "Page 1 of",
    "de": "Seite 1 von",
    "fr": "Page 1 sur",
    "es": "Página 1 de",
    "it": "Pagina 1 di",
    "nl": "Pagina 1 van",
    "pl": "Strona 1 z",
}
NAME = "Zoë Ångström-Łukasiewicz"
# The user's own words are quoted as typed, so they are not English of ours.
OWN_WORDS = "Ich veröffentliche meine eigenen Gedichte."


def flat(text: str) -> str:
    return " ".join(text.split())


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def pdf_text(pdf: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?:;])\s+", flat(text)) if len(s.split()) >= 5]


@pytest.fixture
def platform():
    return PlatformFactory()


@pytest.fixture
def berlin():
    return berlin_authority()


def answers(language: str) -> Answers:
    return Answers(
        platform="x",
        country="DE",
        region="DE-BE",
        full_name=NAME,
        email="zoe@example.org",
        account="@zoe_writes",
        postal_address="Musterstraße 12\n10115 Berlin",
        data=("posts", "ai_chats", "images", "profile"),
        situation=(
            "sensitive_data",
            "minor",
            "professional_secrecy",
            "creative_work",
            "harassment_risk",
            "third_party_data",
            "other",
        ),
        situation_text=OWN_WORDS,
        opted_out_on=dt.date(2024, 7, 28),
        documents=KINDS,
        complaint_to="home",
        prior_request=PriorRequest(sent_on=dt.date(2026, 9, 1)),
        date=dt.date(2026, 11, 23),
        language=language,
    )


def ours(text: str, platform) -> str:
    """The text without what we quote rather than write: the user's details and own words, and
    the reference data (names, addresses, the platform's statements)."""
    quoted = [
        platform.legal_basis_claimed,
        platform.setting_path,
        platform.legal_entity,
        *platform.address_lines,
        BERLIN_NAME,
        "Alt-Moabit 59-61",
        "10555 Berlin",
        OWN_WORDS,
        NAME,
        "Musterstraße 12",
        "10115 Berlin",
        "zoe@example.org",
        "@zoe_writes",
    ]
    for value in quoted:
        text = text.replace(value, " ")
    return text


@pytest.fixture(scope="module")
def english_sentences():
    """Our English sentences, per document, from the same answers written in English."""
    return {}


def english(kind: str, cache: dict, platform) -> list[str]:
    if not cache:
        draft = letters_draft(answers=answers("en"))
        for document in draft.documents:
            cache[document.kind] = sentences(ours(flat(document.text), platform))
        cache["complaint-form"] = sentences(
            ours(flat(re.sub(r"<[^>]+>", " ", complaint_form_render(draft=draft))), platform)
        )
    return cache[kind]


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_document_in_every_language(language, platform, berlin, english_sentences):
    draft = letters_draft(answers=answers(language))
    assert [d.kind for d in draft.documents] == list(KINDS)
    for document in draft.documents:
        text = pdf_text(document_render_pdf(document=document))
        where = f"{language} {document.kind}"
        assert NAME in text, where
        assert FOOTER[language] in text, where
        assert f'lang="{language}"' in document.html, where

        article, paragraph = MAIN_ARTICLE[document.kind]
        citation = ARTICLE[language].format(a=article, p=paragraph)
        assert squeeze(citation) in squeeze(text), f"{where}: no {citation!r}"
        assert SHORT_NAME[language] in text, where
        for direct_marketing in ("2", "3"):
            # Art. 21(2)/(3) are about direct marketing and never the ground for AI training.
            wrong = ARTICLE[language].format(a="21", p=direct_marketing)
            assert squeeze(wrong) not in squeeze(text), f"{where} cites {wrong!r}"
        if language == "en":
            continue
        assert "GDPR" not in ours(text, platform), f"{where}: 'GDPR' left in the text"
        left = [s for s in english(document.kind, english_sentences, platform) if s in text]
        assert not left, f"{where}: English sentences left: {left[:3]}"
        left = [
            s for s in english(document.kind, english_sentences, platform) if s in document.text
        ]
        assert not left, f"{where} (text version): English sentences left: {left[:3]}"

    if language != "en":
        form = flat(re.sub(r"<[^>]+>", " ", complaint_form_render(draft=draft)))
        left = [s for s in english("complaint-form", english_sentences, platform) if s in form]
        assert not left, f"{language} complaint form: English sentences left: {left[:3]}"


def test_complaint_in_the_authoritys_language_with_letters_in_english(platform, berlin):
    draft = letters_draft(
        answers=dataclasses.replace(answers("en"), complaint_language="de", documents=KINDS)
    )
    objection = pdf_text(document_render_pdf(document=draft.document("objection")))
    complaint = pdf_text(document_render_pdf(document=draft.document("complaint")))
    assert "Article 21(1) GDPR" in objection
    assert "DSGVO" in complaint and "GDPR" not in ours(complaint, platform)
    assert 'lang="de"' in draft.document("complaint").html
    assert 'lang="en"' in draft.document("objection").html


@pytest.mark.parametrize(
    ("language", "date", "country"),
    [
        ("en", "23 November 2026", "Ireland"),
        ("de", "23. November 2026", "Irland"),
        ("fr", "23 novembre 2026", "Irlande"),
        ("es", "23 de noviembre de 2026", "Irlanda"),
        ("it", "23 novembre 2026", "Irlanda"),
        ("nl", "23 november 2026", "Ierland"),
        ("pl", "23 listopada 2026", "Irlandia"),
    ],
)
def test_dates_and_the_addresss_country_as_the_language_writes_them(
    language, date, country, platform, berlin
):
    draft = letters_draft(answers=dataclasses.replace(answers(language), documents=("objection",)))
    text = draft.document("objection").text
    assert date in text
    # The country line of the platform's address, in the letter's language; the rest as kept.
    assert re.search(rf"D02 AX07\s+{country}\b", text), text[:600]


def test_reference_phrases_inside_a_sentence_are_in_the_letters_language(platform, berlin):
    draft = letters_draft(answers=dataclasses.replace(answers("de"), documents=("objection",)))
    text = flat(draft.document("objection").text)
    assert "Berechtigte Interessen (Art. 6 Abs. 1 Buchst. f DSGVO)" in text
    assert "Legitimate interests" not in text


def test_a_reference_value_without_a_translation_is_written_as_stored(platform, berlin):
    platform.ai_recipient = "Example Analytics Ltd"
    platform.save()
    draft = letters_draft(answers=dataclasses.replace(answers("fr"), documents=("objection",)))
    assert "Example Analytics Ltd" in draft.document("objection").text
