"""The dashboard's next step for each request: the button it offers (and where it leads) and the
hint under it, for every stage a request reaches through the services."""

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse

from privacyreq.letters.services import answers_validate
from privacyreq.tracking import services
from privacyreq.tracking.transitions import Outcome, Status
from tests.factories import earlier_request, x_answers

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
SENT_ON = dt.date(2026, 10, 1)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def new_case(user, documents):
    raw = x_answers(documents=documents, date=SENT_ON.isoformat(), complaint_to="lead")
    if documents == ["complaint"]:
        raw["prior_request"] = earlier_request()
    return services.case_create(owner=user, answers=answers_validate(raw=raw, today=SENT_ON))


def mark_sent(request):
    return services.request_mark_sent(
        request=request, sent_on=SENT_ON, channel="email", actor=None, today=TODAY
    )


def record(request, status, on, **kwargs):
    return services.request_record(
        request=request, status=status, on=on, actor=None, today=TODAY, **kwargs
    )


def row(html: str, request) -> tuple[str, dict[str, str]]:
    """The text of the request's row on the dashboard, and its buttons: where each leads, and its
    visible label."""
    url = reverse("tracking:request", args=[request.pk])
    [found] = [part for part in html.split("<tr")[1:] if f'href="{url}"' in part]
    found = found.split("</tr>")[0]
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", found)).split())
    buttons = re.findall(r'<a class="btn[^"]*" href="([^"]+)">([^<]*)<', found)
    return text, {href: unescape(label) for href, label in buttons}


@pytest.fixture
def stages(reference_data, user):
    case = new_case(user, ["objection", "erasure", "access", "complaint"])
    objection = mark_sent(case.requests.get(kind="objection"))
    overdue = record(objection, Status.OVERDUE, objection.due_on + dt.timedelta(days=1))
    erasure = mark_sent(case.requests.get(kind="erasure"))
    complied = record(erasure, Status.ANSWERED, SENT_ON + dt.timedelta(days=9), outcome="complied")
    closed = record(mark_sent(case.requests.get(kind="access")), Status.CLOSED, TODAY)
    drafted = case.requests.get(kind="complaint")
    assert drafted.status == Status.COMPLAINT_DRAFTED

    other = new_case(user, ["complaint"]).requests.get()
    record(other, Status.COMPLAINT_LODGED, SENT_ON)
    answered = record(other, Status.AUTHORITY_ANSWERED, TODAY)
    assert complied.outcome == Outcome.COMPLIED
    return {
        "overdue": overdue,
        "complied": complied,
        "closed": closed,
        "drafted": drafted,
        "authority_answered": answered,
    }


@pytest.mark.parametrize(
    ("stage", "button", "hint", "target"),
    [
        # An overdue request: a reminder first (its page also offers to escalate at once).
        (
            "overdue",
            "Write a reminder",
            "The organisation missed its deadline: send a reminder with a final period, or "
            "complain to the authority now.",
            "tracking:request",
        ),
        ("complied", "Close", "The organisation did what you asked.", "tracking:record"),
        (
            "drafted",
            "Mark complaint lodged",
            "Send the complaint, then record the date.",
            "tracking:record",
        ),
        (
            "authority_answered",
            "Close",
            "Close the case once nothing more is needed.",
            "tracking:record",
        ),
    ],
)
def test_each_stage_offers_its_next_step(client, user, stages, stage, button, hint, target):
    client.force_login(user)
    request = stages[stage]

    text, buttons = row(client.get(reverse("tracking:dashboard")).content.decode(), request)

    assert buttons == {reverse(target, args=[request.pk]): button}
    assert text.endswith(hint)


def test_a_closed_request_has_nothing_to_do(client, user, stages):
    client.force_login(user)
    request = stages["closed"]

    text, buttons = row(client.get(reverse("tracking:dashboard")).content.decode(), request)

    assert buttons == {}
    assert text.endswith("Closed — Nothing to do")
    assert "Closed." not in text
