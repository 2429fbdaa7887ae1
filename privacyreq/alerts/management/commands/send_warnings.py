from django.conf import settings
from django.utils import timezone

from privacyreq.alerts.dispatch import warnings_send
from privacyreq.alerts.services import unconfirmed_delete
from privacyreq.core.dated_command import DatedCommand


class Command(DatedCommand):
    help = (
        "Email each confirmed watcher of a platform once before an announced start of AI "
        "training, and delete subscriptions never confirmed. Safe to run from cron as often as "
        "you like, even twice at once: each warning goes out once."
    )

    def handle(self, *args, date: str | None = None, **options):
        today = self.today(date)
        sent = warnings_send(today=today, site_url=settings.SITE_URL)
        self.stdout.write(f"Sent {sent} warning(s).")
        deleted = unconfirmed_delete(now=timezone.now())
        self.stdout.write(f"Deleted {deleted} unconfirmed subscription(s).")
