"""Sections 3 and 4: the dashboard's queries with 10 and 1,000 requests, and ``send_reminders``
over 100,000 requests of which 1,000 are due.

Rows are bulk-inserted straight into the tables (the services would render a PDF per letter, and
the per-user case limit would stop at fifty cases): the queries under test only read them.
"""

import datetime as dt
import time

from bench.common import Row

DASHBOARD = "3 dashboard"
REMINDERS = "4 reminders"
BATCH = 5000


def _user(email: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(username=email, email=email, password=None)


def _fill(*, owners, per_owner: int, due: int, today: dt.date) -> None:
    """``per_owner`` requests for each owner, one case each; ``due`` of them (spread over the
    owners) have a reminder due today, the others are drafts, answered or due later."""
    from privacyreq.reference.models import Platform
    from privacyreq.tracking.models import Case, Request, StoredDocument
    from privacyreq.tracking.transitions import Status

    platform = Platform.objects.get(slug="x")
    cases = Case.objects.bulk_create(
        [
            Case(
                owner=owner,
                platform=platform,
                controller_name=platform.legal_entity,
                controller_country=platform.country,
                answers={"platform": "x"},
            )
            for owner in owners
        ],
        batch_size=BATCH,
    )
    total = len(cases) * per_owner
    every = max(1, total // due) if due else 0
    kinds = ("objection", "erasure", "access", "restriction")
    documents, requests = [], []
    for number in range(total):
        case = cases[number % len(cases)]
        kind = kinds[number % len(kinds)]
        documents.append(
            StoredDocument(
                case=case,
                kind=kind,
                title=kind,
                subject=kind,
                text="",
                pdf="bench/none.pdf",
                sha256="0" * 64,
            )
        )
        if every and number % every == 0 and number // every < due:
            # Due: a week before, on the day or overdue, in turn.
            offset = (5, 0, -12)[number // every % 3]
            status, due_on = Status.SENT, today + dt.timedelta(days=offset)
        elif number % 5 == 0:
            status, due_on = Status.DRAFT, None
        elif number % 5 == 1:
            status, due_on = Status.ANSWERED, None
        else:
            status, due_on = Status.SENT, today + dt.timedelta(days=8 + number % 50)
        requests.append(
            Request(
                case=case,
                kind=kind,
                status=status,
                sent_on=due_on - dt.timedelta(days=30) if due_on else None,
                due_on=due_on,
                next_due_on=due_on,
            )
        )
    documents = StoredDocument.objects.bulk_create(documents, batch_size=BATCH)
    for request, document in zip(requests, documents, strict=True):
        request.document = document
    Request.objects.bulk_create(requests, batch_size=BATCH)


def _measure(function, repeat: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            function()
            times.append(time.perf_counter() - started)
        queries = len(captured)
    return sorted(times)[len(times) // 2], queries


def dashboard(*, today: dt.date) -> list[Row]:
    from django.conf import settings
    from django.test import Client

    rows = []
    measured = {}
    for count in (10, 1000):
        owner = _user(f"dashboard-{count}@example.org")
        _fill(owners=[owner], per_owner=count, due=min(count, 30), today=today)
        client = Client()
        client.force_login(owner)
        last = -(-count // settings.TRACKING_PAGE_SIZE)
        for label, path in (("first page", "/tracking/"), ("last page", f"/tracking/?page={last}")):

            def get(path=path, client=client):
                response = client.get(path)
                if response.status_code != 200:
                    raise RuntimeError(f"{path} answered {response.status_code}")

            get()
            measured[count, label] = _measure(get, repeat=15)
    for label in ("first page", "last page"):
        (t_small, q_small), (t_big, q_big) = measured[10, label], measured[1000, label]
        rows.append(
            Row(
                DASHBOARD,
                f"queries, {label}: 1,000 requests vs 10",
                str(q_big),
                str(q_small),
                q_big / q_small,
                "= 1.0x",
                q_big == q_small,
            )
        )
        rows.append(
            Row(
                DASHBOARD,
                f"time, {label}: 1,000 requests vs 10",
                f"{t_big * 1000:.1f} ms",
                f"{t_small * 1000:.1f} ms",
                t_big / t_small,
            )
        )
    return rows


def reminders(*, today: dt.date, requests: int, due: int) -> list[Row]:
    from django.test.utils import override_settings

    from privacyreq.tracking.models import Reminder
    from privacyreq.tracking.reminders import reminders_send

    owners_count = max(1, requests // 100)
    started = time.perf_counter()
    from django.contrib.auth import get_user_model

    User = get_user_model()
    owners = User.objects.bulk_create(
        [
            User(username=f"reminders-{n}@example.org", email=f"reminders-{n}@example.org")
            for n in range(owners_count)
        ],
        batch_size=BATCH,
    )
    _fill(owners=owners, per_owner=requests // owners_count, due=due, today=today)
    setup = time.perf_counter() - started

    def send():
        send.sent = reminders_send(today=today, site_url="https://privacyreq.example")

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        first, first_queries = _measure(send, repeat=1)
        sent = send.sent
        again, again_queries = _measure(send, repeat=1)
    claimed = Reminder.objects.count()
    goal = 5.0
    note = f"setup {setup:.0f} s; {sent} emails, {claimed} reminder rows"
    note += f"; a second run sent {send.sent}"
    return [
        Row(
            REMINDERS,
            f"send_reminders, {requests:,} requests, {due:,} due: seconds vs goal",
            f"{first:.2f} s",
            f"{goal:.0f} s",
            first / goal,
            "< 1.0x",
            first < goal and sent == due,
            note,
        ),
        Row(
            REMINDERS,
            f"queries per due reminder ({first_queries} queries / {sent} sent)",
            str(first_queries),
            str(sent),
            first_queries / max(sent, 1),
            "bounded",
            None,
        ),
        Row(
            REMINDERS,
            "second run (nothing left to send): seconds, queries",
            f"{again:.2f} s",
            f"{again_queries} queries",
            None,
        ),
    ]
