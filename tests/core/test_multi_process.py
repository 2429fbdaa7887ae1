"""Two app servers, one database: what a visitor does on one is there on the other.

Two real gunicorn processes (privacyreq/gunicorn_conf.py, one worker each, their own ports) serve
the PostgreSQL test database, as two app servers behind a load balancer would serve production's.
Each HTTP client below is one browser with its own cookie jar, and sends the same public Host
header to both servers, as the proxy in front would. Shown across the two: a logged-in session, an
anonymous questionnaire session, the failed-login and login rate limits (counted in the shared
database cache), and an uploaded attachment.

The uploads land in one MEDIA_ROOT both processes read: the local-storage default on a single
host. Several hosts need FILE_STORAGE=s3 or a shared volume (README).
"""

from __future__ import annotations

import functools
import http.cookiejar
import io
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.db import connection
from pypdf import PdfWriter

from privacyreq.tracking.models import Attachment
from tests.factories import PlatformFactory, RequestFactory, UserFactory

BASE_DIR = Path(__file__).resolve().parents[2]
HOST = "privacyreq.test"
PASSWORD = "correct horse battery staple"
CACHE_TABLE = "privacyreq_cache"

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="needs PostgreSQL shared by two processes; runs in the PostgreSQL pass of `make test` "
    "(tests/postgres.sh)",
)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # every redirect is returned to the test, to look at


class Browser:
    """One browser: a cookie jar sent to whichever server a request goes to."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirects()
        )

    def request(self, server: AppServer, method: str, path: str, *, body=None, headers=None):
        headers = {"Host": HOST, **(headers or {})}
        request = urllib.request.Request(
            server.url + path, data=body, headers=headers, method=method
        )
        try:
            with self.opener.open(request, timeout=30) as answer:
                return Response(answer.status, dict(answer.headers), answer.read())
        except urllib.error.HTTPError as answer:  # 3xx (not followed) and 4xx/5xx
            with answer:
                return Response(answer.code, dict(answer.headers), answer.read())

    def get(self, server: AppServer, path: str) -> Response:
        return self.request(server, "GET", path)

    def post(self, server: AppServer, path: str, fields: dict[str, str]) -> Response:
        body = urllib.parse.urlencode(fields).encode()
        content_type = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request(server, "POST", path, body=body, headers=content_type)

    def post_file(
        self, server: AppServer, path: str, fields: dict[str, str], file: tuple
    ) -> Response:
        field, filename, content_type, data = file
        boundary = secrets.token_hex(16)
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
            for name, value in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        multipart = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self.request(server, "POST", path, body=b"".join(parts), headers=multipart)


def csrf_token(page: Response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert match, page.text[:2000]
    return match.group(1)


def log_in(browser: Browser, server: AppServer, email: str, password: str) -> Response:
    page = browser.get(server, "/accounts/login/")
    assert page.status == 200
    fields = {"login": email, "password": password, "csrfmiddlewaretoken": csrf_token(page)}
    return browser.post(server, "/accounts/login/", fields)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """The test database (created by pytest-django) as a DATABASE_URL for the app servers."""

    def part(value) -> str:
        return urllib.parse.quote(str(value or ""), safe="")

    auth = part(settings_dict["USER"])
    if settings_dict["PASSWORD"]:
        auth += ":" + part(settings_dict["PASSWORD"])
    port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
    url = f"postgres://{auth}@{part(settings_dict['HOST'])}{port}/{part(settings_dict['NAME'])}"
    parsed = dj_database_url.parse(url)
    for key in ["NAME", "USER", "PASSWORD", "HOST", "PORT"]:
        assert str(parsed[key] or "") == str(settings_dict[key] or ""), key
    return url


class AppServer:
    def __init__(self, name: str, env: dict[str, str], logs: Path):
        self.name = name
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.stdout = logs / f"{name}.out"
        self.stderr = logs / f"{name}.err"
        with self.stdout.open("wb") as out, self.stderr.open("wb") as err:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "-c",
                    "python:privacyreq.gunicorn_conf",
                    "privacyreq.wsgi",
                ],
                cwd=BASE_DIR,
                env=env | {"GUNICORN_BIND": f"127.0.0.1:{port}"},
                stdout=out,
                stderr=err,
            )

    def wait_until_ready(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server {self.name} exited:\n{self.stderr.read_text()}")
            # A load balancer's probe must send an allowed Host too (README), as this one does.
            probe = urllib.request.Request(self.url + "/healthz", headers={"Host": HOST})
            try:
                with urllib.request.urlopen(probe, timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"server {self.name} not ready:\n{self.stderr.read_text()}")

    def log_size(self) -> tuple[int, int]:
        return self.stdout.stat().st_size, self.stderr.stat().st_size

    def log_since(self, offsets: tuple[int, int]) -> str:
        text = ""
        for path, offset in zip((self.stdout, self.stderr), offsets, strict=True):
            with path.open("rb") as log:
                log.seek(offset)
                text += log.read().decode(errors="replace")
        return text

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # quick shutdown: nothing is in flight
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def clear_shared_cache() -> None:
    """The rate-limit counters the servers wrote are committed and survive the test's flush (the
    cache table is no model's): remove them, so no later test inherits this one's attempts."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(CACHE_TABLE)}")  # noqa: S608


@pytest.fixture(scope="module")
def app_servers(django_db_setup, tmp_path_factory):
    """Two app servers (A and B) on the test database, started once for this module's tests."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "GUNICORN_", "AWS_"))
        and name not in {"CACHE_URL", "FILE_STORAGE", "WEB_CONCURRENCY", "MEDIA_ROOT"}
    }
    media_root = tmp_path_factory.mktemp("shared-media")
    env.update(
        # pytest-django's test database; rows a test commits (transactional_db) are seen by both.
        DATABASE_URL=database_url(connection.settings_dict),
        # CACHE_URL and FILE_STORAGE stay unset: the database cache and local files, the defaults.
        MEDIA_ROOT=str(media_root),  # one folder for both
        DJANGO_SECRET_KEY=settings.SECRET_KEY,  # both servers must sign sessions alike
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_SECURE="false",  # plain HTTP here: Secure cookies would never be sent back
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="1",
    )
    logs = tmp_path_factory.mktemp("server-logs")
    started = [AppServer("A", env, logs), AppServer("B", env, logs)]
    try:
        deadline = time.monotonic() + 20
        for server in started:
            server.wait_until_ready(deadline)
        yield started, media_root
    finally:
        for server in started:
            server.stop()


@pytest.fixture
def servers(app_servers, transactional_db, settings):
    """The two servers, for a test whose database writes are committed for them to see.

    What the servers logged during the test is printed afterwards, which pytest shows when the
    test fails.
    """
    started, media_root = app_servers
    settings.MEDIA_ROOT = media_root
    # The cache table from tests/conftest.py's django_db_setup; a flush empties only models' tables.
    assert CACHE_TABLE in connection.introspection.table_names()
    clear_shared_cache()
    offsets = {server.name: server.log_size() for server in started}
    yield started
    clear_shared_cache()
    for server in started:
        sys.stderr.write(f"--- server {server.name} ---\n{server.log_since(offsets[server.name])}")
    for server in started:
        assert server.process.poll() is None, f"server {server.name} exited"


@functools.cache
def pbkdf2_hash(password: str) -> str:
    return make_password(password, hasher=PBKDF2PasswordHasher())


@pytest.fixture
def member(transactional_db):
    """A verified user whose password the servers can check.

    tests/conftest.py hashes passwords with MD5 in this process, for speed; the servers run with
    production's PASSWORD_HASHERS (Django's defaults), which cannot read MD5 hashes, so the
    password is hashed with PBKDF2, the first of those, explicitly.
    """
    user = UserFactory(email="member@example.org", verified=True)
    user.password = pbkdf2_hash(PASSWORD)
    user.save(update_fields=["password"])
    return user


def test_session_is_shared_between_servers(servers, member):
    server_a, server_b = servers
    browser = Browser()
    response = log_in(browser, server_a, member.email, PASSWORD)
    assert response.status == 302, response.text[:2000]
    assert response.location == "/tracking/"

    dashboard = browser.get(server_b, "/tracking/")
    assert dashboard.status == 200, dashboard.location
    assert "Your requests" in dashboard.text

    # A stranger's browser, on either server, is sent to log in.
    stranger = Browser().get(server_b, "/tracking/")
    assert stranger.status == 302
    assert stranger.location.startswith("/accounts/login/")


def test_anonymous_questionnaire_answers_follow_the_visitor(servers):
    PlatformFactory()  # X, as the reference data has it
    server_a, server_b = servers
    visitor = Browser()
    assert visitor.get(server_a, "/start/for/x/").location == "/start/country/"
    step = visitor.get(server_a, "/start/country/")
    response = visitor.post(
        server_a, "/start/country/", {"country": "IE", "csrfmiddlewaretoken": csrf_token(step)}
    )
    assert response.status == 302, response.text[:2000]
    assert response.location == "/start/details/"

    # Server B resumes where server A left off, and shows the answer given there.
    assert visitor.get(server_b, "/start/").location == "/start/details/"
    country = visitor.get(server_b, "/start/country/")
    assert country.status == 200
    assert re.search(r'<option value="IE"[^>]*\bselected\b', country.text)


def test_failed_login_limit_counts_attempts_on_every_server(servers, member):
    server_a, server_b = servers
    per_email = next(
        rule for rule in settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",") if "/key" in rule
    )
    allowed = int(per_email.split("/")[0])
    attacker = Browser()
    for attempt in range(allowed):
        response = log_in(attacker, servers[attempt % 2], member.email, "wrong guess")
        assert response.status == 200
        assert "not correct" in response.text
    # Each server saw only about half of the failures; the limit still holds on both, even with
    # the right password: with a per-process cache the next attempt would have logged in.
    for server in (server_a, server_b):
        response = log_in(attacker, server, member.email, PASSWORD)
        assert response.status == 200
        assert "Too many failed login attempts" in response.text
    assert attacker.get(server_b, "/tracking/").status == 302


def test_login_rate_limit_answers_429_on_every_server(servers):
    rule = settings.ACCOUNT_RATE_LIMITS["login"]
    assert rule.endswith("/m/ip")
    allowed = int(rule.split("/")[0])
    visitor = Browser()
    token = csrf_token(visitor.get(servers[0], "/accounts/login/"))
    for attempt in range(allowed):
        # Empty form: counted by the per-address login limit, without hashing a password.
        response = visitor.post(
            servers[attempt % 2], "/accounts/login/", {"csrfmiddlewaretoken": token}
        )
        assert response.status == 200, attempt
    for server in servers:
        response = visitor.post(server, "/accounts/login/", {"csrfmiddlewaretoken": token})
        assert response.status == 429
        assert "Too many attempts" in response.text


def tiny_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_file_uploaded_through_one_server_downloads_from_the_other(servers, member):
    server_a, server_b = servers
    item = RequestFactory(case__owner=member, status="sent")
    browser = Browser()
    assert log_in(browser, server_a, member.email, PASSWORD).status == 302

    page = browser.get(server_a, f"/tracking/requests/{item.pk}/")
    assert page.status == 200
    data = tiny_pdf()
    response = browser.post_file(
        server_a,
        f"/tracking/requests/{item.pk}/attach/",
        {"csrfmiddlewaretoken": csrf_token(page), "note": "Their answer"},
        ("file", "answer.pdf", "application/pdf", data),
    )
    assert response.status == 302, response.text[:2000]
    attachment = Attachment.objects.get(request=item)
    # Written by server A into the folder both share (with FILE_STORAGE=s3: the bucket).
    assert (Path(settings.MEDIA_ROOT) / attachment.file.name).read_bytes() == data

    detail = browser.get(server_b, f"/tracking/requests/{item.pk}/")
    assert f"/tracking/attachments/{attachment.pk}/" in detail.text
    download = browser.get(server_b, f"/tracking/attachments/{attachment.pk}/")
    assert download.status == 200
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.body == data


def test_access_log_has_no_query_string_or_client_address(servers):
    server_a, _ = servers
    offsets = server_a.log_size()
    assert Browser().get(server_a, "/start/?utm_campaign=s3cr3t").status == 302
    # Gunicorn writes the line once the response is sent, so it may come a moment after it.
    deadline = time.monotonic() + 5
    while '"GET /start/"' not in (log := server_a.log_since(offsets)):
        assert time.monotonic() < deadline, log
        time.sleep(0.05)
    line = next(line for line in log.splitlines() if '"GET /start/"' in line)
    assert line.endswith("ms") and '"GET /start/" 302 0 ' in line
    assert "s3cr3t" not in log
    assert "127.0.0.1" not in line
