"""The shared cache keeps no client address: keys are HMACs, and expired rows are purged by the
cron command (issue 17, point 11)."""

import hashlib
import io

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from privacyreq.core.cache_keys import hashed_key
from privacyreq.core.cache_purge import cache_expired_purge

pytestmark = pytest.mark.django_db

TABLE = "privacyreq_cache"


def stored_keys() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {connection.ops.quote_name(TABLE)}")  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture(autouse=True)
def _database_cache():
    if not isinstance(caches["default"], DatabaseCache):
        pytest.skip("this run uses CACHE_URL's Redis, which expires keys itself")
    cache.clear()


def test_a_key_is_stored_as_its_hmac_never_as_itself():
    key = "allauth:rl:allauth.account:login_failed:10/60.0/ip:ip:203.0.113.9"
    cache.set(key, [1.0], 300)
    assert cache.get(key) == [1.0]
    [stored] = stored_keys()
    assert "203.0.113.9" not in stored and "allauth" not in stored
    assert stored == hashed_key(key, "", 1)
    assert hashlib.sha256(key.encode()).hexdigest() not in stored  # keyed, not a plain hash


def test_the_hmac_depends_on_the_secret_key(settings):
    first = hashed_key("ip:203.0.113.9", "", 1)
    assert first == hashed_key("ip:203.0.113.9", "", 1)  # every process finds the same counter
    assert hashed_key("ip:203.0.113.9", "", 2) != first
    assert hashed_key("ip:203.0.113.9", "site", 1).startswith("site:1:")
    settings.SECRET_KEY = "another-secret-key-for-another-deployment"
    assert hashed_key("ip:203.0.113.9", "", 1) != first


def test_purge_removes_expired_rows_and_keeps_live_ones():
    cache.set("live", "kept", 300)
    cache.set("forever", "kept", None)
    cache.set_many({"gone-1": 1, "gone-2": 2}, -10)  # already past their time
    assert len(stored_keys()) == 4

    assert cache_expired_purge() == 2

    assert stored_keys() == {hashed_key(k, "", 1) for k in ["live", "forever"]}
    assert (cache.get("live"), cache.get("forever")) == ("kept", "kept")
    assert cache_expired_purge() == 0


def test_purge_leaves_other_kinds_of_cache_alone(settings):
    cache.set("gone", 1, -10)
    locmem = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    with override_settings(CACHES={**settings.CACHES, "default": locmem}):
        assert cache_expired_purge() == 0
    assert len(stored_keys()) == 1


def test_the_cron_command_purges_and_runs_twice_safely():
    cache.set("live", 1, 300)
    cache.set_many({"gone-1": 1, "gone-2": 2}, -10)

    call_command("send_reminders", stdout=(first := io.StringIO()))
    call_command("send_reminders", stdout=(second := io.StringIO()))

    assert first.getvalue().splitlines()[-1] == "Removed 2 expired cache row(s)."
    assert second.getvalue().splitlines()[-1] == "Removed 0 expired cache row(s)."
    assert stored_keys() == {hashed_key("live", "", 1)}
