"""The user's choices moved from ``accounts.Profile`` to ``tracking.Preferences``: the migrations
carry every user's values across (and back, when migrating backwards), on the real database."""

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from privacyreq.tracking.models import Preferences

# The last state with the choices in accounts.Profile and an empty tracking.Preferences table.
BEFORE = [("accounts", "0002_profile_language"), ("tracking", "0003_preferences")]
JOINED = dt.datetime(2025, 3, 4, 5, 6, 7, tzinfo=dt.UTC)


def migrate(targets=None):
    """Migrate to ``targets`` (the latest migrations if None); the models as they are there."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before(transactional_db):
    apps = migrate(BEFORE)
    yield apps
    migrate()  # the schema every other test expects


def make_user(apps, name):
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return user_model.objects.create(username=name, email=f"{name}@example.org")


def test_each_users_choices_survive_the_move_to_tracking(before):
    profile = before.get_model("accounts", "Profile")
    quiet = make_user(before, "quiet")
    profile.objects.create(
        user=quiet, reminders_enabled=False, language="pl", calendar_token="feed-token_1"
    )
    german = make_user(before, "german")
    profile.objects.create(user=german, language="de")
    profile.objects.update(created_at=JOINED)
    never = make_user(before, "never")  # never opened the settings nor saved a case

    migrate()

    moved = {p.user_id: p for p in Preferences.objects.all()}
    assert set(moved) == {quiet.pk, german.pk}
    assert (moved[quiet.pk].reminders_enabled, moved[quiet.pk].language) == (False, "pl")
    assert moved[quiet.pk].calendar_token == "feed-token_1"
    assert (moved[german.pk].reminders_enabled, moved[german.pk].language) == (True, "de")
    assert moved[german.pk].calendar_token == ""
    assert {p.created_at for p in moved.values()} == {JOINED}
    assert never.pk not in moved


def test_migrating_back_restores_the_profiles(before):
    quiet = make_user(before, "quiet")
    before.get_model("accounts", "Profile").objects.create(
        user=quiet, reminders_enabled=False, language="it", calendar_token="back-token"
    )
    migrate()
    Preferences.objects.filter(user_id=quiet.pk).update(language="nl", created_at=JOINED)

    apps = migrate(BEFORE)

    (restored,) = apps.get_model("accounts", "Profile").objects.all()
    assert restored.user_id == quiet.pk
    assert (restored.reminders_enabled, restored.language) == (False, "nl")
    assert (restored.calendar_token, restored.created_at) == ("back-token", JOINED)
    assert not apps.get_model("tracking", "Preferences").objects.exists()
