import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from privacyreq.alerts.dispatch import warnings_send
from privacyreq.alerts.services import unconfirmed_delete


class Command(BaseCommand):
    help = (
        "Email each confirmed watcher of a platform once before an announced start of AI "
        "training, and delete subscriptions never confirmed. Safe to run from cron as often as "
        "you like, even twice at once: each warning goes out once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            metavar="YYYY-MM-DD",
            help="Act as if today were this date (tests, catching up). Default: today in "
            "DJANGO_TIME_ZONE.",
        )

    def handle(self, *args, date: str | None = None, **options):
        if date is None:
            today = timezone.localdate()
        else:
            try:
                today = dt.datetime.strptime(date, "%Y-%m-%d").date()
            except ValueError:
                raise CommandError(f"--date must be a date as YYYY-MM-DD, not {date!r}.") from None
        sent = warnings_send(today=today, site_url=settings.SITE_URL)
        self.stdout.write(f"Sent {sent} warning(s).")
        deleted = unconfirmed_delete(now=timezone.now())
        self.stdout.write(f"Deleted {deleted} unconfirmed subscription(s).")
