"""The embedded SQLite database under concurrent requests (issue 17, point 4).

A file database in the test's folder, opened through Django's SQLite backend with the OPTIONS that
settings gives it (``sqlite_options``): transactions that read and then write, several at once,
all commit, none losing another's write. Without those options the same transactions fail with
"database is locked", as five parallel escalations did.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
from django.db import OperationalError, connections, transaction
from django.db.utils import ConnectionHandler

from privacyreq.env import sqlite_options

BASE_DIR = Path(__file__).resolve().parents[2]
ALIAS = "concurrency"
WORKERS = 5


@contextmanager
def file_database(path: Path, options: dict) -> Iterator[None]:
    """``connections[ALIAS]``: the SQLite file at ``path`` with ``options``, one connection per
    thread, as the app's own "default" would be. Not the test database: pytest-django's SQLite
    one is in memory, shared between threads with table locks no timeout waits for."""
    database = dj_database_url.parse(f"sqlite:///{path}")
    database["OPTIONS"] = options
    # A handler of its own fills in the keys settings leave to Django's defaults.
    filled = ConnectionHandler({"default": database}).settings["default"]
    connections.settings[ALIAS] = filled
    try:
        yield
    finally:
        connections[ALIAS].close()
        del connections[ALIAS]
        del connections.settings[ALIAS]


def read_then_write() -> None:
    """A request's transaction: read the counter, work a little, write what it read plus one."""
    with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        (n,) = cursor.fetchone()
        time.sleep(0.05)  # rendering, checking: long enough for the others to start
        cursor.execute("UPDATE counter SET n = %s", [n + 1])


def run_at_once(work, count: int) -> list[BaseException]:
    """``work`` in ``count`` threads started together; the exceptions they raised."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            work()
        except BaseException as error:  # reported to the test
            errors.append(error)
        finally:
            connections[ALIAS].close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def counter_create() -> None:
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("CREATE TABLE counter (n INTEGER NOT NULL)")
        cursor.execute("INSERT INTO counter (n) VALUES (0)")


def counter_value() -> int:
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        return cursor.fetchone()[0]


def settings_options() -> dict:
    return sqlite_options("django.db.backends.sqlite3", busy_timeout=20)


def test_concurrent_read_then_write_transactions_all_commit(tmp_path, django_db_blocker):
    with django_db_blocker.unblock(), file_database(tmp_path / "db.sqlite3", settings_options()):
        counter_create()
        errors = run_at_once(read_then_write, WORKERS)
        assert errors == []
        # Each read what the one before it wrote: none was lost.
        assert counter_value() == WORKERS
        with connections[ALIAS].cursor() as cursor:
            assert cursor.execute("PRAGMA journal_mode").fetchone() == ("wal",)
            assert cursor.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL
            assert cursor.execute("PRAGMA busy_timeout").fetchone() == (20_000,)


def test_without_the_options_the_same_transactions_fail_with_database_is_locked(
    tmp_path, django_db_blocker
):
    with django_db_blocker.unblock(), file_database(tmp_path / "db.sqlite3", {}):
        counter_create()
        errors = run_at_once(read_then_write, WORKERS)
    assert errors
    assert all(isinstance(error, OperationalError) for error in errors), errors
    assert {str(error) for error in errors} == {"database is locked"}


def engine(url: str) -> str:
    return dj_database_url.parse(url)["ENGINE"]


def test_the_options_are_for_sqlite_only():
    sqlite = sqlite_options(engine("sqlite:////tmp/x.sqlite3"), busy_timeout=7)
    assert sqlite == {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 7,
    }
    postgres = engine("postgres://privacyreq@localhost/privacyreq")
    assert sqlite_options(postgres, busy_timeout=7) == {}


def loaded_options(**env: str) -> dict:
    """The default database's OPTIONS as settings builds them from ``env``, in a fresh process."""
    script = (
        "import json; from privacyreq import settings; "
        "print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SECRET_KEY": "test-only", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_settings_give_the_default_sqlite_database_the_options_and_postgresql_none(tmp_path):
    options = loaded_options(DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 20
    assert "journal_mode=WAL" in options["init_command"]
    sqlite = f"sqlite:///{tmp_path}/db.sqlite3"
    assert loaded_options(DATABASE_URL=sqlite, SQLITE_BUSY_TIMEOUT="3")["timeout"] == 3
    assert loaded_options(DATABASE_URL="postgres://privacyreq@localhost/privacyreq") == {}
