import io
import re

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from pypdf import PdfReader

from privacyreq.deadlines import response_due

pytestmark = pytest.mark.django_db

X_JOURNEY = [
    ("platform", {"platform": "x"}),
    ("country", {"country": "IE"}),
    (
        "details",
        {
            "full_name": "Zoë Ångström",
            "email": "zoe@example.org",
            "account": "@zoe",
            # A complaint needs it; walkers that tick the complaint take it from here.
            "postal_address": "1 Quay Street\nGalway",
        },
    ),
    ("services", {"services": ["x"]}),
    ("data", {"data": ["posts", "ai_chats"]}),
    ("situation", {"situation": ["creative_work"], "situation_text": "I publish poems."}),
    ("switched-off", {"opted_out": "yes", "opted_out_on": "2024-07-27"}),
    ("notice", {"notice_received": "no"}),
    ("documents", {"documents": ["objection", "erasure"]}),
    ("sent-by", {"sent_by": "email"}),
]


def walk(client, journey):
    responses = []
    for slug, data in journey:
        response = client.post(f"/start/{slug}/", data)
        assert response.status_code == 302, (slug, response.content[:2000])
        responses.append(response)
    return responses


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def test_each_step_redirects_to_the_next_and_skips_what_does_not_apply(client, reference_data):
    responses = walk(client, X_JOURNEY)
    # Ireland has no regional authorities, so no Land question; no complaint, no complaint steps.
    assert [r["Location"] for r in responses] == [
        "/start/country/",
        "/start/details/",
        "/start/services/",
        "/start/data/",
        "/start/situation/",
        "/start/switched-off/",
        "/start/notice/",
        "/start/documents/",
        "/start/sent-by/",
        "/start/check/",
    ]
    assert client.get("/start/authority/")["Location"] == "/start/check/"
    # A stale form posted to a step that no longer applies is not an error either.
    assert client.post("/start/authority/", {"complaint_to": "lead"})["Location"] == "/start/check/"


def test_full_journey_ends_with_a_pdf_of_the_letter(client, reference_data):
    walk(client, X_JOURNEY)
    check = client.get("/start/check/")
    assert check.status_code == 200
    body = check.content.decode()
    assert "Zoë Ångström" in body and "I publish poems." in body

    response = client.post("/start/check/")
    assert response.status_code == 302
    assert response["Location"] == "/start/result/"

    result = client.get("/start/result/")
    assert result.status_code == 200
    page = result.content.decode()
    assert "/start/result/objection.pdf" in page and "/start/result/erasure.pdf" in page
    assert "/start/result/access.pdf" not in page
    letter_date = result.context["draft"].answers.date
    due = response_due(letter_date, country="IE")
    assert f"answer is due by {due:%A} {due.day} {due:%B %Y}" in page
    assert "https://help.x.com/forms/privacy" in page
    assert "on a public holiday where the organisation is established (Ireland)" in page

    pdf = client.get("/start/result/objection.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    # Personal data: never in a shared cache; the browser keeps it only to revalidate by ETag.
    assert pdf["Cache-Control"] == "private, no-cache"
    assert "Cookie" in pdf["Vary"]
    assert re.fullmatch(r'"[0-9a-f]{64}"', pdf["ETag"])
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Zoë Ångström" in text
    assert "X Internet Unlimited Company" in text
    assert "21(1)" in text

    txt = client.get("/start/result/erasure.txt")
    assert txt["Content-Type"].startswith("text/plain")
    assert "Article 17" in txt.content.decode()


def test_german_resident_is_asked_for_the_land_and_complaint_goes_to_it(client, reference_data):
    journey = [
        ("platform", {"platform": "x"}),
        ("country", {"country": "DE"}),
        ("region", {"region": "DE-BE"}),
        (
            "details",
            {
                "full_name": "Dmitri Иванов",
                "email": "d@example.org",
                "postal_address": "Alt-Moabit 1\n10555 Berlin",
            },
        ),
        ("services", {}),
        ("data", {"data": ["posts"]}),
        ("situation", {}),
        ("switched-off", {"opted_out": "no"}),
        ("notice", {"notice_received": "unsure"}),
        ("documents", {"documents": ["objection", "complaint"]}),
        ("sent-by", {"sent_by": "post"}),
        ("authority", {"complaint_to": "home"}),
        ("earlier-request", {"prior_request": "yes", "prior_request_sent_on": "2025-01-10"}),
        (
            "earlier-request-details",
            {"prior_document": "objection", "prior_channel": "email", "prior_reply": "none"},
        ),
        ("representative", {}),
        ("other-proceedings", {"other_proceedings": "none"}),
    ]
    responses = walk(client, journey)
    assert responses[1]["Location"] == "/start/region/"
    assert responses[-5]["Location"] == "/start/earlier-request/"
    assert responses[-4]["Location"] == "/start/earlier-request-details/"
    assert responses[-1]["Location"] == "/start/check/"
    client.post("/start/check/")
    result = client.get("/start/result/")
    draft = result.context["draft"]
    assert draft.authority.region == "DE-BE"
    assert "Your complaint, ready for the authority" in result.content.decode()
    assert client.get("/start/result/complaint.pdf").status_code == 200


def test_validation_error_keeps_typed_values_and_links_the_summary(client, reference_data):
    walk(client, X_JOURNEY[:2])
    response = client.post(
        "/start/details/", {"full_name": "", "email": "not-an-email", "account": "@kept"}
    )
    assert response.status_code == 200
    assert title(response).startswith("Error: ")
    page = response.content.decode()
    assert 'href="#id_full_name"' in page and "Enter your full name." in page
    assert 'href="#id_email"' in page and "Enter an email address like name@example.com." in page
    # Everything typed is still there, the bad email included, so it can be corrected.
    assert 'value="not-an-email"' in page and 'value="@kept"' in page
    assert "data-error-summary" in page


def test_radio_and_date_errors_link_to_the_right_inputs(client, reference_data):
    walk(client, X_JOURNEY[:6])
    response = client.post("/start/switched-off/", {})
    assert 'href="#id_opted_out_0"' in response.content.decode()
    response = client.post(
        "/start/switched-off/", {"opted_out": "yes", "opted_out_on": "2999-01-01"}
    )
    assert "The date cannot be in the future." in response.content.decode()
    response = client.post(
        "/start/switched-off/", {"opted_out": "yes", "opted_out_on": "31/02/2024"}
    )
    assert "Enter a real date" in response.content.decode()
    response = client.post(
        "/start/switched-off/", {"opted_out": "yes", "opted_out_on": "27/07/2024"}
    )
    assert response.status_code == 302


def test_back_link_and_browser_back_show_earlier_answers(client, reference_data):
    walk(client, X_JOURNEY[:5])
    page = client.get("/start/situation/").content.decode()
    assert 'href="/start/data/"' in page  # the back link
    # The browser's back button is a plain GET of the earlier step: answers are pre-filled.
    details = client.get("/start/details/").content.decode()
    assert 'value="Zoë Ångström"' in details and 'value="zoe@example.org"' in details
    first = client.get("/start/platform/").content.decode()
    assert (
        'value="x" checked' in first
        or 'checked value="x"' in first
        or re.search(r'value="x"[^>]*checked', first)
    )


def test_change_from_check_page_returns_to_check_page(client, reference_data):
    walk(client, X_JOURNEY)
    page = client.get("/start/details/?change=1").content.decode()
    assert 'href="/start/check/"' in page
    response = client.post(
        "/start/details/?change=1", {"full_name": "Zoë Changed", "email": "zoe@example.org"}
    )
    assert response["Location"] == "/start/check/"
    assert "Zoë Changed" in client.get("/start/check/").content.decode()


def test_change_that_opens_new_questions_asks_them_then_returns(client, reference_data):
    walk(client, X_JOURNEY)
    response = client.post("/start/documents/?change=1", {"documents": ["objection", "complaint"]})
    # An Irish resident's complaint about X can only go to the DPC: nothing to choose, not asked.
    assert response["Location"] == "/start/earlier-request/?change=1"
    response = client.post("/start/earlier-request/?change=1", {"prior_request": "no"})
    # Not told beforehand, with letters and no earlier request: now, or a draft for later?
    assert response["Location"] == "/start/complaint-timing/?change=1"
    response = client.post("/start/complaint-timing/?change=1", {"complaint_now": "no"})
    assert response["Location"] == "/start/representative/?change=1"
    response = client.post("/start/representative/?change=1", {})
    assert response["Location"] == "/start/other-proceedings/?change=1"
    response = client.post("/start/other-proceedings/?change=1", {"other_proceedings": "none"})
    assert response["Location"] == "/start/check/"
    assert "Data Protection Commission" in client.get("/start/check/").content.decode()


def test_unticking_complaint_drops_its_stale_answers(client, reference_data):
    walk(client, X_JOURNEY[:-2])  # everything before the documents and how they go
    walk(
        client,
        [
            ("documents", {"documents": ["complaint"]}),
            ("authority", {"complaint_to": "lead"}),
            ("earlier-request", {"prior_request": "no"}),
            ("representative", {"representative": "noyb"}),
            ("other-proceedings", {"other_proceedings": "pending"}),
        ],
    )
    client.post("/start/documents/?change=1", {"documents": ["access"]})
    client.post("/start/sent-by/?change=1", {"sent_by": "email"})
    client.post("/start/check/")
    draft = client.get("/start/result/").context["draft"]
    assert draft.answers.complaint_to == ""
    assert draft.answers.representative == "" and draft.answers.other_proceedings == ""
    assert draft.authority is None


def test_cannot_jump_ahead_of_unanswered_questions(client, reference_data):
    assert client.get("/start/documents/")["Location"] == "/start/platform/"
    assert client.get("/start/check/")["Location"] == "/start/platform/"
    assert client.get("/start/result/")["Location"] == "/start/"
    assert client.get("/start/result/objection.pdf").status_code == 404
    assert client.get("/start/nonsense/").status_code == 404


def test_platform_page_button_skips_the_platform_question(client, reference_data):
    response = client.get("/start/for/x/")
    assert response["Location"] == "/start/country/"
    assert client.get("/start/for/nope/").status_code == 404


def test_other_organisation_asks_for_its_details(client, reference_data):
    response = client.post("/start/platform/", {"platform": "other"})
    assert response["Location"] == "/start/organisation/"
    response = client.post("/start/organisation/", {"name": "", "address": ""})
    assert response.status_code == 200 and title(response).startswith("Error: ")
    response = client.post(
        "/start/organisation/",
        {
            "name": "Acme AI GmbH",
            "address": "Hauptstraße 1\n10115 Berlin",
            "email": "dpo@acme.test",
        },
    )
    assert response["Location"] == "/start/country/"


def test_answers_stay_in_the_session_only(client, reference_data):
    counts = {m: m.objects.count() for m in apps.get_models() if m is not Session}
    walk(client, X_JOURNEY)
    client.post("/start/check/")
    client.get("/start/result/objection.pdf")
    assert counts == {m: m.objects.count() for m in apps.get_models() if m is not Session}
    stored = Session.objects.get().get_decoded()
    assert stored["letters"]["full_name"] == "Zoë Ångström"


def test_hostile_text_is_escaped_on_pages(client, reference_data):
    walk(client, X_JOURNEY[:2])
    client.post(
        "/start/details/", {"full_name": "<script>alert(1)</script>", "email": "a@b.example"}
    )
    page = client.get("/start/details/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_refresh_after_post_does_not_repost(client, reference_data):
    response = client.post("/start/platform/", {"platform": "x"})
    assert response.status_code == 302  # post/redirect/get
    assert client.get(response["Location"]).status_code == 200


def test_the_authority_is_asked_only_when_there_are_two_to_choose_from(client, reference_data):
    # An Irish resident and X: the lead authority is the home one. A French resident: two.
    walk(client, X_JOURNEY)
    client.post("/start/documents/?change=1", {"documents": ["objection", "complaint"]})
    assert "/start/authority/" not in client.get("/start/check/").content.decode()
    assert client.get("/start/authority/").status_code in (302, 404)
    client.post("/start/country/?change=1", {"country": "FR"})
    response = client.post("/start/documents/?change=1", {"documents": ["objection", "complaint"]})
    assert response["Location"] == "/start/authority/?change=1"


def test_answers_without_complaint_to_go_to_the_one_authority_there_is(reference_data):
    from django.utils import timezone

    from privacyreq.letters.answers import AnswersError
    from privacyreq.letters.services import answers_validate
    from tests.factories import earlier_request, x_answers

    raw = x_answers(documents=["complaint"], prior_request=earlier_request())
    assert answers_validate(raw=raw, today=timezone.localdate()).complaint_to == "lead"
    with pytest.raises(AnswersError) as refused:
        answers_validate(raw={**raw, "country": "FR"}, today=timezone.localdate())
    assert "complaint_to" in [key for key, _ in refused.value.problems]


def test_starting_from_a_platform_page_says_which_platform_was_chosen(client, reference_data):
    response = client.get("/start/for/linkedin/", follow=True)
    assert response.redirect_chain[-1][0] == "/start/country/"
    page = response.content.decode()
    assert "Your letters will go to LinkedIn. You can change this on the check page." in page


def test_the_progress_counts_four_parts_whatever_the_answers(client, reference_data):
    # "Question 8 of 8" then "9 of 10" confused people: the parts never change in number.
    from privacyreq.letters.sections import section_of
    from privacyreq.letters.wizard import STEPS

    assert {section_of(step.slug)[0] for step in STEPS} == {1, 2, 3, 4}
    client.post("/start/platform/", {"platform": "x"})
    assert "Part 1 of 4: You and the platform" in client.get("/start/country/").content.decode()
    client.post("/start/country/", {"country": "DE"})
    assert "Part 1 of 4: You and the platform" in client.get("/start/region/").content.decode()
    walk(client, X_JOURNEY)
    assert "Part 3 of 4: What to send" in client.get("/start/documents/").content.decode()
    client.post("/start/documents/?change=1", {"documents": ["objection", "complaint"]})
    page = client.get("/start/earlier-request/").content.decode()
    assert "Part 4 of 4: The complaint" in page


def test_documents_are_explained_and_the_recommended_pair_is_ticked(client, reference_data):
    from privacyreq.letters.wizard import Questionnaire

    session = client.session
    questionnaire = Questionnaire(session)
    for slug, values in X_JOURNEY:
        if slug == "documents":
            break
        questionnaire.store(slug, values)
    session.save()
    page = client.get("/start/documents/").content.decode()
    assert "Tells the platform to stop using your data to train its AI." in page
    assert "Asks a data protection authority to act when the platform does not." in page
    checked = re.findall(r'<input[^>]*name="documents"[^>]*value="(\w+)"[^>]*checked', page)
    checked += re.findall(r'<input[^>]*checked[^>]*name="documents"[^>]*value="(\w+)"', page)
    assert sorted(set(checked)) == ["erasure", "objection"]
    # Once answered, the visitor's own choice is shown instead.
    client.post("/start/documents/", {"documents": ["access"]})
    page = client.get("/start/documents/").content.decode()
    checked = re.findall(r'<input[^>]*name="documents"[^>]*value="(\w+)"[^>]*checked', page)
    checked += re.findall(r'<input[^>]*checked[^>]*name="documents"[^>]*value="(\w+)"', page)
    assert sorted(set(checked)) == ["access"]
