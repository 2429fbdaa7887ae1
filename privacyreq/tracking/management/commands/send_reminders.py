import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from privacyreq.core.cache_purge import cache_expired_purge
from privacyreq.tracking.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Email reminders a week before, on and after each tracked request's due date. Safe to "
        "run from cron as often as you like, even twice at once: each reminder goes out once."
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
        sent = reminders_send(today=today, site_url=settings.SITE_URL)
        self.stdout.write(f"Sent {sent} reminder(s).")
        # Here because cron already runs this: expired rate-limit counters (client addresses,
        # hashed) would otherwise stay in the database cache table until it fills up.
        purged = cache_expired_purge()
        self.stdout.write(f"Removed {purged} expired cache row(s).")
