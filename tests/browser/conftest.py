"""Browser tests: Debian's Chromium, driven by Playwright, against the app served by a live server.

Each test gets a fresh browser context (no cookies) through the ``site`` fixture, which records
every request and response. When the test ends it checks that nothing left the app's origin, that
every static file loaded, that the Content Security Policy blocked nothing, and that no page
answered with a server error. Pages are photographed into a folder named at the end of the run.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from playwright.sync_api import sync_playwright

from tests.browser import helpers

CHROMIUM = "/usr/bin/chromium"
# Playwright cannot download its own browser here, so Debian's is used; these switches keep it
# from phoning home (component updates, sync, field trials), which the origin check would see.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_terminal_summary(terminalreporter):
    if helpers.screenshots.root is not None:
        terminalreporter.write_sep("-", "browser screenshots")
        terminalreporter.write_line(f"Screenshots of every page: {helpers.screenshots.root}")


@pytest.fixture(scope="package")
def live_server(request):
    """pytest-django's live server, except that static files are left to WhiteNoise.

    pytest-django wraps the server in Django's StaticFilesHandler, which looks files up with the
    finders, i.e. in the source folders, where the hashed names the manifest storage writes into
    the pages (site.a54c….css) do not exist: every stylesheet would be a 404. Passing requests
    straight through lets WhiteNoise serve the collected files from STATIC_ROOT, as in production.
    """
    from pytest_django.live_server_helper import LiveServer

    _require_collected_static_files()
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    # The server builds its middleware once, at start, before any test's `settings` changes, so
    # SecurityMiddleware would keep redirecting to HTTPS (tests/conftest.py turns that off per
    # test). Plain HTTP stays on for as long as the server runs. The cookies stay Secure, as in
    # production: Chromium counts http://localhost as a secure context and keeps them.
    with override_settings(SECURE_SSL_REDIRECT=False):
        server = LiveServer(addr, start=False)
        server.thread.static_handler = _no_static_handler
        server.start()
        yield server
        server.stop()


def _no_static_handler(application):
    return application


def _require_collected_static_files() -> None:
    """The pages link the collected files, so testing with a stale collection would test old CSS
    and JavaScript; `make static` (part of `make test`) collects them again when static/ changes."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        pytest.fail("No collected static files: run `make static` (or `make test`) first.")
    sources = Path(settings.BASE_DIR) / "static"
    newest = max((path.stat().st_mtime for path in sources.rglob("*") if path.is_file()), default=0)
    if newest > manifest.stat().st_mtime:
        pytest.fail("static/ changed since the files were collected: run `make static` first.")


@pytest.fixture(scope="package")
def chromium():
    """One browser for all the browser tests.

    Package scope, not session: Playwright's sync API keeps an asyncio loop marked as running on
    this thread until it stops, which would break any later test that starts a loop itself.
    For the same reason Django's ORM, called from the test thread while the loop runs (fixtures,
    database checks), refuses with SynchronousOnlyOperation; nothing here is async, so allow it
    for exactly as long as Playwright runs.
    """
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} not found: the browser tests need Debian's chromium package.")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(request, chromium, live_server, reference_data):
    """A new visitor: fresh cookies, one page, everything it fetches recorded and checked."""
    # Browser tests commit (the server runs in another thread), so rate-limit counters in the
    # database cache would carry over from one test to the next.
    cache.clear()
    context = chromium.new_context(
        base_url=live_server.url,
        locale="en-GB",
        timezone_id="Europe/Dublin",
        accept_downloads=True,
        reduced_motion="reduce",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    visitor = helpers.Site(
        context,
        origin=live_server.url,
        shots=helpers.screenshots.folder(connection.vendor, request.node.name),
    )
    yield visitor
    context.close()
    visitor.assert_clean()
