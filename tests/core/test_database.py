import os

from django.db import connection


def test_the_suite_runs_on_the_database_it_was_given():
    """`make test` runs twice; this shows the second run really talks to PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "sqlite://")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
