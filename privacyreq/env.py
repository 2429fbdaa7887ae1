"""The validating helpers settings.py reads every environment variable through: each rejects a
malformed value at start-up with a message naming the variable, rather than letting a typo surface
later. Pure functions of the environment (and their arguments), so tests call them directly."""

import ipaddress
import os
import re
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_RATE = re.compile(r"[1-9][0-9]*/([1-9][0-9]*)?[smhd]/(ip|session)")


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"Environment variable {name} is required.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def sqlite_options(engine: str, *, busy_timeout: int) -> dict[str, Any]:
    """The OPTIONS that let the embedded SQLite database take concurrent requests; none for
    another engine (PostgreSQL has row locks and needs nothing here).

    - ``journal_mode=WAL``: readers and the one writer no longer block each other. It is kept in
      the database file, so setting it on every connection costs nothing once done; an in-memory
      database (the tests') stays in its ``memory`` mode. ``synchronous=NORMAL`` is safe with WAL:
      a power cut may lose the last commits, never corrupt the file.
    - ``transaction_mode=IMMEDIATE``: every ``transaction.atomic`` takes the write lock when it
      begins. A transaction that read first and wrote later would otherwise fail at once with
      "database is locked" when another one wrote in between: SQLite cannot wait for that one.
    - ``timeout``: how long, in seconds, a connection waits for the write lock before that error
      (``SQLITE_BUSY_TIMEOUT``); below gunicorn's worker timeout (30 s by default).
    """
    if engine != "django.db.backends.sqlite3":
        return {}
    return {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": busy_timeout,
    }


def env_cache(name: str) -> dict[str, Any]:
    """The cache from a URL: unset means the database cache table, ``redis://`` or ``rediss://``
    means Redis. Anything else is refused: a silent fallback to a per-process cache would split
    rate limits between app servers."""
    value = os.environ.get(name, "").strip()
    if not value or value == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "privacyreq_cache",
            # Above MAX_ENTRIES rows, Django deletes the expired ones and then a third of the live
            # ones: rate-limit counters an attacker could wipe by making many attempts. Its default,
            # 300, is about a hundred login attempts (three counters each) in five minutes.
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    if value.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": value}
    raise ImproperlyConfigured(f"{name} must be empty, db, or a redis:// URL, not {value!r}.")


def env_document_cache(entries_name: str, seconds_name: str) -> dict[str, Any]:
    """The letters drafted and the PDFs rendered for visitors, kept in this process's memory.

    They hold the personal data of people without an account, so they must never reach the disk
    or the cache every server shares (the database table or Redis): a per-process LocMemCache
    keeps them in memory only, for ``seconds_name`` seconds at most, and they go when the process
    does. It is bounded: when full (``entries_name`` entries) it drops the least recently used
    third. 0 entries turns it off: every page writes its letters and renders its PDFs again.
    """
    entries = env_int(entries_name, 500, minimum=0)
    seconds = env_int(seconds_name, 900, minimum=1)
    if entries == 0:
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "privacyreq-documents",
        "TIMEOUT": seconds,
        "OPTIONS": {"MAX_ENTRIES": entries},
    }


def env_rates(name: str, default: str) -> str:
    """Rate limits as allauth writes them, comma-separated: ``20/m/ip`` is 20 a minute per client
    address, ``60/h/ip`` 60 an hour, ``10/5m/session`` 10 in five minutes per browser session
    (s, m, h, d: seconds, minutes, hours, days). Empty: no limit. Checked here, so a typo stops
    the start rather than the first request that counts."""
    value = env_str(name, default)
    rates = [part.strip() for part in value.split(",") if part.strip()]
    for rate in rates:
        if not _RATE.fullmatch(rate):
            raise ImproperlyConfigured(
                f"{name} must be rates like 20/m/ip or 10/5m/session, comma-separated, "
                f"not {rate!r}."
            )
    return ",".join(rates)


def env_file_storage(name: str) -> dict[str, Any]:
    """Where letters and uploads live: the local MEDIA_ROOT, or an S3-compatible bucket, which
    several app servers can share. Objects stay private; downloads go through our views."""
    kind = env_str(name, "local").strip().lower()
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"{name} must be local or s3, not {kind!r}.")
    options = {
        "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
        "location": env_str("AWS_LOCATION", ""),
    }
    for option, variable in [
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
        ("region_name", "AWS_S3_REGION_NAME"),
        ("access_key", "AWS_ACCESS_KEY_ID"),
        ("secret_key", "AWS_SECRET_ACCESS_KEY"),
    ]:
        if os.environ.get(variable):
            options[option] = os.environ[variable]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def env_networks(name: str, default: list[str]) -> list[str]:
    """Comma-separated IP addresses or networks (``10.0.0.5``, ``10.0.0.0/24``, ``::1``), each
    checked with ipaddress and written in its canonical form (``10.0.0.5/32``)."""
    networks = []
    for item in env_list(name, default):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must be IP addresses or networks (10.0.0.5, 10.0.0.0/24), "
                f"comma-separated, not {item!r}."
            ) from None
    return networks


def env_email(name: str) -> str:
    """An email address, or empty when unset; a malformed one stops the start rather than
    sending visitors to an address that cannot work."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    value = env_str(name, "").strip()
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise ImproperlyConfigured(
                f"{name} must be an email address like privacy@example.org, not {value!r}."
            ) from None
    return value


def env_lines(name: str) -> list[str]:
    """Lines of text (a postal address): separated by newlines, by a written ``\\n`` (an env file
    keeps it as two characters), or by ``|``; blank lines dropped."""
    return [line.strip() for line in re.split(r"\r?\n|\\n|\|", env_str(name, "")) if line.strip()]


def env_url(name: str) -> str:
    """An http(s) address, or empty when unset; it becomes a link on every page, so anything
    else is refused."""
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    value = env_str(name, "").strip()
    if value:
        try:
            URLValidator(schemes=["https", "http"])(value)
        except ValidationError:
            raise ImproperlyConfigured(
                f"{name} must be an http(s) address like https://example.org/privacyreq, "
                f"not {value!r}."
            ) from None
    return value
