"""A complaint is written in its own language (``complaint_language``), which may differ from the
other letters' and from the page's: so are the story, the annex titles, the covers and the
bundle's /Lang."""

import io

import pytest
from django.utils import translation
from django.utils.formats import date_format
from pypdf import PdfReader

from privacyreq.letters.answers import answers_from_stored
from privacyreq.letters.kinds import DocumentKind
from privacyreq.tracking.bundle import complaint_bundle_pdf
from privacyreq.tracking.transitions import TransitionRefused
from tests.factories import UserFactory
from tests.tracking.escalation_support import (
    SENT_ON,
    complaint_text,
    escalate,
    long_date,
    make_case,
    request_of,
    sent,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(reference_data):
    return UserFactory()


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ({"language": "en", "complaint_language": "de"}, "de"),
        ({"language": "fr", "complaint_language": ""}, "fr"),
        ({"language": "pl"}, "pl"),
        ({}, "en"),
    ],
)
def test_complaint_language_of_stored_answers(stored, expected):
    language = answers_from_stored(stored).document_language(DocumentKind.COMPLAINT)
    assert language == expected


def test_story_and_annexes_are_written_in_the_complaints_language(owner):
    """Letters to X in English, the complaint in German: the story, the annex titles, the covers
    and the bundle's /Lang follow the complaint. Checked through the dates, which Django writes in
    German already, whatever the catalogues say."""
    case = make_case(
        owner, documents=("objection", "complaint"), complaint_to="lead", complaint_language="de"
    )
    request = escalate(sent(request_of(case)))

    with translation.override("de"):
        sent_on_de = date_format(SENT_ON, "DATE_FORMAT")
    assert sent_on_de != long_date(SENT_ON)
    drafted = request.events.order_by("id").last()
    assert sent_on_de in drafted.details["annexes"][0]["title"]
    assert f"{sent_on_de}: " in request.complaint.text
    assert long_date(SENT_ON) not in request.complaint.text

    bundle = PdfReader(io.BytesIO(complaint_bundle_pdf(request=request)))
    assert bundle.trailer["/Root"]["/Lang"] == "de"
    assert sent_on_de in bundle.outline[1].title
    # Why an escalation is refused is for the user, in the page's language, not the complaint's.
    with pytest.raises(TransitionRefused, match="already been escalated"):
        escalate(request)


def test_an_english_complaint_stays_english_whatever_the_page_language(owner):
    request = sent(request_of(make_case(owner)))

    with translation.override("de"):
        request = escalate(request)
        bundle = complaint_bundle_pdf(request=request)

    text = complaint_text(request)
    assert (
        f"{long_date(SENT_ON)}: I sent the controller my objection under Article 21(1) GDPR "
        "by email (reference ABC-123)."
    ) in text
    reader = PdfReader(io.BytesIO(bundle))
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.outline[1].title == (
        f"Annex 1 — My objection under Article 21(1) GDPR, sent on {long_date(SENT_ON)} by email"
    )
