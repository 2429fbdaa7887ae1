"""The calendar event for a lodged complaint's deadline (Art. 78(2)): named after the authority
while the reference data has it, "the supervisory authority" once it is gone, and dated by the
lodging when the request row has that date.

Read back with icalendar, as a calendar app would: from the private feed for a complaint lodged
through the services, from ``calendar_for_requests`` for rows without a lodging date (the services
always record one; the events must still read well without it)."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from icalendar import Calendar

from privacyreq.deadlines import authority_update_due
from privacyreq.letters.services import answers_validate
from privacyreq.reference.models import SupervisoryAuthority
from privacyreq.tracking import preferences, services
from privacyreq.tracking.calendar import calendar_for_requests
from privacyreq.tracking.transitions import Status
from tests.factories import (
    BERLIN_NAME,
    RequestFactory,
    berlin_authority,
    earlier_request,
    x_answers,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
LODGED_ON = dt.date(2026, 11, 20)
DUE = authority_update_due(LODGED_ON, country="DE")
X = "X Internet Unlimited Company"
SITE = "https://privacyreq.example"


def long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


@pytest.fixture
def complaint(reference_data, user):
    """A complaint about X to the Berlin authority (where the user lives), lodged."""
    raw = x_answers(
        documents=["complaint"],
        prior_request=earlier_request(),
        complaint_to="home",
        country="DE",
        region="DE-BE",
        postal_address="Musterstraße 12",
    )
    case = services.case_create(owner=user, answers=answers_validate(raw=raw, today=TODAY))
    return services.request_record(
        request=case.requests.get(),
        status=Status.COMPLAINT_LODGED,
        on=LODGED_ON,
        actor=user,
        today=TODAY,
    )


def feed_events(client, user) -> list[tuple[str, dt.date, str]]:
    token = preferences.calendar_token_create(user=user).calendar_token
    calendar = Calendar.from_ical(client.get(reverse("tracking:feed", args=[token])).content)
    return [(str(e["SUMMARY"]), e.start, str(e["DESCRIPTION"])) for e in calendar.events]


def test_the_event_names_the_authority_and_the_day_it_was_lodged(client, user, complaint):
    [(summary, start, description)] = feed_events(client, user)

    assert summary == f"Authority update due: Complaint — {BERLIN_NAME}"
    assert start == DUE
    assert description.startswith(
        f"{BERLIN_NAME} should tell you by {long(DUE)} how your complaint about {X} is "
        f"progressing: three months after you lodged it on {long(LODGED_ON)} "
        "(Article 78(2) GDPR)."
    )


def test_an_authority_gone_from_the_data_is_the_supervisory_authority(client, user, complaint):
    SupervisoryAuthority.objects.filter(pk=complaint.authority_id).delete()

    [(summary, start, description)] = feed_events(client, user)

    assert summary == "Authority update due: Complaint — The supervisory authority"
    assert start == DUE
    assert description.startswith(
        f"The supervisory authority should tell you by {long(DUE)} how your complaint about "
        f"{X} is progressing: three months after you lodged it on {long(LODGED_ON)} "
        "(Article 78(2) GDPR)."
    )
    link = settings.SITE_URL + reverse("tracking:request", args=[complaint.pk])
    assert f"Record the answer, or escalate if none came: {link}" in description


@pytest.mark.parametrize(
    ("named", "summary", "what"),
    [
        (
            True,
            f"Authority update due: Complaint — {BERLIN_NAME}",
            f"{BERLIN_NAME} should tell you by {long(DUE)} how your complaint about {X} is "
            "progressing: three months after you lodged it (Article 78(2) GDPR).",
        ),
        (
            False,
            "Authority update due: Complaint — The supervisory authority",
            f"The supervisory authority should tell you by {long(DUE)} how your complaint about "
            f"{X} is progressing: three months after you lodged it (Article 78(2) GDPR).",
        ),
    ],
    ids=["authority", "no-authority"],
)
def test_without_a_lodging_date_the_event_says_only_three_months(named, summary, what):
    request = RequestFactory(
        kind="complaint",
        status=Status.COMPLAINT_LODGED,
        authority=berlin_authority() if named else None,
        lodged_on=None,
        authority_due_on=DUE,
        next_due_on=DUE,
    )

    ics = calendar_for_requests(
        requests=[request], site_url=SITE, now=dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)
    )

    [event] = Calendar.from_ical(ics).events
    assert (str(event["SUMMARY"]), event.start) == (summary, DUE)
    assert str(event["DESCRIPTION"]).startswith(what + "\n\n")
    [alarm] = event.walk("VALARM")
    assert str(alarm["DESCRIPTION"]) == f"Tomorrow: {summary}"
