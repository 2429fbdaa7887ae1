"""The catalogue of issue 19: at least twelve controllers, every fact with its source and status;
what no source confirms is marked "not confirmed" on the page and left out of the letters; a
controller letters cannot yet be addressed to is not offered."""

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from privacyreq.letters.answers import AnswersError
from privacyreq.letters.services import answers_validate, letters_draft
from privacyreq.reference.facts import letter_fact
from privacyreq.reference.models import FACT_FIELDS, FactStatus, Platform
from privacyreq.reference.selectors import platform_choices
from privacyreq.reference.services import DATA_DIR
from tests.properties import pdf_text

SHIPPED = json.loads((DATA_DIR / "platforms.json").read_text(encoding="utf-8"))
WITHOUT_LETTERS = {"automattic"}


def squeezed(text: str) -> str:
    return " ".join(text.split())


def answers(**overrides) -> dict:
    return {
        "platform": "openai",
        "country": "IE",
        "full_name": "Aoife Murphy",
        "email": "aoife@example.org",
        "postal_address": "1 Main Street\nDublin 8",
        "data": ["ai_chats"],
        "documents": ["objection"],
        "language": "en",
        **overrides,
    }


def test_at_least_twelve_controllers_load(reference_data):
    assert Platform.objects.count() >= 12
    assert set(Platform.objects.filter(letters_offered=False).values_list("slug", flat=True)) == (
        WITHOUT_LETTERS
    )


@pytest.mark.parametrize("record", SHIPPED, ids=[r["slug"] for r in SHIPPED])
def test_every_fact_carries_a_status_and_a_source_or_why_not(record):
    assert record.get("facts"), record["slug"]
    for field, fact in record["facts"].items():
        assert field in FACT_FIELDS, (record["slug"], field)
        assert fact["status"] in FactStatus.values, (record["slug"], field)
        if fact["status"] == FactStatus.CONFIRMED:
            assert fact["source"].startswith("http"), (record["slug"], field)
        assert fact["source"].startswith("http") or fact["note"], (record["slug"], field)


@pytest.mark.parametrize(
    ("facts", "problem"),
    [
        ({"shoe_size": {"source": "https://a.example", "status": "confirmed"}}, "not a fact"),
        ({"legal_entity": {"source": "https://a.example", "status": "likely"}}, "unknown status"),
        ({"legal_entity": {"source": "", "status": "confirmed", "note": "x"}}, "needs its source"),
        ({"legal_entity": {"source": "", "status": "reported"}}, "say why"),
    ],
)
def test_unknown_fields_and_statuses_are_refused(reference_data, facts, problem):
    platform = Platform.objects.get(slug="x")
    platform.facts = facts
    with pytest.raises(ValidationError, match=problem):
        platform.full_clean()


def test_a_platform_without_a_confirmed_controller_cannot_offer_letters(reference_data):
    # Aut O'Mattic A8C Ireland Ltd.: no address, email or form of its is confirmed in the data.
    automattic = Platform.objects.get(slug="automattic")
    automattic.letters_offered = True
    with pytest.raises(ValidationError, match="Letters need"):
        automattic.full_clean()


def test_a_lead_authority_only_where_a_source_names_one(reference_data):
    assert Platform.objects.get(slug="openai").lead_authority.code == "ie"
    for slug in ("anthropic", "microsoft", "mistral", "pinterest", "snap"):
        assert Platform.objects.get(slug=slug).lead_authority is None, slug


# --- A fact no source confirms ------------------------------------------------------------------
# OpenAI launched ChatGPT on 30 November 2022, but no source says EU users' chats were used for
# training from then: the record keeps the date, marked "not confirmed".


def test_the_page_marks_an_unconfirmed_fact_in_words(client, reference_data):
    openai = Platform.objects.get(slug="openai")
    assert openai.facts["ai_switched_on"]["status"] == FactStatus.NOT_CONFIRMED
    page = squeezed(client.get("/platforms/openai/").content.decode())
    assert '30 November 2022 <span class="small text-body-secondary">· not confirmed</span>' in page
    assert "Last checked on 4 December 2026. Facts confirmed by" in page
    # A reported fact links its source.
    x = squeezed(client.get("/platforms/x/").content.decode())
    assert 'href="https://therecord.media/europe-data-privacy-watchdog-case-closed"' in x
    assert "reported (press)" in x


def test_the_letters_leave_out_an_unconfirmed_fact(tmp_path, reference_data):
    openai = Platform.objects.get(slug="openai")
    assert letter_fact(openai, "ai_switched_on") is None
    assert letter_fact(openai, "legal_entity") == "OpenAI Ireland Limited"
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers(documents=["objection", "complaint"], complaint_to="home")))
    out = tmp_path / "out"
    call_command("draft_letters", str(path), "--out", str(out), stdout=io.StringIO())
    objection = squeezed(pdf_text((out / "objection.pdf").read_bytes()))
    complaint = squeezed(pdf_text((out / "complaint.pdf").read_bytes()))
    assert "OpenAI Ireland Limited" in objection
    for text in (objection, complaint):
        assert "November 2022" not in text and "30/11/2022" not in text


def test_the_letters_state_the_fact_once_a_source_confirms_it(tmp_path, reference_data):
    # The same letters with the status changed: the date comes back, so the test above sees the
    # status and not some other reason for its absence.
    openai = Platform.objects.get(slug="openai")
    openai.facts["ai_switched_on"] = {"source": "https://a.example/", "status": "confirmed"}
    openai.save()
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers()))
    out = tmp_path / "out"
    call_command("draft_letters", str(path), "--out", str(out), stdout=io.StringIO())
    assert "30 November 2022" in squeezed(pdf_text((out / "objection.pdf").read_bytes()))


# --- Letters not offered ------------------------------------------------------------------------


def test_the_platform_question_does_not_list_it(reference_data):
    offered = {slug for slug, _label in platform_choices()}
    assert "openai" in offered and "x" in offered
    assert not offered & WITHOUT_LETTERS


def test_answers_naming_it_are_refused_with_a_reason(reference_data):
    with pytest.raises(AnswersError) as refused:
        answers_validate(raw=answers(platform="automattic"), today=dt.date(2026, 12, 5))
    problems = dict(refused.value.problems)
    assert "not offered yet" in problems["platform"]
    assert "'other'" in problems["platform"]


def test_the_question_refuses_it_too(client, reference_data):
    response = client.post("/start/platform/", {"platform": "automattic"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_its_page_explains_and_offers_no_letters(client, reference_data):
    page = squeezed(client.get("/platforms/automattic/").content.decode())
    assert "Letters to Automattic (WordPress.com, Tumblr) are not offered yet" in page
    assert "Another organisation" in page
    assert "/start/for/automattic/" not in page
    assert 'Lead authority</dt><dd class="col-sm-8">not confirmed' in page
    home = client.get("/").content.decode()
    assert "/start/for/automattic/" not in home and "/start/for/openai/" in home
    # The start link from elsewhere leads back to the page that says why.
    assert client.get("/start/for/automattic/")["Location"] == "/platforms/automattic/"


def test_reddit_and_snap_letters_go_to_the_controllers_their_policies_name(reference_data):
    """Once their own privacy notices confirmed the controller and its contacts, Reddit and Snap
    offer letters: Reddit's Dutch company (its UK users: Reddit, Inc., through its UK
    representative), Snap Inc. in California, with no lead authority for either."""
    today = dt.date(2026, 12, 5)
    reddit = letters_draft(answers=answers_validate(raw=answers(platform="reddit"), today=today))
    assert reddit.controller.name == "Reddit Netherlands B.V."
    assert "Looiersgracht 43" in reddit.controller.address_lines
    assert reddit.controller.email == "dpo@reddit.com"
    uk = answers(platform="reddit", country="GB", postal_address="1 High Street\nLondon")
    uk_draft = letters_draft(answers=answers_validate(raw=uk, today=today))
    assert uk_draft.controller.name == "Reddit, Inc."
    assert "c/o Reddit UK Limited" in uk_draft.controller.address_lines
    snap = answers(platform="snap", documents=["objection", "complaint"], complaint_to="home")
    snap_draft = letters_draft(answers=answers_validate(raw=snap, today=today))
    assert snap_draft.controller.name == "Snap Inc." and snap_draft.controller.country == "US"
    assert snap_draft.authority.code == "ie"  # the Irish resident's own authority
    assert "dpo@snap.com" in snap_draft.document("objection").text
