import os
import tempfile
from pathlib import Path

import hypothesis
import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database with the cache table, as `make run` creates it: rate limits need it."""
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes its PDFs and uploads to its own folder, deleted afterwards."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_document_cache():
    """Drafts and PDFs stay in the process's memory (privacyreq/letters/cache.py); no test may
    find another's."""
    from privacyreq.letters.cache import documents_cache_clear

    documents_cache_clear()


@pytest.fixture
def reference_data(db):
    """The shipped platforms and authorities, as `make run` loads them."""
    call_command("load_reference_data", verbosity=0)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many users; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def user(db):
    """A signed-up user with a verified email address."""
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture(autouse=True)
def _plain_http_test_client(settings):
    """The test client speaks plain HTTP, which production redirects to HTTPS.

    tests/core/test_security.py turns the redirect back on to check it.
    """
    settings.SECURE_SSL_REDIRECT = False


# Property tests (hypothesis): no example database, and Hypothesis's other files (a cache of the
# test modules' constants) in the temporary folder, so a run leaves no .hypothesis/ folder in the
# repository; no per-example deadline, since a PDF render's time varies with the machine.
# pytest-django's function-scoped fixtures (and the database transaction) are shared by all of a
# test's examples, so the property tests make the rows each example changes in the example itself.
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", str(Path(tempfile.gettempdir()) / "privacyreq-hypothesis")
)
hypothesis.settings.register_profile(
    "privacyreq",
    database=None,
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
)
hypothesis.settings.load_profile("privacyreq")
