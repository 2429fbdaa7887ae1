from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    """What the tool keeps about a user beyond allauth's account: their choices, nothing else.

    Created on first need by ``profile_get`` (no signal), so every user has at most one.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    reminders_enabled = models.BooleanField(
        _("email me reminders before and after due dates"), default=True
    )
    # The language of the emails the tool sends by itself (reminders), when no request says which
    # language the reader is using. Set from the interface language when the profile is created.
    language = models.CharField(
        _("language of emails from privacyreq"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
    )
    # The secret part of the private calendar feed URL; blank when the user has no feed.
    calendar_token = models.CharField(max_length=64, blank=True, default="", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Profile of {self.user}"
