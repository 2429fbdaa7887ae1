"""Double submits (issue 17, point 14): "Save and track" and "Mark as sent" posted twice, at once
(a double click: threads, committed transactions) or one after the other with the second having
read the page's state before the first wrote (a stale session, a stale row), make one case and one
"Sent" event, and no error. Also five users escalating at once (issue 17, point 4), which
answered "database is locked" on SQLite before settings gave it WAL, a busy timeout and
IMMEDIATE transactions.

The threads run against PostgreSQL's test database in the PostgreSQL pass (tests/postgres.sh).
On SQLite they run against a file copy of the test database, opened with the OPTIONS settings
give the app's database: pytest-django's own SQLite test database is in memory, shared between
threads with table locks that no busy timeout waits for, which no deployment uses.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from privacyreq.core.sessions import RESULT_KEY, TRACKED_KEY
from privacyreq.letters.services import answers_validate
from privacyreq.tracking import services
from privacyreq.tracking.idempotency import AlreadyDone
from privacyreq.tracking.models import Case, Request, StatusEvent
from privacyreq.tracking.transitions import Status, TransitionRefused
from tests.factories import UserFactory, x_answers
from tests.tracking.escalation_support import AFTER_DUE, make_case, request_of, sent

TODAY = dt.date(2026, 11, 23)
SUBMITS = 3
SENT = {"sent_on": "2026-11-20", "channel": "email"}


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


@contextmanager
def threads_database(tmp_path: Path, *, options: dict | None = None) -> Iterator[None]:
    """What the threads below open as "default": the test database itself on PostgreSQL; on
    SQLite a file copy of it, as settings configure a deployment's SQLite database (or with
    ``options`` instead of the settings' OPTIONS)."""
    if connection.vendor != "sqlite":
        yield
        return
    path = tmp_path / "threads.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    # As `migrate` leaves a deployment's database before the app serves from it.
    copy.execute("PRAGMA journal_mode=WAL")
    copy.close()
    original = connections.settings["default"]
    assert original["OPTIONS"]["transaction_mode"] == "IMMEDIATE"  # settings.sqlite_options
    connections.settings["default"] = {
        **original,
        "NAME": str(path),
        "OPTIONS": original["OPTIONS"] if options is None else options,
    }
    try:
        yield
    finally:
        connections.settings["default"] = original


def at_once(work: Callable[[], Any], count: int) -> tuple[list[Any], list[BaseException]]:
    """``work`` in ``count`` threads released together: what it returned, what it raised."""
    barrier = threading.Barrier(count)
    results: list[Any] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            results.append(work())
        except BaseException as error:  # reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def in_thread(work: Callable[[], Any]) -> Any:
    """``work`` on the threads' database (the file copy on SQLite)."""
    results, errors = at_once(work, 1)
    if errors:
        raise errors[0]
    return results[0]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def browser_tab(client: Client) -> Client:
    """Another request from the same browser: its cookies, its own client (a client is not
    shared between threads)."""
    tab = Client()
    tab.cookies = client.cookies
    return tab


def with_letters(client: Client) -> None:
    session = client.session
    session[RESULT_KEY] = answers_validate(raw=x_answers(), today=TODAY).to_json()
    session.save()


def sent_events(pk: int) -> int:
    return StatusEvent.objects.filter(request_id=pk, status=Status.SENT).count()


@pytest.fixture
def objection(reference_data, user):
    answers = answers_validate(raw=x_answers(date="2026-09-01"), today=TODAY)
    return services.case_create(owner=user, answers=answers).requests.get(kind="objection")


@pytest.fixture
def slow_receipt(monkeypatch):
    """A slow moment in "Mark as sent" between reading the request and writing it (the receipt
    date, computed from what was read): every submit of a double click is inside it at once."""
    receipt_date = services.receipt_date

    def slow(**kwargs):
        time.sleep(0.2)
        return receipt_date(**kwargs)

    monkeypatch.setattr(services, "receipt_date", slow)


# Save and track


@pytest.mark.django_db(transaction=True)
def test_save_and_track_submitted_at_once_makes_one_case(reference_data, user, tmp_path):
    client = logged_in(user)
    with_letters(client)
    tabs = [browser_tab(client) for _ in range(SUBMITS)]
    with threads_database(tmp_path):
        responses, errors = at_once(lambda: tabs.pop().post(reverse("tracking:track")), SUBMITS)
        assert errors == []
        assert [r.status_code for r in responses] == [302] * SUBMITS
        assert {r.url for r in responses} == {reverse("tracking:dashboard")}
        assert in_thread(lambda: Case.objects.filter(owner=user).count()) == 1
        # The one case has its letters once.
        assert in_thread(lambda: Request.objects.filter(case__owner=user).count()) == 3


@pytest.mark.django_db
def test_save_and_track_again_from_a_session_that_missed_the_first_save_finds_it(
    client, reference_data, user
):
    client.force_login(user)
    with_letters(client)
    assert client.post(reverse("tracking:track")).url == reverse("tracking:dashboard")
    first = Case.objects.get(owner=user)
    # The second post of a double click read the session before the first one saved the case's
    # id in it.
    session = client.session
    del session[TRACKED_KEY]
    session.save()

    response = client.post(reverse("tracking:track"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("tracking:dashboard")
    assert list(Case.objects.filter(owner=user)) == [first]
    assert client.session[TRACKED_KEY] == first.pk


@pytest.mark.django_db
def test_other_letters_are_another_case(client, reference_data, user):
    client.force_login(user)
    with_letters(client)
    client.post(reverse("tracking:track"))
    session = client.session
    session[RESULT_KEY] = answers_validate(raw=x_answers(date="2026-11-03"), today=TODAY).to_json()
    del session[TRACKED_KEY]
    session.save()

    client.post(reverse("tracking:track"))

    assert Case.objects.filter(owner=user).count() == 2


@pytest.mark.django_db
def test_the_same_letters_are_one_case_per_owner(reference_data, user, django_user_model):
    answers = answers_validate(raw=x_answers(), today=TODAY)
    other = django_user_model.objects.create_user("other", "other@example.org", "x")
    key = "a" * 64
    mine = services.case_create(owner=user, answers=answers, draft_key=key)
    assert services.case_create(owner=user, answers=answers, draft_key=key) == mine
    assert services.case_create(owner=other, answers=answers, draft_key=key) != mine
    # Without a key (a script, the tests' fixtures) every call is a case of its own.
    services.case_create(owner=user, answers=answers)
    assert Case.objects.filter(owner=user).count() == 2


# Mark as sent


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("slow_receipt")
def test_mark_as_sent_submitted_at_once_writes_one_sent_event(objection, user, tmp_path):
    client = logged_in(user)
    tabs = [browser_tab(client) for _ in range(SUBMITS)]
    url = reverse("tracking:mark_sent", args=[objection.pk])
    with threads_database(tmp_path):
        responses, errors = at_once(lambda: tabs.pop().post(url, SENT), SUBMITS)
        assert errors == []
        assert [r.status_code for r in responses] == [302] * SUBMITS
        assert {r.url for r in responses} == {reverse("tracking:request", args=[objection.pk])}
        assert in_thread(lambda: sent_events(objection.pk)) == 1
        saved = in_thread(lambda: Request.objects.get(pk=objection.pk))
    assert (saved.status, saved.sent_on) == (Status.SENT, dt.date(2026, 11, 20))


@pytest.mark.django_db
def test_mark_as_sent_twice_says_it_is_already_sent(client, objection, user):
    client.force_login(user)
    url = reverse("tracking:mark_sent", args=[objection.pk])
    client.post(url, SENT)

    response = client.post(url, {**SENT, "sent_on": "2026-11-21"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("tracking:request", args=[objection.pk])
    assert "This request is already marked as sent." in response.content.decode()
    assert sent_events(objection.pk) == 1
    objection.refresh_from_db()
    assert objection.sent_on == dt.date(2026, 11, 20)


@pytest.mark.django_db
def test_mark_as_sent_from_a_stale_row_writes_nothing(objection, user):
    stale = Request.objects.get(pk=objection.pk)  # the second submit's read, still a draft
    services.request_mark_sent(
        request=objection, sent_on=dt.date(2026, 11, 20), channel="email", actor=user, today=TODAY
    )

    with pytest.raises(AlreadyDone, match="already marked as sent"):
        services.request_mark_sent(
            request=stale, sent_on=dt.date(2026, 11, 21), channel="post", actor=user, today=TODAY
        )

    assert sent_events(objection.pk) == 1
    objection.refresh_from_db()
    assert (objection.sent_on, objection.channel) == (dt.date(2026, 11, 20), "email")


# Recording a reply


@pytest.mark.django_db
def test_recording_from_a_row_read_before_another_record_is_refused(objection, user):
    services.request_mark_sent(
        request=objection, sent_on=dt.date(2026, 11, 20), channel="email", actor=user, today=TODAY
    )
    stale = Request.objects.get(pk=objection.pk)
    answered = {"status": Status.ANSWERED, "on": TODAY, "actor": user, "today": TODAY}
    services.request_record(request=objection, outcome="refused", **answered)

    with pytest.raises(TransitionRefused):
        services.request_record(request=stale, outcome="complied", **answered)

    events = StatusEvent.objects.filter(request_id=objection.pk, status=Status.ANSWERED)
    assert events.count() == 1
    objection.refresh_from_db()
    assert objection.outcome == "refused"


# Escalations by several users at once (issue 17, point 4: five of them answered "database is
# locked" on SQLite)


def escalate_at_once(tmp_path: Path, monkeypatch, **database) -> tuple[list, list, int]:
    """Five users, each with an overdue request, escalate it at the same moment: the responses,
    the exceptions raised, and how many requests have their complaint drafted."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: AFTER_DUE)
    owners = UserFactory.create_batch(5)
    requests = [sent(request_of(make_case(owner))) for owner in owners]
    posts = [
        (logged_in(owner), reverse("tracking:escalate", args=[request.pk]))
        for owner, request in zip(owners, requests, strict=True)
    ]

    def escalate():
        client, url = posts.pop()
        return client.post(url, {"complaint_to": "lead"})

    with threads_database(tmp_path, **database):
        responses, errors = at_once(escalate, len(posts))
        drafted = in_thread(
            lambda: Request.objects.filter(
                pk__in=[r.pk for r in requests], status=Status.COMPLAINT_DRAFTED
            ).count()
        )
    return responses, errors, drafted


@pytest.mark.django_db(transaction=True)
def test_five_escalations_at_once_all_draft_their_complaint(reference_data, tmp_path, monkeypatch):
    responses, errors, drafted = escalate_at_once(tmp_path, monkeypatch)
    assert errors == []
    assert [r.status_code for r in responses] == [302] * 5
    assert drafted == 5


@pytest.mark.django_db(transaction=True)
def test_without_the_sqlite_options_escalations_at_once_fail(reference_data, tmp_path, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("the options are SQLite's")
    _, errors, drafted = escalate_at_once(tmp_path, monkeypatch, options={})
    assert errors
    assert {str(error) for error in errors} == {"database is locked"}
    assert drafted < 5
