"""The questionnaire for several platforms: one set of answers, a set of letters for each."""

import io
import re
import zipfile

import pytest
from django.utils import timezone
from pypdf import PdfReader

from privacyreq.core.sessions import RESULT_KEY
from privacyreq.letters.services import answers_validate
from privacyreq.tracking.models import Case
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SHARED_START = [
    ("platform", {"platform": ["meta", "x", "linkedin"]}),
    ("country", {"country": "FR"}),
    (
        "details",
        {
            "full_name": "Camille Martin",
            "email": "camille@example.org",
            "postal_address": "3 rue de la Paix\n75002 Paris",
        },
    ),
]
PER_PLATFORM_SERVICES = [
    ("meta/services", {"services": ["instagram"]}),
    ("x/services", {"services": ["x"]}),
]
SHARED_MIDDLE = [
    ("data", {"data": ["posts"]}),
    ("situation", {"situation": ["creative_work"]}),
]
LETTERS_ONLY = [
    ("documents", {"documents": ["objection", "erasure"]}),
    ("sent-by", {"sent_by": "post"}),
]
TOLD = [
    ("meta/switched-off", {"opted_out": "yes", "opted_out_on": "2025-05-20"}),
    ("meta/notice", {"notice_received": "yes"}),
    ("x/switched-off", {"opted_out": "no"}),
    ("x/notice", {"notice_received": "no"}),
    ("linkedin/switched-off", {"opted_out": "no"}),
    ("linkedin/notice", {"notice_received": "yes"}),
]
JOURNEY = SHARED_START + PER_PLATFORM_SERVICES + SHARED_MIDDLE + TOLD + LETTERS_ONLY


def walk(client, journey):
    locations = []
    for key, data in journey:
        response = client.post(f"/start/{key}/", data)
        assert response.status_code == 302, (key, response.content.decode()[:3000])
        locations.append(response["Location"])
    return locations


def write_letters(client, journey=JOURNEY):
    walk(client, journey)
    response = client.post("/start/check/", {"language": "en"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == "/start/result/"


def pdf_text(content: bytes) -> str:
    return " ".join(
        " ".join((page.extract_text() or "").split())
        for page in PdfReader(io.BytesIO(content)).pages
    )


def test_questions_that_differ_are_asked_once_for_each_platform(client, reference_data):
    locations = walk(client, JOURNEY)
    assert locations == [
        "/start/country/",
        "/start/details/",
        # Meta and X have several services, LinkedIn one: asked for those two only.
        "/start/meta/services/",
        "/start/x/services/",
        "/start/data/",
        "/start/situation/",
        # Platform by platform: each one's questions together.
        "/start/meta/switched-off/",
        "/start/meta/notice/",
        "/start/x/switched-off/",
        "/start/x/notice/",
        "/start/linkedin/switched-off/",
        "/start/linkedin/notice/",
        "/start/documents/",
        "/start/sent-by/",
        "/start/check/",
    ]


def test_a_question_for_one_platform_names_it(client, reference_data):
    walk(client, SHARED_START + PER_PLATFORM_SERVICES + SHARED_MIDDLE)
    # Asked for the first platform first: X's question waits until Meta's are answered.
    assert client.get("/start/x/switched-off/")["Location"] == "/start/meta/switched-off/"
    walk(client, TOLD[:2])
    page = client.get("/start/x/switched-off/").content.decode()
    assert re.search(r"<title>[^<]*\(X\)", page)
    assert "About X:" in page
    assert "Have you already switched the AI-training setting off?" in page
    # The services offered are the platform's own.
    services = client.get("/start/meta/services/").content.decode()
    assert "Instagram" in services and "Grok" not in services


def test_the_details_do_not_ask_for_one_account_name_for_every_platform(client, reference_data):
    walk(client, SHARED_START[:2])
    page = client.get("/start/details/").content.decode()
    assert 'name="account"' not in page
    client.post("/start/platform/", {"platform": "x"})
    assert 'name="account"' in client.get("/start/details/").content.decode()


def test_a_per_platform_question_for_a_platform_not_chosen_is_not_asked(client, reference_data):
    walk(client, SHARED_START + PER_PLATFORM_SERVICES + SHARED_MIDDLE)
    # Google was not chosen; "data" is not asked per platform.
    assert client.get("/start/google/switched-off/")["Location"] == "/start/meta/switched-off/"
    assert client.get("/start/x/data/").status_code == 404


def test_another_organisation_cannot_be_one_of_several(client, reference_data):
    response = client.post("/start/platform/", {"platform": ["x", "other"]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose &#x27;Another organisation&#x27; on its own" in page
    # What was ticked stays ticked.
    assert re.search(r'value="x"[^>]*checked', page)


def test_check_page_has_a_row_per_platform_with_its_own_change_link(client, reference_data):
    walk(client, JOURNEY)
    page = client.get("/start/check/").content.decode()
    assert "Setting switched off (Instagram" not in page
    assert 'href="/start/x/switched-off/?change=1"' in page
    assert "Told beforehand (LinkedIn)" in page
    assert "Change whether you were told (X)" in page


def test_one_result_page_a_plan_and_letters_for_each_platform(client, reference_data):
    write_letters(client)
    assert isinstance(client.session[RESULT_KEY], list)
    assert [a["platform"] for a in client.session[RESULT_KEY]] == ["meta", "x", "linkedin"]
    page = client.get("/start/result/").content.decode()
    # Each platform under its own heading, with the services the user named.
    for name in ("Meta (Instagram)", "X", "LinkedIn"):
        assert f'">{name}</h2>' in page
    assert "/start/result/linkedin/objection.pdf" in page
    # Each platform's own controller.
    assert "Meta Platforms Ireland Limited" in page
    assert "LinkedIn Ireland Unlimited Company" in page


def test_each_platforms_letter_states_only_what_was_said_about_it(client, reference_data):
    write_letters(client)
    meta = pdf_text(client.get("/start/result/meta/objection.pdf").content)
    x = pdf_text(client.get("/start/result/x/objection.pdf").content)
    # Switched off on Meta only: the date is in Meta's letter, not in X's.
    assert "20 May 2025" in meta
    assert "20 May 2025" not in x
    assert "Instagram" in meta and "Instagram" not in x
    assert "Camille Martin" in meta and "Camille Martin" in x
    # A single platform's URL does not serve several platforms' letters.
    assert client.get("/start/result/objection.pdf").status_code == 404


def test_one_zip_with_a_folder_per_platform(client, reference_data):
    write_letters(client)
    response = client.get("/start/result/all.zip")
    assert response.status_code == 200
    assert "privacyreq-platforms-letters-" in response["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    folders = sorted({name.split("/")[0] for name in names})
    assert folders == ["linkedin", "meta", "x"]
    assert any(re.fullmatch(r"x/privacyreq-x-objection-\d{4}-\d\d-\d\d\.pdf", n) for n in names)
    assert len(names) == 3 * 2 * 2  # three platforms, two letters, PDF and text
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        linkedin = [
            n for n in names if n.startswith("linkedin/") and "erasure" in n and n.endswith(".pdf")
        ]
        assert "LinkedIn" in pdf_text(archive.read(linkedin[0]))


def test_saving_makes_one_case_per_platform_once(client, reference_data):
    user = UserFactory()
    client.force_login(user)
    write_letters(client)
    assert client.post("/tracking/track/")["Location"] == "/tracking/"
    assert client.post("/tracking/track/").status_code == 302
    cases = Case.objects.filter(owner=user)
    assert cases.count() == 3


COMPLAINT = [
    ("documents", {"documents": ["objection", "complaint"]}),
    ("sent-by", {"sent_by": "email"}),
    ("meta/authority", {"complaint_to": "lead"}),
    ("meta/earlier-request", {"prior_request": "no"}),
    ("x/authority", {"complaint_to": "home"}),
    ("x/earlier-request", {"prior_request": "no"}),
    ("x/complaint-timing", {"complaint_now": "yes"}),
    ("linkedin/authority", {"complaint_to": "home"}),
    ("linkedin/earlier-request", {"prior_request": "no"}),
    ("representative", {"representative": ""}),
    ("other-proceedings", {"other_proceedings": "none"}),
]
WITH_COMPLAINT = SHARED_START + PER_PLATFORM_SERVICES + SHARED_MIDDLE + TOLD + COMPLAINT


def test_complaint_questions_are_asked_for_each_platform(client, reference_data):
    locations = walk(client, WITH_COMPLAINT)
    assert locations[-len(COMPLAINT) :] == [
        "/start/sent-by/",
        "/start/meta/authority/",
        "/start/meta/earlier-request/",
        "/start/x/authority/",
        "/start/x/earlier-request/",
        # X did not tell beforehand: only its complaint may go now, about that alone.
        "/start/x/complaint-timing/",
        "/start/linkedin/authority/",
        "/start/linkedin/earlier-request/",
        "/start/representative/",
        "/start/other-proceedings/",
        "/start/check/",
    ]


def test_each_complaint_goes_to_the_authority_chosen_for_its_platform(client, reference_data):
    walk(client, WITH_COMPLAINT)
    check = client.get("/start/check/").content.decode()
    # Complaints to two authorities: each in its own authority's language, not asked.
    assert 'name="complaint_language"' not in check
    response = client.post("/start/check/", {"language": "en"})
    assert response["Location"] == "/start/result/", response.content.decode()[:3000]
    stored = {a["platform"]: a for a in client.session[RESULT_KEY]}
    assert stored["meta"]["complaint_to"] == "lead"
    assert stored["x"]["complaint_to"] == "home"
    assert stored["meta"]["complaint_language"] == "en"
    assert stored["x"]["complaint_language"] == "fr"
    assert stored["x"]["complaint_now"] is True
    assert not stored["meta"].get("complaint_now")
    meta = pdf_text(client.get("/start/result/meta/complaint.pdf").content)
    x = pdf_text(client.get("/start/result/x/complaint.pdf").content)
    assert "Data Protection Commission" in meta
    assert "Commission Nationale de l" in x and "Réclamation" in x


def test_a_complaint_alone_has_a_timing_row_for_each_platform(client, reference_data):
    """Only a complaint and no earlier request: each complaint is about the platform's own
    failing (none told beforehand), now; the check page says so for each platform, linking to
    the documents question, where that is changed."""
    untold = [
        (key, {"notice_received": "no"} if key.endswith("notice") else data) for key, data in TOLD
    ]
    walk(client, SHARED_START + PER_PLATFORM_SERVICES + SHARED_MIDDLE + untold)
    walk(
        client,
        [
            ("documents", {"documents": ["complaint"]}),
            ("meta/authority", {"complaint_to": "home"}),
            ("meta/earlier-request", {"prior_request": "no"}),
            ("x/authority", {"complaint_to": "home"}),
            ("x/earlier-request", {"prior_request": "no"}),
            ("linkedin/authority", {"complaint_to": "home"}),
            ("linkedin/earlier-request", {"prior_request": "no"}),
            ("representative", {"representative": ""}),
            ("other-proceedings", {"other_proceedings": "none"}),
        ],
    )
    page = client.get("/start/check/").content.decode()
    for name in ("Meta", "X", "LinkedIn"):
        row = re.search(rf"When to complain \({name}\).*?href=\"([^\"]+)\"", page, re.S)
        assert row and row.group(1) == "/start/documents/?change=1", name


def test_the_platforms_are_named_with_the_services_people_know(client, reference_data):
    """Someone who uses Instagram finds it under Meta; the company is not named before the
    question of where they live decides it."""
    page = client.get("/start/platform/").content.decode()
    assert "Meta (Facebook, Instagram, Threads, WhatsApp, Meta AI)" in page
    assert "X (X, Grok)" in page and "Google (Gemini)" in page
    assert re.search(r">\s*LinkedIn\s*</label>", page)
    assert "Meta Platforms Ireland Limited" not in page


def test_the_result_page_offers_warnings_for_the_platforms_chosen(client, reference_data):
    write_letters(client)
    page = client.get("/start/result/").content.decode()
    link = re.search(r'href="(/warnings/\?[^"]+)"', page).group(1).replace("&amp;", "&")
    assert link == "/warnings/?platform=meta&platform=x&platform=linkedin"
    form = client.get(link).content.decode()
    for slug in ("meta", "x", "linkedin"):
        assert re.search(rf'value="{slug}"[^>]*checked', form), slug
    assert not re.search(r'value="google"[^>]*checked', form)


def test_a_single_platforms_result_page_offers_its_warnings(client, reference_data):
    session = client.session
    session[RESULT_KEY] = answers_validate(
        raw={
            "platform": "linkedin",
            "country": "FR",
            "full_name": "Camille Martin",
            "email": "camille@example.org",
            "data": ["posts"],
            "documents": ["objection"],
        },
        today=timezone.localdate(),
    ).to_json()
    session.save()
    page = client.get("/start/result/").content.decode()
    assert 'href="/warnings/?platform=linkedin"' in page


SINGLE_X = [
    ("platform", {"platform": "x"}),
    ("country", {"country": "FR"}),
    ("details", {"full_name": "Camille Martin", "email": "camille@example.org"}),
    ("services", {"services": ["x"]}),
    ("data", {"data": ["posts"]}),
    ("situation", {"situation": []}),
    ("switched-off", {"opted_out": "yes", "opted_out_on": "2024-07-27"}),
    ("notice", {"notice_received": "no"}),
    ("documents", {"documents": ["objection"]}),
    ("sent-by", {"sent_by": "post"}),
]


def test_an_answer_about_one_platform_is_not_carried_to_another(client, reference_data):
    """X's setting switched off on 27 July 2024 says nothing about Meta's: after the platform
    changes, the questions about the platform are asked again."""
    walk(client, SINGLE_X)
    response = client.post("/start/platform/?change=1", {"platform": "meta"})
    assert response["Location"] == "/start/services/?change=1"
    walk(client, [("services", {"services": ["instagram"]})])
    assert client.get("/start/check/")["Location"] == "/start/switched-off/"
    # Nothing about X's setting is shown as Meta's.
    page = client.get("/start/switched-off/").content.decode()
    assert not re.search(r"checked", page.split("<form")[1])


def test_answers_for_a_platform_alone_carry_over_when_more_are_ticked(client, reference_data):
    walk(client, SINGLE_X)
    client.post("/start/platform/?change=1", {"platform": ["x", "linkedin"]})
    # X's own answers stand for X among several; only LinkedIn's questions are asked.
    assert client.get("/start/check/")["Location"] == "/start/linkedin/switched-off/"
    page = client.get("/start/x/switched-off/").content.decode()
    assert re.search(r'value="yes"[^>]*checked', page)
    walk(
        client,
        [
            ("linkedin/switched-off", {"opted_out": "no"}),
            ("linkedin/notice", {"notice_received": "yes"}),
        ],
    )
    assert client.post("/start/check/", {"language": "en"})["Location"] == "/start/result/"
    stored = {a["platform"]: a for a in client.session[RESULT_KEY]}
    assert stored["x"]["opted_out_on"] == "2024-07-27"
    assert "opted_out_on" not in stored["linkedin"]
    # And back to X alone: nothing is asked again.
    client.post("/start/platform/?change=1", {"platform": "x"})
    assert client.get("/start/check/").status_code == 200
