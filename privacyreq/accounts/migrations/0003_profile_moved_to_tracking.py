"""The profile's choices (reminders, the language of emails, the calendar token) are tracking's
preferences now: ``tracking`` 0004 copied every row into ``tracking.Preferences`` first."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_profile_language"),
        ("tracking", "0004_preferences_from_profile"),
    ]

    operations = [
        migrations.DeleteModel(name="Profile"),
    ]
