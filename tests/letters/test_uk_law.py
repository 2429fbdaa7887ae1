"""UK residents (issue 15): the letters to the organisation cite the UK GDPR and the Data Protection
Act 2018 beside the GDPR, and from 19 June 2026 (s.164A DPA 2018 in force) are also a complaint
under s.164A; the complaint to the Information Commissioner is under Article 77 UK GDPR and s.165
DPA 2018 and asks for the Commissioner's own powers; a complaint to the DPC stays under Article 77
GDPR."""

import datetime as dt
import re

import pytest

from privacyreq.letters.instruments import (
    CH_DSG_49,
    GDPR_77,
    UK_CONTROLLER_COMPLAINTS_FROM,
    UK_GDPR_77,
    uk_controller_complaint,
)
from privacyreq.letters.kinds import kind_spec
from privacyreq.letters.services import (
    answers_validate,
    complaint_form_render,
    document_render_pdf,
    letters_draft,
)
from tests.properties import pdf_text

pytestmark = pytest.mark.django_db

BEFORE = dt.date(2026, 6, 18)
AFTER = dt.date(2026, 7, 1)
LETTERS = ("objection", "erasure", "access", "restriction")
S164A = "this letter is also a complaint to you under section 164A of the Data Protection Act 2018"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def draft(*, day=AFTER, complaint_to="home", **overrides):
    raw = {
        "platform": "x",
        "country": "GB",
        "full_name": "Olivia Jones",
        "email": "olivia@example.co.uk",
        "postal_address": "1 High Street\nManchester M1 1AA",
        "documents": [*LETTERS, "complaint"],
        "complaint_to": complaint_to,
        "date": day.isoformat(),
        **overrides,
    }
    return letters_draft(answers=answers_validate(raw=raw, today=day))


def texts(d) -> dict[str, str]:
    """Each document's text as its PDF shows it."""
    return {doc.kind: flat(pdf_text(document_render_pdf(document=doc))) for doc in d.documents}


def test_the_commencement_date_is_kept_in_one_place():
    assert dt.date(2026, 6, 19) == UK_CONTROLLER_COMPLAINTS_FROM
    assert not uk_controller_complaint(regime="uk", letter_date=dt.date(2026, 6, 18))
    assert uk_controller_complaint(regime="uk", letter_date=dt.date(2026, 6, 19))
    assert not uk_controller_complaint(regime="eu", letter_date=dt.date(2026, 7, 1))
    assert not uk_controller_complaint(regime="ch", letter_date=dt.date(2026, 7, 1))


@pytest.mark.parametrize("day", [BEFORE, AFTER])
def test_letters_to_the_organisation_cite_the_uk_gdpr_and_the_dpa_2018(reference_data, day):
    pdfs = texts(draft(day=day))
    for kind in LETTERS:
        text = pdfs[kind]
        assert "(GDPR)" in text, kind
        assert "the corresponding provisions of the UK GDPR" in text, kind
        assert "I also rely on the Data Protection Act 2018." in text, kind
        # Only once section 164A is in force, and never in an access request (no infringement).
        assert (S164A in text) == (day >= UK_CONTROLLER_COMPLAINTS_FROM and kind != "access"), kind
        if S164A in text:
            assert "Please acknowledge receipt of this complaint within 30 days" in text


def test_an_irish_residents_letters_say_nothing_of_uk_law(reference_data):
    d = draft(country="IE", complaint_to="lead")
    for document in d.documents:
        text = flat(document.text)
        assert "UK GDPR" not in text and "Data Protection Act 2018." not in text
        assert S164A not in text


def test_the_complaint_to_the_ico_is_under_the_uk_gdpr_and_section_165(reference_data):
    d = draft()
    assert d.authority.country == "GB"
    complaint = d.document("complaint")
    subject = (
        "Complaint under Article 77 UK GDPR and section 165 of the Data Protection Act 2018 "
        "against X Internet Unlimited Company"
    )
    assert complaint.subject == subject
    text = texts(d)["complaint"]
    assert subject in text
    assert (
        "I hereby lodge a complaint under Article 77 of the UK GDPR and section 165 of the Data "
        "Protection Act 2018 against X Internet Unlimited Company" in text
    )
    assert "handles complaints under the UK GDPR (Article 57(1)(f) UK GDPR)" in text
    assert (
        "This complaint to you is made under the UK GDPR and the Data Protection Act 2018." in text
    )
    # Never the EU instrument, the EU authority's powers, cooperation or the CJEU's SCHUFA ask.
    assert "Article 77 GDPR" not in text and "Article 77(1) GDPR" not in text
    assert "Article 58" not in text and "Article 60 GDPR" not in text
    assert "legally binding decision" not in text
    # The Commissioner's own powers, in whole sentences.
    assert "an enforcement notice under section 149 of the Data Protection Act 2018" in text
    assert "requiring it to comply with my requests to exercise my rights" in text
    assert "inform me of its progress and outcome (section 165 of the Data Protection Act" in text
    # The form sections say the same.
    form = flat(re.sub(r"<[^>]+>", " ", complaint_form_render(draft=d)))
    assert "Article 77 of the UK GDPR and section 165" in form
    assert "Article 77 GDPR" not in form and "Article 58" not in form


def test_without_requests_no_enforcement_notice_for_them(reference_data):
    # Without letters or an earlier request, the complaint is one "now", about not being told.
    d = draft(documents=["complaint"], notice_received="no", complaint_now=True)
    text = flat(d.document("complaint").text)
    assert "requiring it to comply with my requests" not in text
    assert "requiring it to stop processing my personal data" in text


def test_a_uk_residents_complaint_to_the_dpc_stays_under_article_77_gdpr(reference_data):
    d = draft(complaint_to="lead")
    complaint = d.document("complaint")
    assert (
        complaint.subject == "Complaint under Article 77 GDPR against X Internet Unlimited Company"
    )
    text = texts(d)["complaint"]
    assert "I hereby lodge a complaint under Article 77 GDPR against" in text
    assert "I live in the United Kingdom, outside the EU." in text
    assert "(Article 3(1) GDPR)" in text
    assert "Article 58(2)(f) GDPR" in text
    assert "section 165" not in text and "section 149" not in text


def test_the_complaint_kind_names_each_instrument():
    spec = kind_spec("complaint")
    assert str(spec.subject_under(GDPR_77)) == str(spec.subject)
    assert "UK GDPR" in str(spec.subject_under(UK_GDPR_77))
    assert "Article 49" in str(spec.subject_under(CH_DSG_49))
    # The letters' own subject lines do not change with the instrument.
    assert kind_spec("objection").subject_under(UK_GDPR_77) == kind_spec("objection").subject
