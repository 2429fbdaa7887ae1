"""The base of the cron commands that act "as of" a day (send_reminders, send_warnings)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class DatedCommand(BaseCommand):
    """A command with ``--date YYYY-MM-DD``: act as if today were that day (tests, catching up
    after an outage); by default today in DJANGO_TIME_ZONE."""

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            metavar="YYYY-MM-DD",
            help="Act as if today were this date (tests, catching up). Default: today in "
            "DJANGO_TIME_ZONE.",
        )

    @staticmethod
    def today(date: str | None) -> dt.date:
        if date is None:
            return timezone.localdate()
        try:
            return dt.datetime.strptime(date, "%Y-%m-%d").date()
        except ValueError:
            raise CommandError(f"--date must be a date as YYYY-MM-DD, not {date!r}.") from None
