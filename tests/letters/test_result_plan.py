"""The result page is a numbered plan, downloads first: send the letters today, where and how
(the way the user chose); keep the confirmation; the answer is due by … (by post: if they arrive
by …), with the account offer; only then the complaint, from the day after (or now)."""

import datetime as dt
import re

import pytest

from privacyreq.deadlines import response_due
from tests.letters.test_wizard import X_JOURNEY, walk

pytestmark = pytest.mark.django_db

BEFORE = X_JOURNEY[:-2]  # X, Ireland, not told beforehand


def result(client, *steps):
    walk(client, [*BEFORE, *steps])
    assert client.post("/start/check/")["Location"] == "/start/result/"
    response = client.get("/start/result/")
    return response, response.content.decode()


def plan(page: str) -> list[str]:
    """The plan's steps' headings, in order."""
    section = page.split('id="plan-title"', 1)[1].split("</ol>", 1)[0]
    return [
        re.sub(r"\s+", " ", h).strip() for h in re.findall(r"<h3[^>]*>(.*?)</h3>", section, re.S)
    ]


def test_downloads_first_then_the_numbered_plan(client, reference_data):
    response, page = result(
        client,
        ("documents", {"documents": ["objection", "erasure"]}),
        ("sent-by", {"sent_by": "email"}),
    )
    assert page.index("/start/result/objection.pdf") < page.index('id="plan-title"')
    assert '<ol class="plan' in page
    due = response.context["draft"].due_date
    assert plan(page) == [
        "Send these letters today",
        "Keep the confirmation",
        f"If you send it today, the answer is due by {due:%A} {due.day} {due:%B %Y}.",
    ]
    steps = page.split('id="plan-title"', 1)[1]
    # X gives no privacy email address: the page says so and offers the ways it has.
    assert "It gives no address for the way you chose." in steps
    assert "https://help.x.com/forms/privacy" in steps and "By post to:" in steps
    assert "By email to" not in steps
    assert 'id="track"' in steps  # the account offer sits in step 3


def test_by_email_to_an_organisation_that_has_an_address(client, reference_data):
    walk(
        client,
        [
            ("platform", {"platform": "other"}),
            (
                "organisation",
                {
                    "name": "Acme AI Ltd",
                    "address": "1 Main St\nDublin",
                    "email": "dpo@acme.example",
                },
            ),
            *BEFORE[1:],
            ("documents", {"documents": ["objection", "erasure"]}),
            ("sent-by", {"sent_by": "email"}),
        ],
    )
    client.post("/start/check/")
    steps = client.get("/start/result/").content.decode().split('id="plan-title"', 1)[1]
    assert 'href="mailto:dpo%40acme.example"' in steps
    assert "Send each letter as its own email" in steps
    assert "By post to:" not in steps and "It gives no address" not in steps


def test_the_web_form_when_chosen(client, reference_data):
    _, page = result(
        client, ("documents", {"documents": ["objection"]}), ("sent-by", {"sent_by": "web_form"})
    )
    steps = page.split('id="plan-title"', 1)[1]
    assert "https://help.x.com/forms/privacy" in steps
    assert "By email to" not in steps and "By post to:" not in steps


def test_by_post_the_arrival_is_an_assumption(client, reference_data, settings):
    settings.LETTERS_POST_DAYS = 5
    response, page = result(
        client, ("documents", {"documents": ["objection"]}), ("sent-by", {"sent_by": "post"})
    )
    draft = response.context["draft"]
    arrival = draft.answers.date + dt.timedelta(days=5)
    due = response_due(arrival, country="IE")
    steps = page.split('id="plan-title"', 1)[1]
    assert "By post to:" in steps and "By email to" not in steps
    assert (
        f"If they arrive by {arrival.day} {arrival:%B %Y}, the answer is due by "
        f"{due:%A} {due.day} {due:%B %Y}" in plan(page)[2]
    )
    assert "We assume a letter takes 5 days to arrive" in steps


def test_the_draft_complaint_comes_last_from_the_day_after(client, reference_data):
    response, page = result(
        client,
        ("documents", {"documents": ["objection", "complaint"]}),
        ("sent-by", {"sent_by": "email"}),
        ("authority", {"complaint_to": "lead"}),
        ("earlier-request", {"prior_request": "no"}),
        ("complaint-timing", {"complaint_now": "no"}),
        ("representative", {}),
        ("other-proceedings", {"other_proceedings": "none"}),
    )
    after = response.context["draft"].due_date + dt.timedelta(days=1)
    steps = plan(page)
    assert len(steps) == 4
    assert steps[3] == f"Only then, from {after.day} {after:%B %Y}: the complaint"
    assert (
        f"A draft for later: send it only if no complete answer has come, from {after.day}" in page
    )
    # The other helper's channel list stays in the complaint's card.
    card = page.split('id="doc-complaint"', 1)[1].split("</section>", 1)[0]
    assert "Data Protection Commission" in card


def test_a_complaint_now_is_said_to_go_now(client, reference_data):
    _, page = result(
        client,
        ("documents", {"documents": ["objection", "complaint"]}),
        ("sent-by", {"sent_by": "email"}),
        ("authority", {"complaint_to": "lead"}),
        ("earlier-request", {"prior_request": "no"}),
        ("complaint-timing", {"complaint_now": "yes"}),
        ("representative", {}),
        ("other-proceedings", {"other_proceedings": "none"}),
    )
    assert plan(page)[3] == "The complaint, now"
    assert "A draft for later" not in page


def test_the_complaints_form_sections_are_shown_as_sections_not_as_markup(client, reference_data):
    _, page = result(
        client,
        ("documents", {"documents": ["objection", "complaint"]}),
        ("sent-by", {"sent_by": "email"}),
        ("authority", {"complaint_to": "lead"}),
        ("earlier-request", {"prior_request": "no"}),
        ("complaint-timing", {"complaint_now": "no"}),
        ("representative", {}),
        ("other-proceedings", {"other_proceedings": "none"}),
    )
    form = page.split('id="complaint-form-title"', 1)[1]
    # The sections are markup the browser lays out, not escaped tags printed as text.
    assert "&lt;h3" not in form and "&lt;button" not in form
    assert re.search(r"<h3[^>]*>", form)
