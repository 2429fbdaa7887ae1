"""Swiss residents (issue 15): the letters cite the FADP (DSG) beside the GDPR (access Article 25
with Article 18 DSV's 30 days, objection Article 30(2)(b), claims Article 32); the lead authority
(DPC, Article 77 GDPR) is the default route; "home" writes a report to the EDÖB under Article 49
FADP asking for measures under Article 51, never a GDPR complaint; German documents are in Swiss
spelling (ss for ß)."""

import datetime as dt
import re

import pytest

from privacyreq.letters.answers import AnswersError
from privacyreq.letters.instruments import spelled_for, swiss_spelling
from privacyreq.letters.request_forms import AuthorityForm
from privacyreq.letters.routing import complaint_to_default
from privacyreq.letters.services import (
    answers_validate,
    complaint_form_render,
    document_render_pdf,
    letters_draft,
)
from privacyreq.letters.views import _form_kwargs
from privacyreq.letters.wizard import STEP_BY_SLUG, Questionnaire
from tests.properties import pdf_text

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 7, 1)
LETTERS = ("objection", "erasure", "access", "restriction")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def draft(*, complaint_to="lead", **overrides):
    raw = {
        "platform": "x",
        "country": "CH",
        "full_name": "Laura Meier",
        "email": "laura@example.ch",
        "postal_address": "Bahnhofstrasse 1\n8001 Zürich",
        "documents": [*LETTERS, "complaint"],
        "complaint_to": complaint_to,
        # Read in English (for letters in English the EDÖB's own language would be German).
        "complaint_language": "en",
        "date": TODAY.isoformat(),
        **overrides,
    }
    return letters_draft(answers=answers_validate(raw=raw, today=TODAY))


def texts(d) -> dict[str, str]:
    """Each document's text as its PDF shows it."""
    return {doc.kind: flat(pdf_text(document_render_pdf(document=doc))) for doc in d.documents}


def test_letters_to_the_organisation_cite_the_fadp(reference_data):
    pdfs = texts(draft())
    for kind in LETTERS:
        assert "revised Swiss Federal Act on Data Protection (FADP)" in pdfs[kind], kind
        assert "I equally reserve my legal claims under Article 32 FADP." in pdfs[kind], kind
    access = pdfs["access"]
    assert "this is also a request for information under Article 25 FADP" in access
    assert "Under Article 18 of the Swiss Data Protection Ordinance" in access
    assert "within 30 days of receiving this request" in access
    objection = pdfs["objection"]
    assert "a breach of my personality (Article 30(2)(b) FADP)" in objection
    assert "(Article 30(3) FADP)" in objection
    assert "FADP" not in pdfs["erasure"].replace("Article 32 FADP", "").replace(
        "Data Protection (FADP)", ""
    )


def test_an_irish_residents_letters_cite_no_swiss_law(reference_data):
    d = draft(country="IE")
    for document in d.documents:
        assert "FADP" not in document.text


def test_the_lead_authority_is_the_default_route():
    assert complaint_to_default(country="CH", has_lead=True) == "lead"
    # No lead authority (an organisation typed in): nothing to preselect; "home" is implied.
    assert complaint_to_default(country="CH", has_lead=False) == ""
    # Elsewhere the user chooses, nothing preselected.
    assert complaint_to_default(country="DE", has_lead=True) == ""
    assert complaint_to_default(country="GB", has_lead=True) == ""


@pytest.mark.parametrize(("country", "expected"), [("CH", "lead"), ("DE", None)])
def test_the_authority_step_preselects_the_lead_authority_for_swiss_residents(
    reference_data, country, expected
):
    questionnaire = Questionnaire({})
    questionnaire.store("platform", {"platform": "x"})
    questionnaire.store(
        "country", {"country": country, "region": "DE-BE" if country == "DE" else ""}
    )
    kwargs = _form_kwargs(questionnaire, STEP_BY_SLUG["authority"])
    form = AuthorityForm(**kwargs)
    assert [value for value, _label in form.fields["complaint_to"].choices] == ["lead", "home"]
    assert form["complaint_to"].value() == expected
    # An answer already given wins over the default.
    form = AuthorityForm(initial={"complaint_to": "home"}, **kwargs)
    assert form["complaint_to"].value() == "home"


def test_the_lead_route_is_an_article_77_gdpr_complaint_to_the_dpc(reference_data):
    d = draft(complaint_to="lead")
    assert d.authority.country == "IE"
    text = texts(d)["complaint"]
    assert "Complaint under Article 77 GDPR against X Internet Unlimited Company" in text
    assert "I live in Switzerland, outside the EU." in text
    assert "(Article 3(1) GDPR)" in text
    assert "Article 49" not in text


def test_the_home_route_is_a_report_to_the_edoeb_under_the_fadp(reference_data):
    d = draft(complaint_to="home")
    assert d.authority.country == "CH"
    complaint = d.document("complaint")
    subject = (
        "Report under Article 49 of the Swiss Federal Act on Data Protection (FADP) against "
        "X Internet Unlimited Company"
    )
    assert complaint.subject == subject
    text = texts(d)["complaint"]
    assert subject in text
    assert (
        "Under Article 49 of the Swiss Federal Act on Data Protection (FADP), I hereby report"
        in (text)
    )
    assert "ask you to open an investigation into it" in text
    assert "(Article 3(1) FADP)" in text
    assert "I am not a party to any proceedings you open (Article 52(2) FADP)" in text
    assert "(Article 49(4) FADP)" in text
    # Swiss measures, in whole sentences.
    assert "adapted, suspended or stopped" in text and "(Article 51(1) FADP)" in text
    assert "(Article 51(3)(g) FADP)" in text
    assert "(Article 49(1) FADP)" in text
    # Never a GDPR complaint, GDPR powers, the three-month remedy or EU cooperation.
    for absent in (
        "Article 77 GDPR",
        "Article 77(1) GDPR",
        "Article 77(2) GDPR",
        "Article 58",
        "Article 57(1)(f)",
        "Article 78",
        "Article 60 GDPR",
        "legally binding decision",
        "lodge a complaint",
        "other supervisory authorities",
    ):
        assert absent not in text, absent
    assert "whether you are opening an investigation on the basis of" in text
    assert "I agree that you may share this report" in text
    form = flat(re.sub(r"<[^>]+>", " ", complaint_form_render(draft=d)))
    assert "Article 49 of the Swiss Federal Act" in form and "Article 58" not in form


def test_a_report_after_an_earlier_request_asks_to_hear_by_a_date(reference_data):
    d = draft(complaint_to="home", prior_request_sent_on="2026-05-04")
    text = flat(d.document("complaint").text)
    assert "whether you are opening an investigation on the basis of this report" in text
    assert "Article 78" not in text and "Article 77 GDPR" not in text


def test_the_report_asks_for_the_information_only_when_it_was_requested(reference_data):
    d = draft(complaint_to="home", documents=["objection", "complaint"])
    assert "(Article 51(3)(g) FADP)" not in flat(d.document("complaint").text)


def test_swiss_german_letters_use_ss_for_sharp_s(reference_data):
    swiss = draft(language="de", complaint_to="home")
    for document in swiss.documents:
        assert "ß" not in document.subject, document.kind
        assert "ß" not in document.html and "ß" not in document.email_body, document.kind
        assert "ß" not in document.mailto, document.kind
    assert "ß" not in complaint_form_render(draft=swiss)
    objection = flat(pdf_text(document_render_pdf(document=swiss.document("objection"))))
    assert "ß" not in objection
    assert "einschliesslich" in objection
    # A German resident's German letter keeps the sharp s.
    german = draft(country="DE", region="DE-BE", language="de")
    german_objection = flat(pdf_text(document_render_pdf(document=german.document("objection"))))
    assert "einschließlich" in german_objection


def test_swiss_spelling_only_for_german_documents_of_swiss_residents():
    assert swiss_spelling("gemäß Maßnahmen GROẞ") == "gemäss Massnahmen GROSS"
    assert spelled_for("gemäß", regime="ch", language="de") == "gemäss"
    assert spelled_for("gemäß", regime="eu", language="de") == "gemäß"
    assert spelled_for("gemäß", regime="ch", language="fr") == "gemäß"


def test_answers_without_complaint_to_take_the_questionnaires_default(reference_data):
    """The command line goes where the questionnaire preselects: a Swiss resident's complaint to
    the lead authority; a controller typed in has only a home authority; others must choose."""
    raw = {
        "platform": "x",
        "country": "CH",
        "full_name": "Laura Meier",
        "email": "laura@example.ch",
        "postal_address": "Bahnhofstrasse 1\n8001 Zürich",
        "documents": ["objection", "complaint"],
        "date": TODAY.isoformat(),
    }
    swiss = answers_validate(raw=raw, today=TODAY)
    assert swiss.complaint_to == "lead"
    assert letters_draft(answers=swiss).authority.code == "ie"
    typed = answers_validate(
        raw={
            **raw,
            "platform": "other",
            "controller": {"name": "Beispiel AG", "address": "Hauptgasse 2\n3011 Bern"},
        },
        today=TODAY,
    )
    assert typed.complaint_to == "home"
    assert letters_draft(answers=typed).authority.code == "ch"
    with pytest.raises(AnswersError) as raised:
        answers_validate(raw={**raw, "country": "FR"}, today=TODAY)
    assert raised.value.problems == [("complaint_to", "choose 'lead' or 'home' for the complaint.")]
    # An Irish resident's complaint about X can only go to the DPC: nothing to choose.
    assert answers_validate(raw={**raw, "country": "IE"}, today=TODAY).complaint_to == "lead"
