"""Deadlines in calendar apps: the private feed (no login, revocable) and one request's .ics.

Data comes from the real services and the feeds are read back with icalendar, so the tests check
what a calendar app will show. Expected dates come from the deadline engine, which has its own
hand-checked tests.
"""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from icalendar import Calendar

from privacyreq.deadlines import authority_update_due, response_due
from privacyreq.letters.services import answers_validate
from privacyreq.tracking import preferences, services
from privacyreq.tracking.models import Preferences
from privacyreq.tracking.transitions import Status
from tests.factories import UserFactory, x_answers

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
SENT_ON = dt.date(2026, 11, 2)
POSTED_ON = dt.date(2026, 11, 3)
ARRIVED_ON = dt.date(2026, 11, 6)
LODGED_ON = dt.date(2026, 11, 20)
X = "X Internet Unlimited Company"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


@pytest.fixture
def case(reference_data, user):
    """Objection sent by email, erasure by post, access still a draft, complaint lodged."""
    raw = x_answers(documents=["objection", "erasure", "access", "complaint"], complaint_to="lead")
    case = services.case_create(owner=user, answers=answers_validate(raw=raw, today=TODAY))
    services.request_mark_sent(
        request=case.requests.get(kind="objection"),
        sent_on=SENT_ON,
        channel="email",
        actor=user,
        today=TODAY,
    )
    services.request_mark_sent(
        request=case.requests.get(kind="erasure"),
        sent_on=POSTED_ON,
        received_on=ARRIVED_ON,
        channel="post",
        actor=user,
        today=TODAY,
    )
    services.request_record(
        request=case.requests.get(kind="complaint"),
        status=Status.COMPLAINT_LODGED,
        on=LODGED_ON,
        actor=user,
        today=TODAY,
    )
    return case


def events(response) -> dict[str, dict]:
    """The feed's events by summary: start date, UID, description, URL."""
    calendar = Calendar.from_ical(response.content)
    return {
        str(event["SUMMARY"]): {
            "start": event.start,
            "uid": str(event["UID"]),
            "description": str(event["DESCRIPTION"]),
            "url": str(event["URL"]),
            "alarm_triggers": [alarm["TRIGGER"].dt for alarm in event.walk("VALARM")],
        }
        for event in calendar.events
    }


def feed_token(user) -> str:
    return preferences.calendar_token_create(user=user).calendar_token


# The private feed


def test_feed_lists_every_deadline_with_its_date_without_login(client, case, user):
    token = feed_token(user)

    response = client.get(reverse("tracking:feed", args=[token]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(response)
    authority = case.requests.get(kind="complaint").authority
    assert {summary: event["start"] for summary, event in found.items()} == {
        f"Answer due: Objection — {X}": response_due(SENT_ON, country="IE"),
        f"Answer due: Erasure — {X}": response_due(ARRIVED_ON, country="IE"),
        f"Authority update due: Complaint — {authority.name}": authority_update_due(
            LODGED_ON, country=authority.country
        ),
    }


def test_feed_events_link_to_their_request_and_say_what_is_due(client, case, user):
    objection = case.requests.get(kind="objection")
    due = response_due(SENT_ON, country="IE")

    event = events(client.get(reverse("tracking:feed", args=[feed_token(user)])))[
        f"Answer due: Objection — {X}"
    ]

    link = settings.SITE_URL + reverse("tracking:request", args=[objection.pk])
    assert event["url"] == link
    assert link in event["description"]
    assert f"{due.day} {due:%B %Y}" in event["description"]
    assert event["uid"] == f"request-{objection.pk}-{due.isoformat()}@privacyreq"
    # One reminder, on the day before.
    [trigger] = event["alarm_triggers"]
    assert -dt.timedelta(days=1) <= trigger < dt.timedelta(0)


def test_feed_calendar_is_named_and_keeps_its_event_uids(client, case, user):
    url = reverse("tracking:feed", args=[feed_token(user)])

    first, second = client.get(url), client.get(url)

    calendar = Calendar.from_ical(first.content)
    assert str(calendar["X-WR-CALNAME"]) == "privacyreq deadlines"
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    assert {e["uid"] for e in events(first).values()} == {e["uid"] for e in events(second).values()}


def test_feed_shows_only_its_owners_deadlines(client, case, user, reference_data):
    other = UserFactory()
    other_case = services.case_create(
        owner=other,
        answers=answers_validate(raw=x_answers(documents=["access"]), today=TODAY),
    )
    services.request_mark_sent(
        request=other_case.requests.get(),
        sent_on=TODAY,
        channel="email",
        actor=other,
        today=TODAY,
    )

    mine = events(client.get(reverse("tracking:feed", args=[feed_token(user)])))
    theirs = events(client.get(reverse("tracking:feed", args=[feed_token(other)])))

    assert f"Answer due: Access — {X}" not in mine
    assert list(theirs) == [f"Answer due: Access — {X}"]


def test_feed_of_a_user_without_deadlines_is_an_empty_calendar(client, user):
    response = client.get(reverse("tracking:feed", args=[feed_token(user)]))

    assert response.status_code == 200
    assert events(response) == {}


def test_new_link_replaces_the_old_one(client, case, user):
    client.force_login(user)
    client.post(reverse("accounts:calendar"), {"action": "create"})
    old = Preferences.objects.get(user=user).calendar_token

    client.post(reverse("accounts:calendar"), {"action": "create"})
    new = Preferences.objects.get(user=user).calendar_token
    client.logout()

    assert new != old
    assert client.get(reverse("tracking:feed", args=[old])).status_code == 404
    assert client.get(reverse("tracking:feed", args=[new])).status_code == 200


def test_revoked_link_answers_404(client, case, user):
    token = feed_token(user)
    client.force_login(user)

    response = client.post(reverse("accounts:calendar"), {"action": "revoke"}, follow=True)
    client.logout()

    assert "turned off" in response.content.decode()
    assert Preferences.objects.get(user=user).calendar_token == ""
    assert client.get(reverse("tracking:feed", args=[token])).status_code == 404


@pytest.mark.parametrize("token", ["unknown-token", "x" * 43, "a%00b"])
def test_unknown_token_answers_404(client, user, token):
    feed_token(user)

    assert client.get(reverse("tracking:feed", args=[token])).status_code == 404


def test_feed_of_a_deactivated_user_answers_404(client, case, user):
    token = feed_token(user)
    user.is_active = False
    user.save()

    assert client.get(reverse("tracking:feed", args=[token])).status_code == 404


# One request's deadline


def test_owner_downloads_one_deadline(client, case, user):
    objection = case.requests.get(kind="objection")
    client.force_login(user)

    response = client.get(reverse("tracking:request_ics", args=[objection.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="deadline-{objection.pk}.ics"'
    found = events(response)
    assert [event["start"] for event in found.values()] == [response_due(SENT_ON, country="IE")]


def test_extended_deadline_moves_the_event(client, case, user):
    objection = case.requests.get(kind="objection")
    services.request_record(
        request=objection, status=Status.EXTENDED, on=TODAY, actor=user, today=TODAY
    )
    client.force_login(user)

    found = events(client.get(reverse("tracking:request_ics", args=[objection.pk])))

    assert [event["start"] for event in found.values()] == [
        response_due(SENT_ON, country="IE", extended=True)
    ]


def test_draft_request_has_no_deadline_yet(client, case, user):
    access = case.requests.get(kind="access")
    client.force_login(user)

    response = client.get(reverse("tracking:request_ics", args=[access.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("tracking:request", args=[access.pk])
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("no deadline" in message for message in messages)


def test_another_users_request_is_404(client, case):
    client.force_login(UserFactory())

    response = client.get(
        reverse("tracking:request_ics", args=[case.requests.get(kind="objection").pk])
    )

    assert response.status_code == 404


def test_anonymous_is_sent_to_login(client, case):
    url = reverse("tracking:request_ics", args=[case.requests.get(kind="objection").pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_feed_is_written_in_the_language_of_the_users_emails(client, case, user):
    token = feed_token(user)
    Preferences.objects.filter(user=user).update(language="de")
    assert response_due(SENT_ON, country="IE") == dt.date(2026, 12, 2)

    # The calendar app's own language plays no part.
    response = client.get(reverse("tracking:feed", args=[token]), HTTP_ACCEPT_LANGUAGE="fr")

    descriptions = " ".join(event["description"] for event in events(response).values())
    assert "2. Dezember 2026" in descriptions
    assert "2 December 2026" not in descriptions
