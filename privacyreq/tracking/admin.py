from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from privacyreq.tracking.models import Preferences


@admin.register(Preferences)
class PreferencesAdmin(admin.ModelAdmin):
    # The calendar token is a password in all but name: staff see whether a feed exists, never
    # the address itself.
    list_display = ["user", "reminders_enabled", "language", "has_calendar_feed", "created_at"]
    list_filter = ["reminders_enabled", "language"]
    search_fields = ["user__email"]
    fields = ["user", "reminders_enabled", "language", "has_calendar_feed", "created_at"]
    readonly_fields = ["user", "has_calendar_feed", "created_at"]

    @admin.display(boolean=True, description=_("calendar feed"))
    def has_calendar_feed(self, obj: Preferences) -> bool:
        return bool(obj.calendar_token)
