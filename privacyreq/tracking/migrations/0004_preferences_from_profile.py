"""Copy each user's choices from ``accounts.Profile`` (where they were kept until now) into
``tracking.Preferences``; ``accounts`` 0003 then drops the profile. Reversible: going back copies
them into the recreated profiles."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

FIELDS = ("user_id", "reminders_enabled", "language", "calendar_token")


def _copy(source, target, db: str) -> None:
    rows = source.objects.using(db).order_by("pk").values(*FIELDS)
    target.objects.using(db).bulk_create(
        [target(**row) for row in rows.iterator()], batch_size=500
    )
    # ``created_at`` is auto_now_add: the insert set it to now. Each row keeps the date its user
    # first had one.
    created = source.objects.using(db).filter(user_id=OuterRef("user_id")).values("created_at")
    target.objects.using(db).update(created_at=Subquery(created[:1]))


def profiles_to_preferences(apps, schema_editor):
    db = schema_editor.connection.alias
    _copy(apps.get_model("accounts", "Profile"), apps.get_model("tracking", "Preferences"), db)


def preferences_to_profiles(apps, schema_editor):
    db = schema_editor.connection.alias
    preferences = apps.get_model("tracking", "Preferences")
    _copy(preferences, apps.get_model("accounts", "Profile"), db)
    # Back to where this migration started, so migrating forward again copies them once.
    preferences.objects.using(db).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0003_preferences"),
        ("accounts", "0002_profile_language"),
    ]

    operations = [
        migrations.RunPython(profiles_to_preferences, preferences_to_profiles, elidable=True),
    ]
