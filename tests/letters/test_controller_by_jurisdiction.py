"""Letters go to the controller for the place the user lives (issue 19): a UK LinkedIn member's
to LinkedIn Corporation in the United States, an Irish or Swiss member's to LinkedIn Ireland; the
result page, the complaint and the saved case name the same company, its reply date counts that
company's country's holidays, and an edit to the entity is a new draft, never a cached one."""

import datetime as dt
import re

import pytest
from django.test import Client

from privacyreq.core.sessions import RESULT_KEY
from privacyreq.deadlines import response_due
from privacyreq.letters.answers import AnswersError
from privacyreq.letters.services import answers_validate, document_render_pdf, letters_draft
from privacyreq.letters.wizard import STEP_BY_SLUG, Questionnaire
from privacyreq.reference.models import PlatformEntity
from privacyreq.tracking.services import case_create
from tests.properties import pdf_text

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
HOMES = {
    "GB": ("1 High Street\nManchester M1 1AA", "olivia@example.co.uk"),
    "IE": ("1 Main Street\nDublin 8", "aoife@example.org"),
    "CH": ("Bahnhofstrasse 1\n8001 Zürich", "lea@example.ch"),
}


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def raw(country: str, *, day: dt.date = TODAY, **overrides) -> dict:
    address, email = HOMES[country]
    return {
        "platform": "linkedin",
        "country": country,
        "full_name": "Sam Taylor",
        "email": email,
        "account": "linkedin.com/in/sam",
        "postal_address": address,
        "data": ["posts"],
        "documents": ["objection"],
        "language": "en",
        "date": day.isoformat(),
        **overrides,
    }


def draft(country: str, *, day: dt.date = TODAY, **overrides):
    return letters_draft(
        answers=answers_validate(raw=raw(country, day=day, **overrides), today=day)
    )


def objection_text(country: str) -> str:
    document = draft(country).document("objection")
    return flat(pdf_text(document_render_pdf(document=document)))


def test_a_uk_members_objection_goes_to_linkedin_corporation(reference_data):
    text = objection_text("GB")
    assert "LinkedIn Corporation 1000 W. Maude Avenue Sunnyvale, CA 94085 United States" in text
    assert "LinkedIn Ireland" not in text and "Wilton" not in text


@pytest.mark.parametrize("country", ["IE", "CH"])
def test_irish_and_swiss_members_objections_go_to_linkedin_ireland(reference_data, country):
    text = objection_text(country)
    assert "LinkedIn Ireland Unlimited Company" in text and "Wilton Place" in text
    assert "LinkedIn Corporation" not in text and "Maude" not in text


def test_a_platform_without_an_entity_writes_to_its_eu_controller_from_the_uk(reference_data):
    # X's privacy policy names its Irish company for UK users too.
    controller = draft("GB", platform="x", data=[]).controller
    assert controller.name == "X Internet Unlimited Company" and controller.country == "IE"


def test_a_uk_instagram_user_writes_to_meta_platforms_inc(reference_data):
    # Meta's UK privacy policy names Meta Platforms, Inc. and its address in California.
    controller = draft("GB", platform="meta", data=[]).controller
    assert controller.name == "Meta Platforms, Inc." and controller.country == "US"
    assert "FAO: Privacy Operations" in controller.address_lines


def test_a_uk_gemini_user_writes_to_google_llc(reference_data):
    # Google's privacy policy names Google LLC, with its address, for UK users.
    controller = draft("GB", platform="google", data=[]).controller
    assert controller.name == "Google LLC" and controller.country == "US"
    assert controller.address_lines[-2:] == ["Mountain View, California 94043", "United States"]


def result_page(country: str, **overrides) -> str:
    client = Client()
    session = client.session
    session[RESULT_KEY] = answers_validate(raw=raw(country, **overrides), today=TODAY).to_json()
    session.save()
    response = client.get("/start/result/")
    assert response.status_code == 200
    return flat(response.content.decode())


def test_the_result_page_sends_a_uk_member_to_linkedin_corporation(reference_data):
    page = result_page("GB", sent_by="post")
    plan = page.split('id="plan-title"', 1)[1]
    assert (
        "To <strong>LinkedIn Corporation</strong> (the company responsible for LinkedIn for "
        "users in the United Kingdom):"
    ) in plan
    assert "1000 W. Maude Avenue<br>Sunnyvale, CA 94085<br>United States<br>" in plan
    assert (
        "one month from receipt under Article 12(3) UK GDPR, moved to the next working day if it "
        "falls on a weekend or on a public holiday where the organisation is established "
        "(United States)."
    ) in plan
    assert "LinkedIn Ireland" not in plan


def test_the_result_page_sends_an_irish_member_to_linkedin_ireland(reference_data):
    plan = result_page("IE", sent_by="post").split('id="plan-title"', 1)[1]
    assert (
        "To <strong>LinkedIn Ireland Unlimited Company</strong> (the company responsible for "
        "LinkedIn in Europe):"
    ) in plan
    assert "Wilton Place" in plan and "Maude" not in plan
    assert (
        "one month from receipt under Article 12(3) GDPR, moved to the next working day if it "
        "falls on a weekend or on a public holiday where the organisation is established "
        "(Ireland)."
    ) in plan


def test_a_uk_members_complaint_describes_linkedin_corporation(reference_data):
    d = draft(
        "GB",
        documents=["objection", "complaint"],
        complaint_to="home",
        complaint_now=True,
        notice_received="no",
    )
    complaint = d.document("complaint")
    text = flat(pdf_text(document_render_pdf(document=complaint)))
    assert "LinkedIn Corporation, 1000 W. Maude Avenue, Sunnyvale, CA 94085, United States" in text
    assert "LinkedIn Ireland" not in text


def test_the_reply_date_counts_the_us_federal_holidays_for_a_us_controller(reference_data):
    # One month from 19 May 2026 is Friday 19 June: Juneteenth, a US federal holiday (not an
    # Irish one), so LinkedIn Corporation's reply is due on Monday 22 June.
    day = dt.date(2026, 5, 19)
    uk = draft("GB", day=day, sent_by="email")
    ie = draft("IE", day=day, sent_by="email")
    assert uk.controller.country == "US"
    assert uk.due_date == dt.date(2026, 6, 22)
    assert ie.due_date == dt.date(2026, 6, 19)
    assert response_due(dt.date(2026, 6, 3), country="US") == dt.date(2026, 7, 6)  # 3 July


def test_an_edited_entity_is_a_new_draft_with_the_new_address(reference_data):
    before = draft("GB")
    entity = PlatformEntity.objects.get(platform__slug="linkedin", jurisdiction="uk")
    entity.postal_address = "LinkedIn Corporation\n1 New Street\nSunnyvale, CA\nUnited States"
    entity.save()
    after = draft("GB")
    assert after.key != before.key
    assert "1 New Street" in after.document("objection").text
    assert "Maude" not in after.document("objection").text


def test_a_saved_case_stores_the_uk_controller(reference_data, user):
    answers = answers_validate(raw=raw("GB"), today=TODAY)
    case = case_create(owner=user, answers=answers)
    assert (case.controller_name, case.controller_country) == ("LinkedIn Corporation", "US")


# --- The law and the authority follow the company written to --------------------------------


def test_a_uk_members_letter_relies_on_the_uk_gdpr_alone(reference_data):
    text = objection_text("GB")
    assert (
        "As I live in the United Kingdom and you are the controller for users there, I rely on "
        "the UK GDPR and the Data Protection Act 2018."
    ) in text
    assert "References to articles in this letter are to the General Data Protection" not in text


def test_a_uk_user_of_a_platform_without_its_own_uk_company_keeps_both_laws(reference_data):
    document = draft("GB", platform="x", account="@sam", data=["posts"]).document("objection")
    text = flat(pdf_text(document_render_pdf(document=document)))
    assert "References to articles in this letter are to the General Data Protection" in text
    assert "I rely equally on the corresponding provisions of the UK GDPR" in text
    assert "you are the controller for users there" not in text


def test_a_uk_members_complaint_goes_to_the_ico_without_asking(reference_data):
    # No lead authority: the DPC leads for LinkedIn Ireland's processing, not LinkedIn
    # Corporation's. The route is "home" without being given, and "lead" is refused.
    answers = answers_validate(
        raw=raw(
            "GB", documents=["objection", "complaint"], complaint_now=True, notice_received="no"
        ),
        today=TODAY,
    )
    assert answers.complaint_to == "home"
    d = letters_draft(answers=answers)
    assert d.authority.code == "gb"
    complaint = flat(pdf_text(document_render_pdf(document=d.document("complaint"))))
    assert (
        "The controller for users in the United Kingdom is established outside the EU" in complaint
    )
    assert "lead supervisory authority" not in complaint
    with pytest.raises(AnswersError) as refused:
        answers_validate(
            raw=raw("GB", documents=["objection", "complaint"], complaint_to="lead"), today=TODAY
        )
    assert "complaint_to" in str(refused.value) and "use 'home'" in str(refused.value)


def test_the_questionnaire_does_not_ask_a_uk_member_which_authority(reference_data):
    client = Client()
    session = client.session
    questionnaire = Questionnaire(session)
    for slug, values in (
        ("platform", {"platform": "linkedin"}),
        ("country", {"country": "GB"}),
        ("documents", {"documents": ["objection", "complaint"]}),
    ):
        questionnaire.store(slug, values)
    assert STEP_BY_SLUG["authority"] not in questionnaire.applicable()
    assert questionnaire.answers()["complaint_to"] == "home"
    # An Irish member of X is not asked either (one authority), a UK member of X is.
    questionnaire.store("platform", {"platform": "x"})
    assert STEP_BY_SLUG["authority"] in questionnaire.applicable()
