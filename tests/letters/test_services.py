"""Which of the platform's services the user uses (``services``): asked only when the platform has
two or more, validated against the platform's list, named in every letter as whole sentences ("I
use Facebook and Instagram."), never the company as a service; the complaint's opening names all
the platform's services as one list in the complaint's language."""

import datetime as dt
import re

import pytest
from django.utils.translation import override

from privacyreq.letters.answer_phrases import names_joined
from privacyreq.letters.answers import AnswersError, answers_from_stored
from privacyreq.letters.services import (
    answers_validate,
    complaint_form_render,
    document_render_pdf,
    letters_draft,
)
from privacyreq.reference.models import PlatformService
from tests.letters.test_wizard import walk
from tests.properties import pdf_text

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 4)
META = {
    "platform": "meta",
    "country": "IE",
    "full_name": "Aoife Byrne",
    "postal_address": "4 Example Street\nExample Town",
    "email": "aoife@example.ie",
    "documents": ["objection", "erasure", "access", "restriction", "complaint"],
    "complaint_to": "lead",
    "date": TODAY.isoformat(),
}


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def draft_of(raw):
    return letters_draft(answers=answers_validate(raw=raw, today=TODAY))


def texts(raw) -> dict[str, str]:
    return {d.kind: flat(d.text) for d in draft_of(raw).documents}


def test_the_services_chosen_are_named_with_the_account(reference_data):
    draft = draft_of({**META, "services": ["instagram", "facebook"], "account": "@aoife"})
    for document in draft.documents:
        text = flat(document.text)
        if document.kind == "complaint":
            assert "Account on Facebook and Instagram: @aoife" in text
        else:
            # The platform's order, whatever the order given.
            assert "I use Facebook and Instagram with the account @aoife." in text, document.kind
        assert "user of Meta" not in text and "Account on Meta" not in text
    objection = draft.document("objection")
    assert "I use Facebook and Instagram with the account @aoife." in flat(
        pdf_text(document_render_pdf(document=objection))
    )


def test_one_service_without_an_account(reference_data):
    letters = texts({**META, "services": ["whatsapp"]})
    assert "I use WhatsApp." in letters["objection"]
    assert "with the account" not in letters["objection"]
    letters = texts({**META, "services": ["facebook", "instagram", "threads"]})
    assert "I use Facebook, Instagram and Threads." in letters["erasure"]


def test_no_service_said_speaks_of_the_companys_services(reference_data):
    letters = texts({**META, "account": "@aoife"})
    objection = letters["objection"]
    assert "I use the services of Meta Platforms Ireland Limited." in objection
    assert "My account there is @aoife." in objection
    assert "I use Meta" not in objection and "user of Meta" not in objection
    complaint = letters["complaint"]
    assert "Account with the controller: @aoife" in complaint
    assert "Account on Meta" not in complaint


def test_a_platform_with_one_service_implies_it(reference_data):
    letters = texts({**META, "platform": "linkedin", "account": "@aoife"})
    assert "I use LinkedIn with the account @aoife." in letters["objection"]
    assert "Account on LinkedIn: @aoife" in letters["complaint"]


def test_the_complaint_opening_names_every_service_as_one_list(reference_data):
    draft = draft_of({**META, "services": ["instagram"]})
    complaint = flat(draft.document("complaint").text)
    assert (
        "against Meta Platforms Ireland Limited, which provides Facebook, Instagram, Threads, "
        "WhatsApp and Meta AI, concerning" in complaint
    )
    assert "Service: Facebook, Instagram, Threads, WhatsApp and Meta AI" in complaint
    form = flat(re.sub(r"<[^>]+>", " ", complaint_form_render(draft=draft)))
    assert "which provides Facebook, Instagram, Threads, WhatsApp and Meta AI" in form
    assert "Account on" not in complaint  # no account given


def test_lists_are_joined_in_the_letters_language(reference_data):
    with override("de"):
        # Until the German catalogue has the phrase, gettext falls back to English: either way
        # the names stay as they are and only the last link is the language's.
        joined = names_joined(["Facebook", "Instagram", "Threads"])
    assert joined.startswith("Facebook, Instagram ") and joined.endswith(" Threads")
    assert names_joined(["X"]) == "X" and names_joined([]) == ""


def test_unknown_service_is_refused_naming_the_key(reference_data):
    with pytest.raises(AnswersError) as error:
        answers_validate(raw={**META, "services": ["facebook", "myspace"]}, today=TODAY)
    assert error.value.problems == [
        (
            "services",
            "unknown service(s) 'myspace' for platform 'meta'; use any of: facebook, instagram, "
            "threads, whatsapp, meta_ai.",
        )
    ]
    with pytest.raises(AnswersError) as error:
        answers_validate(raw={**META, "services": "facebook"}, today=TODAY)
    assert error.value.problems[0][0] == "services"
    other = {
        **META,
        "platform": "other",
        "controller": {"name": "Acme", "address": "1 Road"},
        "complaint_to": "home",
        "services": ["facebook"],
    }
    with pytest.raises(AnswersError) as error:
        answers_validate(raw=other, today=TODAY)
    assert error.value.problems == [
        ("services", "is only used with a platform from the list, not 'other'.")
    ]


def test_services_are_optional_and_kept_in_the_platforms_order(reference_data):
    answers = answers_validate(raw={**META, "services": ["meta_ai", "facebook"]}, today=TODAY)
    assert answers.services == ("facebook", "meta_ai")
    assert answers.to_json()["services"] == ["facebook", "meta_ai"]
    assert answers_validate(raw=META, today=TODAY).services == ()
    assert "services" not in answers_validate(raw=META, today=TODAY).to_json()


def test_a_stored_service_the_reference_data_no_longer_has_is_left_out(reference_data):
    stored = answers_validate(
        raw={**META, "services": ["instagram", "threads"], "account": "@aoife"}, today=TODAY
    ).to_json()
    PlatformService.objects.filter(platform__slug="meta", slug="threads").delete()
    answers = answers_from_stored(stored)
    assert answers.services == ("instagram", "threads")
    objection = flat(letters_draft(answers=answers).document("objection").text)
    assert "I use Instagram with the account @aoife." in objection
    PlatformService.objects.filter(platform__slug="meta", slug="instagram").delete()
    objection = flat(letters_draft(answers=answers).document("objection").text)
    assert "I use the services of Meta Platforms Ireland Limited." in objection


def test_the_question_is_asked_only_for_a_platform_with_several_services(client, reference_data):
    walk(client, [("platform", {"platform": "meta"}), ("country", {"country": "IE"})])
    response = client.post("/start/details/", {"full_name": "Aoife", "email": "a@example.ie"})
    assert response["Location"] == "/start/services/"
    page = client.get("/start/services/").content.decode()
    for name in ("Facebook", "Instagram", "Threads", "WhatsApp", "Meta AI"):
        assert name in page
    assert "Tick each one you have an account on." in page
    # Optional: nothing ticked is an answer.
    assert client.post("/start/services/", {})["Location"] == "/start/data/"
    response = client.post("/start/services/", {"services": ["facebook", "tiktok"]})
    assert response.status_code == 200 and "tiktok" in response.content.decode()

    linkedin = client.__class__()
    walk(linkedin, [("platform", {"platform": "linkedin"}), ("country", {"country": "IE"})])
    response = linkedin.post("/start/details/", {"full_name": "Aoife", "email": "a@example.ie"})
    assert response["Location"] == "/start/data/"
    assert linkedin.get("/start/services/")["Location"] == "/start/data/"


def test_the_check_page_shows_the_services_with_change(client, reference_data):
    walk(
        client,
        [
            ("platform", {"platform": "meta"}),
            ("country", {"country": "IE"}),
            (
                "details",
                {
                    "full_name": "Aoife",
                    "email": "a@example.ie",
                    "account": "@aoife",
                    "postal_address": "1 Quay Street\nGalway",
                },
            ),
            ("services", {"services": ["threads", "instagram"]}),
            ("data", {"data": ["posts"]}),
            ("situation", {}),
            ("switched-off", {"opted_out": "no"}),
            ("notice", {"notice_received": "unsure"}),
            ("documents", {"documents": ["objection"]}),
            ("sent-by", {"sent_by": "web_form"}),
        ],
    )
    check = client.get("/start/check/").content.decode()
    assert "Services you use" in check and "Change services you use" in check
    assert (
        "Instagram" in check and "Threads" in check and 'href="/start/services/?change=1"' in check
    )
    client.post("/start/check/")
    objection = client.get("/start/result/objection.txt").content.decode()
    assert "I use Instagram and Threads with the account @aoife." in flat(objection)


def test_a_new_platform_asks_again_and_never_passes_another_platforms_services(
    client, reference_data
):
    walk(
        client,
        [
            ("platform", {"platform": "meta"}),
            ("country", {"country": "IE"}),
            (
                "details",
                {
                    "full_name": "Aoife",
                    "email": "a@example.ie",
                    "postal_address": "1 Quay Street\nGalway",
                },
            ),
            ("services", {"services": ["facebook"]}),
            ("data", {"data": ["posts"]}),
            ("situation", {}),
            ("switched-off", {"opted_out": "no"}),
            ("notice", {"notice_received": "unsure"}),
            ("documents", {"documents": ["objection"]}),
            ("sent-by", {"sent_by": "web_form"}),
        ],
    )
    response = client.post("/start/platform/?change=1", {"platform": "x"})
    assert response["Location"] == "/start/services/?change=1"
    assert client.get("/start/check/")["Location"] == "/start/services/"
    page = client.get("/start/services/?change=1").content.decode()
    assert "Grok" in page and "Facebook" not in page
    response = client.post("/start/services/?change=1", {"services": ["grok"]})
    # What was said about Meta's setting and notice says nothing about X's: asked again.
    assert response["Location"] == "/start/switched-off/?change=1"
    client.post("/start/switched-off/?change=1", {"opted_out": "no"})
    response = client.post("/start/notice/?change=1", {"notice_received": "unsure"})
    assert response["Location"] == "/start/check/"
    client.post("/start/check/")
    objection = client.get("/start/result/objection.txt").content.decode()
    assert "I use Grok." in flat(objection)
    # Switching to a platform with one service drops the question and implies that service.
    client.post("/start/platform/?change=1", {"platform": "linkedin"})
    assert client.get("/start/check/")["Location"] == "/start/switched-off/"
    client.post("/start/switched-off/?change=1", {"opted_out": "no"})
    client.post("/start/notice/?change=1", {"notice_received": "unsure"})
    assert client.get("/start/check/").status_code == 200
    client.post("/start/check/")
    assert "I use LinkedIn." in flat(client.get("/start/result/objection.txt").content.decode())
