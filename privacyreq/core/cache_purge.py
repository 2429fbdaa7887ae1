"""Removing expired rows from database caches (the default ``privacyreq_cache`` table).

Django's DatabaseCache deletes an expired row only when it is read again or when the table passes
MAX_ENTRIES (50,000 here), so a rate-limit counter would otherwise stay on disk long after its
window: a record of which (hashed) clients came and when. Redis drops expired keys itself;
in-memory caches go with the process.
"""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.utils import timezone


def cache_expired_purge() -> int:
    """Delete every expired row of every database cache; the number of rows deleted.

    Safe to run at any time and twice at once: it deletes only rows whose time has passed, which
    no read would return anyway.
    """
    deleted = 0
    for alias in settings.CACHES:
        cache = caches[alias]
        if not isinstance(cache, DatabaseCache):
            continue
        connection = connections[router.db_for_write(cache.cache_model_class)]
        quote = connection.ops.quote_name
        # As DatabaseCache compares (whole seconds; a row expiring this second is still live).
        now = timezone.now().replace(microsecond=0)
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {quote(settings.CACHES[alias]['LOCATION'])} "  # noqa: S608
                f"WHERE {quote('expires')} < %s",
                [connection.ops.adapt_datetimefield_value(now)],
            )
            deleted += max(cursor.rowcount, 0)
    return deleted
