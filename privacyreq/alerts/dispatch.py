"""Warning emails: before a platform starts training on its users' data, each confirmed watcher of
it is told once, in their language, what starts when and what to do before the date.

Once per (watcher, platform, start date): the ``WarningSent`` row is the claim, and its unique
constraint, not this code, stops a second run of ``send_warnings`` (a cron retry, an overlapping
run) from emailing again. The pattern is tracking's reminders' (privacyreq/tracking/reminders.py):
claims inserted in bulk skipping those another run holds, emails sent, the claims of failed sends
deleted before the commit so the next run tries them again.
"""

import datetime as dt
import logging
import smtplib
import uuid

from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import override

from privacyreq.alerts.emails import alert_message
from privacyreq.alerts.models import WarningSent, Watcher
from privacyreq.reference.models import TimelineEvent, TimelineEventKind

logger = logging.getLogger(__name__)

# Warnings claimed and sent per transaction (see tracking.reminders.BATCH_SIZE).
BATCH_SIZE = 150


def upcoming_starts(*, today: dt.date) -> QuerySet[TimelineEvent]:
    """Announced starts of training dated after ``today``: the only events that warn."""
    return (
        TimelineEvent.objects.filter(kind=TimelineEventKind.TRAINING_STARTS, date__gt=today)
        .select_related("platform")
        .order_by("date", "id")
    )


def warning_candidates(*, event: TimelineEvent) -> QuerySet[Watcher]:
    """Confirmed watchers of the event's platform not yet warned of a start on its date."""
    already = WarningSent.objects.filter(
        watcher=OuterRef("pk"), platform=event.platform_id, starts_on=event.date
    )
    return (
        Watcher.objects.filter(platforms=event.platform_id, confirmed_at__isnull=False)
        # An account's warnings go to its address, while it has one and is active.
        .filter(Q(user__isnull=True) | (Q(user__is_active=True) & ~Q(user__email="")))
        .filter(~Exists(already))
        .select_related("user")
        .order_by("pk")
    )


def _recipient(watcher: Watcher) -> str:
    return watcher.user.email if watcher.user else watcher.email


def warning_message(
    *, watcher: Watcher, event: TimelineEvent, today: dt.date, site_url: str
) -> EmailMessage:
    platform = event.platform
    with override(watcher.language):
        return alert_message(
            template="warning",
            context={
                "platform": platform,
                "event": event,
                "days": (event.date - today).days,
                "platform_url": site_url + reverse("reference:platform", args=[platform.slug]),
                "start_url": site_url + reverse("letters:start_for_platform", args=[platform.slug]),
            },
            watcher=watcher,
            to=_recipient(watcher),
            site_url=site_url,
        )


def warnings_send(*, today: dt.date, site_url: str, batch_size: int = BATCH_SIZE) -> int:
    """Send every warning due for starts after ``today``; return how many were sent."""
    sent = 0
    with get_connection() as connection:
        for event in upcoming_starts(today=today):
            after = 0
            while True:
                batch = list(warning_candidates(event=event).filter(pk__gt=after)[:batch_size])
                if batch:
                    sent += _batch_send(
                        batch=batch,
                        event=event,
                        today=today,
                        site_url=site_url,
                        connection=connection,
                    )
                if len(batch) < batch_size:
                    break
                # Paged by key: a failed send stays a candidate until the next run.
                after = batch[-1].pk
    return sent


def _batch_send(
    *,
    batch: list[Watcher],
    event: TimelineEvent,
    today: dt.date,
    site_url: str,
    connection: BaseEmailBackend,
) -> int:
    # Rendered before claiming: a template error then leaves nothing claimed.
    due = []
    for watcher in batch:
        message = warning_message(watcher=watcher, event=event, today=today, site_url=site_url)
        message.connection = connection
        due.append((watcher, message))

    token = uuid.uuid4()
    sent: set[int] = set()
    error: BaseException | None = None
    with transaction.atomic():
        # A claim another run holds is skipped; on PostgreSQL an uncommitted one makes this wait
        # for that run's commit (skip) or rollback (insert), so two runs never both send.
        WarningSent.objects.bulk_create(
            [
                WarningSent(
                    watcher=watcher,
                    platform_id=event.platform_id,
                    starts_on=event.date,
                    event=event,
                    claim=token,
                )
                for watcher, _ in due
            ],
            ignore_conflicts=True,
        )
        ours = set(
            WarningSent.objects.filter(
                claim=token, watcher__in=[watcher.pk for watcher, _ in due]
            ).values_list("watcher_id", flat=True)
        )
        for watcher, message in due:
            if watcher.pk not in ours:
                continue  # another run claimed and sends it
            try:
                message.send()
            except (smtplib.SMTPException, OSError):
                # One refused address must not hold up everyone else's; retried next run.
                logger.exception("Warning of event %s to watcher %s not sent", event.pk, watcher.pk)
                continue
            except BaseException as exc:
                # Stop the run, but commit what already went out.
                error = exc
                break
            sent.add(watcher.pk)
        if unsent := ours - sent:
            WarningSent.objects.filter(claim=token, watcher__in=unsent).delete()
    if error is not None:
        raise error
    return len(sent)
