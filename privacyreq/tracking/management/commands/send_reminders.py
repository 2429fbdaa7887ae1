from django.conf import settings

from privacyreq.core.cache_purge import cache_expired_purge
from privacyreq.core.dated_command import DatedCommand
from privacyreq.tracking.reminders import reminders_send


class Command(DatedCommand):
    help = (
        "Email reminders a week before, on and after each tracked request's due date. Safe to "
        "run from cron as often as you like, even twice at once: each reminder goes out once."
    )

    def handle(self, *args, date: str | None = None, **options):
        today = self.today(date)
        sent = reminders_send(today=today, site_url=settings.SITE_URL)
        self.stdout.write(f"Sent {sent} reminder(s).")
        # Here because cron already runs this: expired rate-limit counters (client addresses,
        # hashed) would otherwise stay in the database cache table until it fills up.
        purged = cache_expired_purge()
        self.stdout.write(f"Removed {purged} expired cache row(s).")
