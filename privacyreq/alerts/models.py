"""Who is warned before a platform starts training on its users' data, and what they were sent.

A watcher is an email address confirmed by double opt-in, or an account (its address at the time
of sending; no opt-in, the account's address is verified). Nothing else about them is kept: the
address, the platforms, the language of the page they subscribed on (later emails are written in
it), whether they confirmed, and when.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from privacyreq.reference.models import Platform, TimelineEvent


class Watcher(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="platform_watcher",
    )
    # Lower-cased; empty for an account (its own address is used).
    email = models.EmailField(blank=True)
    language = models.CharField(max_length=10)
    platforms = models.ManyToManyField(Platform, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last confirmation email: at most one per address every ALERTS_EMAIL_INTERVAL_MINUTES.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=Q(user__isnull=True), name="one_watcher_per_address"
            ),
            models.CheckConstraint(
                condition=(Q(user__isnull=True) & ~Q(email=""))
                | (Q(user__isnull=False) & Q(email="")),
                name="watcher_is_an_address_or_an_account",
            ),
        ]

    def __str__(self) -> str:
        return self.email or f"account {self.user_id}"


class WarningSent(models.Model):
    """A warning claimed or sent. The unique constraint, not the code, is what makes each go out
    once, even when two ``send_warnings`` runs overlap: the second insert is skipped.

    Keyed by platform and start date rather than by the event row, so that an event edited, or
    deleted and recorded again (``load_reference_data --update`` recreates the timeline), does
    not warn the same people twice about the same start.
    """

    watcher = models.ForeignKey(Watcher, on_delete=models.CASCADE, related_name="warnings_sent")
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="+")
    starts_on = models.DateField()
    event = models.ForeignKey(
        TimelineEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    # The batch of the run that inserted the row (see tracking.models.Reminder.claim).
    claim = models.UUIDField(editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["watcher", "platform", "starts_on"], name="warning_once_per_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.platform_id} from {self.starts_on} to watcher {self.watcher_id}"
