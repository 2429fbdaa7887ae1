"""The tracking pages of issue 16: recording a reply's problems, writing a follow-up from the
request page, refusing a sending date before the letter's date (and re-dating the letter), the
history in date order with an assumed arrival said to be one, the dashboard grouped by case, and
the escalation page preselecting the authority chosen before."""

import datetime as dt

import pytest
from django.urls import reverse

from privacyreq.letters.services import answers_validate
from privacyreq.tracking import services
from privacyreq.tracking.models import Request
from privacyreq.tracking.transitions import Status
from tests.factories import x_answers
from tests.tracking.escalation_support import pdf_text

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)
LETTER_DATE = dt.date(2026, 10, 1)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def make_case(user, **overrides):
    raw = x_answers(date=LETTER_DATE.isoformat(), **overrides)
    return services.case_create(owner=user, answers=answers_validate(raw=raw, today=TODAY))


@pytest.fixture
def case(reference_data, user):
    return make_case(user)


@pytest.fixture
def objection(case):
    return case.requests.get(kind="objection")


def mark_sent(request, on, channel="email", **more):
    return services.request_mark_sent(
        request=request, sent_on=on, channel=channel, actor=None, today=TODAY, **more
    )


def test_recording_a_reply_with_problems_proposes_the_reply_letter(client, user, objection):
    mark_sent(objection, dt.date(2026, 11, 2))
    client.force_login(user)
    response = client.post(
        reverse("tracking:record", args=[objection.pk]),
        {"status": "acknowledged", "on": "2026-11-10", "problems": ["asked_for_id"]},
    )
    assert response.status_code == 302
    page = client.get(reverse("tracking:request", args=[objection.pk])).content.decode()
    assert "They asked for a copy of my ID although my account identifies me" in page
    assert reverse("tracking:follow_up", args=[objection.pk, "reply"]) in page
    response = client.post(reverse("tracking:follow_up", args=[objection.pk, "reply"]))
    reply = Request.objects.get(follows=objection)
    assert response["Location"] == reverse("tracking:request", args=[reply.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Your reply letter is written" in page
    assert "This letter follows up your request" in page
    with reply.document.pdf.open("rb") as handle:
        assert "You asked me for a copy of an identity document" in pdf_text(handle.read())


def test_incomplete_access_without_the_parts_keeps_the_form(client, user, objection):
    mark_sent(objection, dt.date(2026, 11, 2))
    client.force_login(user)
    response = client.post(
        reverse("tracking:record", args=[objection.pk]),
        {
            "status": "answered",
            "outcome": "partly",
            "on": "2026-11-10",
            "problems": ["incomplete_access"],
            "note": "kept",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Tick the parts of the access answer that are missing." in page
    assert "kept</textarea>" in page
    objection.refresh_from_db()
    assert objection.status == Status.SENT


def test_an_overdue_request_offers_a_reminder_and_still_escalation(client, user, objection):
    mark_sent(objection, dt.date(2026, 10, 1))
    client.force_login(user)
    page = client.get(reverse("tracking:request", args=[objection.pk])).content.decode()
    assert reverse("tracking:follow_up", args=[objection.pk, "reminder"]) in page
    assert reverse("tracking:escalate", args=[objection.pk]) in page


def test_a_follow_up_that_does_not_fit_says_why(client, user, objection):
    client.force_login(user)
    response = client.post(reverse("tracking:follow_up", args=[objection.pk, "reminder"]))
    page = client.get(response["Location"]).content.decode()
    assert "A reminder is for a request that was sent and not answered" in page
    assert not Request.objects.filter(follows=objection).exists()


def test_another_users_request_gets_no_follow_up(client, objection):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.post(reverse("tracking:follow_up", args=[objection.pk, "reminder"]))
    assert response.status_code == 404


# --- The sending date and the letter's date -------------------------------------------------------


def test_a_sending_date_before_the_letters_date_is_refused_with_an_offer_to_re_date(
    client, user, objection
):
    client.force_login(user)
    url = reverse("tracking:mark_sent", args=[objection.pk])
    sent_on = {"sent_on_day": "28", "sent_on_month": "9", "sent_on_year": "2026"}
    response = client.post(url, {**sent_on, "channel": "email", "reference": "R1"})
    page = response.content.decode()
    assert "The letter is dated 1 October 2026, so it cannot have been sent before that day" in page
    assert 'value="R1"' in page  # what was typed is kept
    assert reverse("tracking:redate", args=[objection.pk]) in page
    assert all(f'name="{name}" value="{typed}"' in page for name, typed in sent_on.items())
    objection.refresh_from_db()
    assert objection.status == Status.DRAFT

    old_sha = objection.document.sha256
    response = client.post(reverse("tracking:redate", args=[objection.pk]), {"on": "2026-09-28"})
    assert response["Location"] == url
    objection.refresh_from_db()
    assert objection.document.dated == dt.date(2026, 9, 28)
    assert objection.document.sha256 != old_sha
    with objection.document.pdf.open("rb") as handle:
        assert "28 September 2026" in pdf_text(handle.read())
    response = client.post(url, {"sent_on": "2026-09-28", "channel": "email"})
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.status == Status.SENT
    assert objection.events.filter(details__redated_to="2026-09-28").exists()


def test_re_dating_is_refused_once_sent_or_in_the_future(client, user, objection):
    client.force_login(user)
    url = reverse("tracking:redate", args=[objection.pk])
    response = client.post(url, {"on": "2027-01-01"})
    assert response.status_code == 400
    mark_sent(objection, LETTER_DATE)
    response = client.post(url, {"on": "2026-09-28"})
    assert "Only a letter not yet marked as sent can be re-dated." in response.content.decode()


# --- History, arrival, dashboard, escalation page -------------------------------------------------


def test_history_is_in_date_order_and_an_assumed_arrival_says_so(client, user, objection):
    mark_sent(objection, dt.date(2026, 10, 2), channel="post")
    services.request_record(
        request=objection,
        status=Status.ACKNOWLEDGED,
        on=dt.date(2026, 10, 20),
        actor=None,
        today=TODAY,
    )
    # Recorded later, but it happened earlier.
    services.request_record(
        request=objection,
        status=Status.ANSWERED,
        outcome="refused",
        on=dt.date(2026, 10, 15),
        actor=None,
        today=TODAY,
    )
    client.force_login(user)
    page = client.get(reverse("tracking:request", args=[objection.pk])).content.decode()
    history = page[page.index('id="history-title"') :]
    assert history.index("15 October 2026: Answered") < history.index(
        "20 October 2026: Acknowledged"
    )
    assert "arrival assumed on 7 October 2026" in page
    assert "(assumed: you gave no arrival date)" in page


def test_dashboard_groups_requests_by_case(client, user, reference_data):
    first = make_case(user)
    second = make_case(user, platform="meta", account="")
    client.force_login(user)
    page = client.get(reverse("tracking:dashboard")).content.decode()
    assert page.count('class="case-group"') == 2
    groups = page.split('class="case-group"')[1:]
    for group, case in zip(sorted(groups, key=lambda g: "Meta" in g), (first, second), strict=True):
        for request in case.requests.all():
            assert reverse("tracking:request", args=[request.pk]) in group
    assert "Meta Platforms Ireland Limited — saved on" in page


def test_escalation_preselects_the_authority_chosen_before(client, user, reference_data):
    case = make_case(
        user,
        country="DE",
        region="DE-BE",
        documents=["objection", "complaint"],
        complaint_to="home",
        postal_address="Musterstraße 1\n10115 Berlin",
    )
    objection = case.requests.get(kind="objection")
    mark_sent(objection, LETTER_DATE)
    client.force_login(user)
    page = client.get(reverse("tracking:escalate", args=[objection.pk])).content.decode()
    assert (
        'value="home" checked' in page
        or 'checked value="home"' in page
        or ('value="home"' in page and "checked" in page.split('value="home"')[1][:80])
    )
