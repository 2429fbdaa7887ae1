"""Shared by the reminder tests: dates, a sender, requests waiting for an answer."""

import datetime as dt
from unittest import mock

from django.core.mail import EmailMultiAlternatives

from privacyreq.tracking.reminders import (
    reminders_send,
)
from privacyreq.tracking.transitions import Status
from tests.factories import (
    RequestFactory,
    requests_bulk_create,
)

SITE = "https://privacyreq.example"
SENT_ON = dt.date(2026, 11, 2)
# One month from an email received on Monday 2 November 2026 (Art. 12(3)); a Wednesday.
DUE = dt.date(2026, 12, 2)
day = dt.timedelta(days=1)


def send(today):
    return reminders_send(today=today, site_url=SITE)


def waiting(*, due_on=DUE, status=Status.SENT, **kwargs):
    return RequestFactory(status=status, due_on=due_on, next_due_on=due_on, **kwargs)


def many_waiting(count):
    return requests_bulk_create(count=count, status=Status.SENT, next_due_on=DUE)


def failing_for(address, error):
    """Sending raises ``error`` for ``address`` and works for everyone else."""
    real_send = EmailMultiAlternatives.send

    def send_or_fail(message, *args, **kwargs):
        if message.to == [address]:
            raise error
        return real_send(message, *args, **kwargs)

    return mock.patch.object(
        EmailMultiAlternatives, "send", autospec=True, side_effect=send_or_fail
    )


def reminded(requests):
    return {request.pk: request.reminders.count() for request in requests}
