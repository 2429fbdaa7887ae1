"""Reminders go out in batches: queries grow with the batches, not with the reminders, and
overlapping runs never email twice."""

import math
import smtplib
import threading
import time
from unittest import mock

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from privacyreq.tracking import reminders
from privacyreq.tracking.models import Reminder, ReminderKind
from privacyreq.tracking.reminders import (
    BATCH_SIZE,
    reminder_candidates,
    reminders_send,
)
from tests.tracking.reminders_support import (
    DUE,
    SITE,
    day,
    failing_for,
    many_waiting,
    reminded,
    send,
    waiting,
)

# Bounded queries


def _queries_for(requests_not_due: int) -> int:
    for _ in range(requests_not_due):
        waiting(due_on=DUE + 30 * day)
    with CaptureQueriesContext(connection) as queries:
        assert send(DUE) == 3
    return len(queries)


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_requests(mailoutbox):
    for offset in (-2, 0, 5):
        waiting(due_on=DUE + offset * day)
    already = waiting(due_on=DUE - 9 * day)
    Reminder.objects.create(request=already, kind=ReminderKind.OVERDUE, due_on=already.due_on)

    few = _queries_for(5)
    Reminder.objects.all().exclude(request=already).delete()
    many = _queries_for(45)

    assert few == many
    print(f"reminders_send: {many} queries for 3 reminders among 54 requests")
    # One read, then for the one batch: savepoint, insert the claims, read them back, release.
    assert many <= 5


@pytest.mark.django_db
def test_450_due_reminders_take_a_few_queries_per_batch_not_per_reminder(mailoutbox):
    requests = many_waiting(450)
    with CaptureQueriesContext(connection) as queries:
        assert send(DUE) == 450
    batches = math.ceil(450 / BATCH_SIZE)
    # A read per batch and one more when the last batch was full; a transaction per batch.
    assert len(queries) <= batches * 5 + 1
    assert len(mailoutbox) == 450
    assert set(reminded(requests).values()) == {1}


@pytest.mark.django_db
def test_queries_grow_with_the_batches_not_with_their_size(mailoutbox):
    many_waiting(45)
    with CaptureQueriesContext(connection) as few:
        assert reminders_send(today=DUE, site_url=SITE, batch_size=20) == 45  # 20, 20, 5
    many_waiting(400)
    with CaptureQueriesContext(connection) as many:
        assert reminders_send(today=DUE, site_url=SITE, batch_size=150) == 400  # 150, 150, 100
    assert len(few) == len(many) <= 3 * 5
    assert len(mailoutbox) == Reminder.objects.count() == 445


@pytest.mark.django_db
def test_a_second_run_over_several_batches_sends_nothing(mailoutbox):
    requests = many_waiting(7)
    assert reminders_send(today=DUE, site_url=SITE, batch_size=3) == 7
    with CaptureQueriesContext(connection) as queries:
        assert reminders_send(today=DUE, site_url=SITE, batch_size=3) == 0
    assert len(queries) == 1
    assert len(mailoutbox) == 7
    assert set(reminded(requests).values()) == {1}


@pytest.mark.django_db
def test_a_failed_send_mid_batch_gives_back_only_its_claim(mailoutbox, caplog):
    requests = [waiting() for _ in range(5)]
    refused = requests[2]
    email = refused.case.owner.email
    with failing_for(email, smtplib.SMTPRecipientsRefused({email: (550, b"No such user")})):
        assert send(DUE) == 4
    assert "not sent" in caplog.text
    others = [request for request in requests if request != refused]
    assert [message.to for message in mailoutbox] == [[r.case.owner.email] for r in others]
    assert list(reminded(requests).values()) == [1, 1, 0, 1, 1]

    assert send(DUE) == 1
    assert mailoutbox[-1].to == [email]
    assert set(reminded(requests).values()) == {1}


@pytest.mark.django_db
def test_a_programming_error_mid_batch_keeps_what_went_out_and_gives_back_the_rest(mailoutbox):
    requests = [waiting() for _ in range(4)]
    with failing_for(requests[2].case.owner.email, RuntimeError()), pytest.raises(RuntimeError):
        send(DUE)
    # Rolling the whole batch back would email the first two again on the next run.
    assert list(reminded(requests).values()) == [1, 1, 0, 0]

    assert send(DUE) == 2
    assert [message.to for message in mailoutbox] == [[r.case.owner.email] for r in requests]
    assert set(reminded(requests).values()) == {1}


@pytest.mark.django_db
def test_claims_another_run_made_after_our_read_are_skipped_within_a_batch(mailoutbox):
    requests = [waiting() for _ in range(5)]
    stale = list(reminder_candidates(today=DUE))
    taken = [requests[1], requests[3]]
    for request in taken:
        Reminder.objects.create(request=request, kind=ReminderKind.DUE_TODAY, due_on=DUE)

    with mock.patch.object(reminders, "reminder_candidates", return_value=stale):
        assert send(DUE) == 3

    free = [request for request in requests if request not in taken]
    assert [message.to for message in mailoutbox] == [[r.case.owner.email] for r in free]
    assert set(reminded(requests).values()) == {1}


def _wait_until_a_query_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        for _ in range(200):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("other_run_commits", [True, False], ids=["commits", "rolls-back"])
def test_on_postgresql_an_overlapping_run_waits_for_a_claim_in_flight(
    other_run_commits, mailoutbox
):
    if connection.vendor != "postgresql":
        pytest.skip("how PostgreSQL's unique index makes a concurrent insert wait")
    taken, free = waiting(), waiting()
    holding, blocked = threading.Event(), []

    def other_run():
        # Another run's transaction holds an uncommitted claim until ours waits on it.
        try:
            with transaction.atomic():
                Reminder.objects.create(request=taken, kind=ReminderKind.DUE_TODAY, due_on=DUE)
                holding.set()
                blocked.append(_wait_until_a_query_waits_for_a_lock())
                transaction.set_rollback(not other_run_commits)
        finally:
            connection.close()

    thread = threading.Thread(target=other_run)
    thread.start()
    assert holding.wait(10)
    sent = send(DUE)
    thread.join(10)

    assert blocked == [True]
    expected = [free] if other_run_commits else [taken, free]
    assert sent == len(expected)
    assert [message.to for message in mailoutbox] == [[r.case.owner.email] for r in expected]
    assert set(reminded([taken, free]).values()) == {1}
