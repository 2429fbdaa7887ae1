"""Anything posted to any question of the questionnaire, through the test client.

Whatever arrives, a step either accepts it (a redirect, with the answer stored as the letters will
print it) or shows the error summary and a message at each field at fault, keeping what was typed.
Never a server error. A text field refuses exactly what the letters could not use: a NUL, more
characters than its limit once newlines are counted as one (as the browser counts them), or
nothing visible where an answer is required. Whatever a step accepts, the check page accepts too.
"""

import datetime as dt

import pytest
from django.test import Client
from django.utils.html import escape
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from privacyreq.letters.answers import (
    EARLIEST_DATE,
    MAX_ACCOUNT,
    MAX_ADDRESS,
    MAX_DIFFICULTY,
    MAX_REFERENCE,
    MAX_SHORT,
    MAX_TEXT,
)
from privacyreq.letters.choices import COUNTRIES, GERMAN_LANDS
from privacyreq.letters.wizard import GIVEN_FOR, SESSION_KEY, STEPS
from tests.properties import (
    any_text,
    assert_error_page,
    assert_text_fields_checked,
    choice_or_junk,
    date_parts,
    date_parts_between,
    flat,
    form_data,
    mixed,
    typed,
    visible_text,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
# A long address that is still valid: 64 + 1 + 63 + 1 + 63 + 1 + 57 + 4 = 254 characters.
LONG_EMAIL = f"{'a' * 64}@{'b' * 63}.{'c' * 63}.{'d' * 57}.org"

ANSWERED = {
    "platform": {"platform": "x"},
    "country": {"country": "DE"},
    "region": {"region": "DE-BE"},
    "details": {"full_name": "Zoë Ångström", "email": "zoe@example.org"},
    "services": {"services": ["x"], GIVEN_FOR: "x"},
    "data": {"data": ["posts"]},
    "situation": {"situation": [], "situation_text": ""},
    "switched-off": {"opted_out": "no", "opted_out_on": None},
    "notice": {"notice_received": "no", "opt_out_difficulty": ""},
    "documents": {"documents": ["objection", "complaint"]},
    "sent-by": {"sent_by": "email"},
    # The complaint's address, asked on its own step because the details left it empty.
    "postal-address": {"postal_address": "Alt-Moabit 1\n10555 Berlin"},
    "authority": {"complaint_to": "lead"},
    # An earlier request, so that its details step applies and takes any post.
    "earlier-request": {"prior_request": "yes", "prior_request_sent_on": "2026-09-01"},
    "earlier-request-details": {
        "prior_document": "objection",
        "prior_channel": "email",
        "prior_reference": "",
        "prior_reply": "none",
    },
    "representative": {"representative": ""},
    "other-proceedings": {"other_proceedings": "none"},
}
ORGANISATION = {"name": "Acme AI GmbH", "address": "Hauptstraße 1\n10115 Berlin", "email": ""}

# (limit, required) of every text field, by step.
TEXT_FIELDS = {
    "organisation": {"name": (MAX_SHORT, True), "address": (MAX_ADDRESS, True)},
    "details": {
        "full_name": (MAX_SHORT, True),
        "account": (MAX_ACCOUNT, False),
        "postal_address": (MAX_ADDRESS, False),
    },
    "situation": {"situation_text": (MAX_TEXT, False)},
    "notice": {"opt_out_difficulty": (MAX_DIFFICULTY, False)},
    "earlier-request-details": {"prior_reference": (MAX_REFERENCE, False)},
    "postal-address": {"postal_address": (MAX_ADDRESS, True)},
    "representative": {"representative": (MAX_SHORT, False)},
}


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def answered_client(*, platform: str = "x") -> Client:
    """A new visitor who has answered every question, so that any step may be posted."""
    client = Client()
    steps = {slug: dict(values) for slug, values in ANSWERED.items()}
    if platform == "other":
        steps["platform"] = {"platform": "other"}
        steps["organisation"] = {"controller": dict(ORGANISATION)}
    # Answers about a platform count for the platform they were given for.
    for step in STEPS:
        if step.per_platform and step.slug in steps:
            steps[step.slug][GIVEN_FOR] = platform
    session = client.session
    session[SESSION_KEY] = {"steps": steps}
    session.save()
    return client


def some_of(choices):
    return st.lists(choice_or_junk(choices), max_size=6)


emails = st.one_of(
    st.sampled_from(["zoe@example.org", "", LONG_EMAIL, "Zoë@exämple.org", "a@b"]),
    st.emails(),
    any_text(320),
)

# Every field a step has, each sometimes left out; values are anything of the right shape.
STEP_DATA = {
    "platform": {"platform": choice_or_junk(["x", "meta", "linkedin", "google", "other"])},
    "organisation": {
        "name": any_text(MAX_SHORT),
        "address": any_text(MAX_ADDRESS),
        "email": emails,
    },
    "country": {"country": choice_or_junk(COUNTRIES)},
    "region": {"region": choice_or_junk(GERMAN_LANDS)},
    "details": {
        "full_name": any_text(MAX_SHORT),
        "email": emails,
        "account": any_text(MAX_ACCOUNT),
        "postal_address": any_text(MAX_ADDRESS),
    },
    "services": {"services": some_of(["x", "grok", "facebook"])},
    "data": {"data": some_of(["posts", "ai_chats", "images", "profile"])},
    "situation": {
        "situation": some_of(["sensitive_data", "minor", "creative_work", "other"]),
        "situation_text": any_text(MAX_TEXT),
    },
    "switched-off": {
        "opted_out": choice_or_junk(["yes", "no"]),
        "opted_out_on": date_parts,
        "opted_out_how": choice_or_junk(["setting", "form", "email"]),
    },
    "notice": {
        "notice_received": choice_or_junk(["yes", "no", "unsure"]),
        "opt_out_difficulty": any_text(MAX_DIFFICULTY),
    },
    "documents": {
        "documents": some_of(["objection", "erasure", "access", "restriction", "complaint"])
    },
    "sent-by": {"sent_by": choice_or_junk(["email", "web_form", "post"])},
    "postal-address": {"postal_address": any_text(MAX_ADDRESS)},
    "authority": {"complaint_to": choice_or_junk(["lead", "home"])},
    "earlier-request": {
        "prior_request": choice_or_junk(["yes", "no"]),
        "prior_request_sent_on": date_parts,
    },
    "earlier-request-details": {
        "prior_document": choice_or_junk(["objection", "erasure", "access", "restriction"]),
        "prior_channel": choice_or_junk(["email", "web_form", "post"]),
        "prior_reference": any_text(MAX_REFERENCE),
        "prior_reply": choice_or_junk(["none", "refused", "partial", "extension", "acknowledged"]),
    },
    "complaint-timing": {"complaint_now": choice_or_junk(["yes", "no"])},
    "representative": {"representative": any_text(MAX_SHORT)},
    "other-proceedings": {"other_proceedings": choice_or_junk(["none", "pending"])},
}


yes_no_date = date_parts_between(EARLIEST_DATE, TODAY)
# What a visitor would post: a value each field accepts.
VALID = {
    "platform": {"platform": st.sampled_from(["x", "meta", "linkedin", "google", "other"])},
    "organisation": {"name": visible_text, "address": visible_text, "email": st.emails()},
    "country": {"country": st.sampled_from(list(COUNTRIES))},
    "region": {"region": st.sampled_from(list(GERMAN_LANDS))},
    "details": {
        "full_name": visible_text,
        "email": st.emails(),
        "account": st.text(max_size=60),
        "postal_address": st.text(max_size=200),
    },
    "services": {"services": st.lists(st.sampled_from(["x", "grok"]), unique=True)},
    "data": {"data": st.lists(st.sampled_from(["posts", "images"]), min_size=1, unique=True)},
    "situation": {
        "situation": st.lists(st.sampled_from(["minor", "creative_work"]), unique=True),
        "situation_text": st.text(max_size=200),
    },
    "switched-off": {
        "opted_out": st.sampled_from(["yes", "no"]),
        "opted_out_on": yes_no_date,
        "opted_out_how": st.sampled_from(["setting", "form", "email"]),
    },
    "notice": {
        "notice_received": st.sampled_from(["yes", "no", "unsure"]),
        "opt_out_difficulty": st.text(max_size=200),
    },
    "documents": {"documents": st.lists(st.sampled_from(["access", "complaint"]), min_size=1)},
    "sent-by": {"sent_by": st.sampled_from(["email", "web_form", "post"])},
    "postal-address": {"postal_address": visible_text},
    "authority": {"complaint_to": st.sampled_from(["lead", "home"])},
    "earlier-request": {
        "prior_request": st.sampled_from(["yes", "no"]),
        "prior_request_sent_on": yes_no_date,
    },
    "earlier-request-details": {
        "prior_document": st.sampled_from(["objection", "erasure", "access", "restriction"]),
        "prior_channel": st.sampled_from(["email", "web_form", "post"]),
        "prior_reference": st.text(max_size=60),
        "prior_reply": st.sampled_from(["none", "refused", "partial", "extension", "acknowledged"]),
    },
    "complaint-timing": {"complaint_now": st.sampled_from(["yes", "no"])},
    "representative": {"representative": st.text(max_size=100)},
    "other-proceedings": {"other_proceedings": st.sampled_from(["none", "pending"])},
}


def posts(slug: str):
    return mixed(STEP_DATA[slug], VALID[slug])


def assert_text_fields(slug: str, data: dict, response, stored: dict | None):
    errors = response.context["form"].errors if response.status_code == 200 else {}
    fields = dict(TEXT_FIELDS.get(slug, {}))
    if "situation_text" in fields and "other" in data.get("situation", []):
        # Needed once "Something else" is ticked (and the ticks themselves are valid).
        fields["situation_text"] = (MAX_TEXT, "situation" not in errors)
    assert_text_fields_checked(fields, data, errors, stored)


def post_step(client, slug: str, data: dict):
    response = client.post(f"/start/{slug}/", form_data(data))
    assert response.status_code in (200, 302), response.status_code
    return response


@settings(max_examples=50)
@given(data=st.data())
def test_any_post_to_any_step_is_taken_or_refused_with_messages(reference_data, data):
    slug = data.draw(st.sampled_from(list(STEP_DATA)))
    client = answered_client(platform="other" if slug == "organisation" else "x")
    posted = data.draw(posts(slug))
    response = post_step(client, slug, posted)
    event(f"{slug}: {response.status_code}")
    if response.status_code == 200:
        assert_error_page(response, response.context["form"], posted)
    else:
        assert "Traceback" not in response.content.decode()
    stored = client.session[SESSION_KEY]["steps"].get(slug) if response.status_code == 302 else None
    if slug == "organisation" and stored is not None:
        stored = stored["controller"]
    assert_text_fields(slug, posted, response, stored)


def assert_check_page_accepts(client, typed_values: list[str], in_letters: list[str]):
    """The check page shows the answers and accepts them; the result page's email texts (which
    leave out the letterhead) say ``in_letters``."""
    check = client.get("/start/check/")
    assert check.status_code == 200
    page = check.content.decode()
    for value in typed_values:
        assert escape(value) in page
    response = client.post("/start/check/")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == "/start/result/"
    result = client.get("/start/result/")
    assert result.status_code == 200
    page = result.content.decode()
    for value in in_letters:
        assert escape(flat(value)) in flat(page)


@settings(max_examples=20)
@given(
    full_name=st.one_of(any_text(MAX_SHORT), visible_text),
    account=any_text(MAX_ACCOUNT),
    postal_address=any_text(MAX_ADDRESS),
    situation_text=any_text(MAX_TEXT),
    representative=any_text(MAX_SHORT),
)
# Newlines as a browser sends them: CRLF, each counted once against the limit, as the browser
# counted it. 596 and 3300 characters posted; 497 and 2969 kept.
@example(
    full_name="Zoë",
    account="@zoe",
    postal_address="Line\r\n" * 99 + "Li",
    situation_text="I write.\r\n" * 330,
    representative="noyb - European Center for Digital Rights",
)
@example(full_name="\x01\x02", account="", postal_address="", situation_text="", representative="")
def test_whatever_the_steps_accept_the_check_page_accepts(
    reference_data, full_name, account, postal_address, situation_text, representative
):
    client = answered_client()
    details = {
        "full_name": full_name,
        "email": "zoe@example.org",
        "account": account,
        "postal_address": postal_address,
    }
    situation = {"situation": ["other"], "situation_text": situation_text}
    mandate = {"representative": representative}
    accepted = []
    for slug, posted in [
        ("details", details),
        ("situation", situation),
        ("representative", mandate),
    ]:
        response = post_step(client, slug, posted)
        stored = client.session[SESSION_KEY]["steps"][slug] if response.status_code == 302 else None
        assert_text_fields(slug, posted, response, stored)
        if stored is None:
            event(f"refused at {slug}")
            assert_error_page(response, response.context["form"], posted)
            return
        accepted += [stored[name] for name in TEXT_FIELDS[slug] if stored[name]]
    event("accepted")
    in_letters = [value for value in accepted if value != typed(postal_address)]
    assert_check_page_accepts(client, accepted, in_letters)


@settings(max_examples=15)
@given(
    name=st.one_of(any_text(MAX_SHORT), visible_text),
    address=st.one_of(any_text(MAX_ADDRESS), visible_text),
    email=emails,
)
@example(name="Acme", address="1 Road", email=LONG_EMAIL)
def test_an_organisation_the_step_accepts_is_accepted_by_the_check_page(
    reference_data, name, address, email
):
    client = answered_client(platform="other")
    posted = {"name": name, "address": address, "email": email}
    response = post_step(client, "organisation", posted)
    if response.status_code == 200:
        event("refused")
        assert_error_page(response, response.context["form"], posted)
        return
    event("accepted")
    controller = client.session[SESSION_KEY]["steps"]["organisation"]["controller"]
    assert controller["name"] == typed(name)
    # A complaint about a typed-in organisation goes to the home authority: no such step.
    client.post("/start/documents/", {"documents": ["objection", "complaint"]})
    client.post("/start/sent-by/", {"sent_by": "post"})
    client.post("/start/postal-address/", {"postal_address": "Alt-Moabit 1\n10555 Berlin"})
    client.post("/start/earlier-request/", {"prior_request": "no"})
    client.post("/start/complaint-timing/", {"complaint_now": "no"})
    client.post("/start/representative/", {})
    client.post("/start/other-proceedings/", {"other_proceedings": "pending"})
    assert_check_page_accepts(client, [controller["name"]], [controller["name"]])
