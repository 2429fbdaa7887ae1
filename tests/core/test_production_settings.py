"""The production profile's settings: shared cache, file storage, gunicorn, and `check --deploy`.

None of these tests needs Redis, S3 or a PostgreSQL server: the settings must be complete and valid
without connecting to any of them (a deployment checks its configuration before the services are
reachable), and the tests prove nothing connects.
"""

import datetime as dt
import importlib.util
import os
import secrets
import select
import socket
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from gunicorn.config import Config
from storages.backends.s3 import S3Storage

from privacyreq.env import env_cache, env_file_storage

BASE_DIR = Path(__file__).resolve().parents[2]
S3_VARIABLES = [
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_LOCATION",
]


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a TCP connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network connection attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


# --- CACHE_URL -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "db"])
def test_cache_defaults_to_the_database_table_every_server_shares(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("CACHE_URL", raising=False)
    else:
        monkeypatch.setenv("CACHE_URL", value)
    cache = env_cache("CACHE_URL")
    assert cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert cache["LOCATION"] == "privacyreq_cache"
    # Culling (above MAX_ENTRIES, Django's default 300) would delete live rate-limit counters.
    assert cache["OPTIONS"]["MAX_ENTRIES"] >= 10_000


@pytest.mark.skipif(
    env_cache("CACHE_URL")["BACKEND"] != "django.core.cache.backends.db.DatabaseCache",
    reason="this run uses CACHE_URL's Redis",
)
def test_database_cache_keeps_counters_past_djangos_default_size(db):
    cache = caches["default"]
    cache.set("allauth:rl:login_failed:target", [1.0], 300)
    for number in range(400):  # Django would have culled a third of these at 301
        cache.set(f"other:{number}", number, 300)
    assert cache.get("allauth:rl:login_failed:target") == [1.0]


@pytest.mark.parametrize(
    "url", ["redis://127.0.0.1:6379/0", "rediss://:secret@cache.internal:6380/2"]
)
def test_cache_url_selects_redis(monkeypatch, url):
    monkeypatch.setenv("CACHE_URL", url)
    assert env_cache("CACHE_URL") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
    }


@pytest.mark.parametrize("value", ["garbage", "locmem://", "memcached://127.0.0.1:11211"])
def test_other_cache_urls_are_refused_naming_the_variable(monkeypatch, value):
    # A per-process fallback would silently split rate limits between app servers.
    monkeypatch.setenv("CACHE_URL", value)
    with pytest.raises(ImproperlyConfigured, match=f"CACHE_URL must be .*{value}"):
        env_cache("CACHE_URL")


# --- FILE_STORAGE ----------------------------------------------------------------------------


def s3_environment(monkeypatch, **values: str) -> None:
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FILE_STORAGE", "s3")
    for name, value in values.items():
        monkeypatch.setenv(name, value)


@pytest.mark.parametrize("value", [None, "local", " Local "])
def test_file_storage_defaults_to_local_media_root(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("FILE_STORAGE", raising=False)
    else:
        monkeypatch.setenv("FILE_STORAGE", value)
    assert env_file_storage("FILE_STORAGE") == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_s3_storage_keeps_objects_private_and_never_overwrites(monkeypatch):
    s3_environment(
        monkeypatch,
        AWS_STORAGE_BUCKET_NAME="privacyreq-files",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    storage = env_file_storage("FILE_STORAGE")
    assert storage == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "privacyreq-files",
            "endpoint_url": "http://127.0.0.1:9000",
            # No public URL for anyone's letters: downloads go through the views that check the
            # owner, and a URL the storage hands out is signed and expires.
            "default_acl": "private",
            "querystring_auth": True,
            # Two uploads with the same name never replace each other.
            "file_overwrite": False,
            "location": "",
        },
    }


def test_s3_storage_passes_region_keys_and_prefix(monkeypatch):
    s3_environment(
        monkeypatch,
        AWS_STORAGE_BUCKET_NAME="privacyreq-files",
        AWS_S3_REGION_NAME="eu-central-1",
        AWS_ACCESS_KEY_ID="AKIAEXAMPLE",
        AWS_SECRET_ACCESS_KEY="example-secret",
        AWS_LOCATION="production",
    )
    options = env_file_storage("FILE_STORAGE")["OPTIONS"]
    assert options["region_name"] == "eu-central-1"
    assert options["access_key"] == "AKIAEXAMPLE"
    assert options["secret_key"] == "example-secret"
    assert options["location"] == "production"
    assert "endpoint_url" not in options  # AWS itself


def test_s3_storage_without_a_bucket_is_refused(monkeypatch):
    s3_environment(monkeypatch, AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000")
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME is required"):
        env_file_storage("FILE_STORAGE")


def test_unknown_file_storage_is_refused_naming_the_variable(monkeypatch):
    monkeypatch.setenv("FILE_STORAGE", "ftp")
    with pytest.raises(ImproperlyConfigured, match="FILE_STORAGE must be local or s3, not 'ftp'"):
        env_file_storage("FILE_STORAGE")


def test_s3_storage_can_be_built_from_the_options_offline(monkeypatch, no_network):
    s3_environment(
        monkeypatch,
        AWS_STORAGE_BUCKET_NAME="privacyreq-files",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        AWS_ACCESS_KEY_ID="AKIAEXAMPLE",
        AWS_SECRET_ACCESS_KEY="example-secret",
    )
    storage = S3Storage(**env_file_storage("FILE_STORAGE")["OPTIONS"])
    assert storage.bucket_name == "privacyreq-files"
    assert storage.default_acl == "private"
    assert storage.file_overwrite is False
    # Signing is local: a URL for an object comes out without any request to the endpoint, and it
    # is a signed, expiring one (path-style for a custom endpoint such as MinIO).
    url = storage.url("cases/1/reply.pdf")
    assert url.startswith("http://127.0.0.1:9000/privacyreq-files/cases/1/reply.pdf?")
    assert "Signature=" in url and "Expires=" in url


# --- The whole production profile, in a fresh process -----------------------------------------


@pytest.fixture
def trap():
    """A TCP port that accepts connections but never answers: anything connecting to it is seen.

    The production profile below points the database, Redis and S3 at it, so a test can show that
    loading the settings and running the checks opens no connection.
    """
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    port = listener.getsockname()[1]
    connected = SimpleNamespace(
        port=port, attempted=lambda: bool(select.select([listener], [], [], 0)[0])
    )
    yield connected
    listener.close()


def production_environment(port: int) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "AWS_", "GUNICORN_"))
        and name not in {"DATABASE_URL", "CACHE_URL", "FILE_STORAGE", "MEDIA_ROOT"}
    }
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="privacyreq.example.org",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://privacyreq.example.org",
        SITE_URL="https://privacyreq.example.org",
        DJANGO_BEHIND_PROXY="true",
        DJANGO_SECURE="true",
        ALLAUTH_TRUSTED_PROXY_COUNT="1",
        DATABASE_URL=f"postgres://privacyreq:secret@127.0.0.1:{port}/privacyreq",
        CACHE_URL=f"redis://127.0.0.1:{port}/0",
        FILE_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="privacyreq-files",
        AWS_S3_ENDPOINT_URL=f"http://127.0.0.1:{port}",
        AWS_ACCESS_KEY_ID="AKIAEXAMPLE",
        AWS_SECRET_ACCESS_KEY="example-secret",
    )
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_profile_passes_deploy_check_without_connecting(trap):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_environment(trap.port),
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # Only W021: HSTS preload is the domain owner's choice (privacyreq/settings.py).
    assert "System check identified no issues (1 silenced)." in result.stdout
    assert "WARNING" not in output
    # Without --database, Django's checks leave the database alone; the cache and the storage
    # are only configured, not contacted.
    assert not trap.attempted()


def test_production_refuses_the_development_key(trap):
    env = production_environment(trap.port)
    env["DJANGO_SECRET_KEY"] = "insecure-development-key-do-not-use-in-production"
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set to a secret value when DEBUG is off." in result.stderr


def test_a_proxy_that_redirects_to_https_itself_passes_the_deploy_check(trap):
    env = production_environment(trap.port) | {"DJANGO_SECURE_SSL_REDIRECT": "false"}
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    # W021 (no preload) and W008 (no redirect here: the operator said the proxy does it).
    assert "System check identified no issues (2 silenced)." in result.stdout


def test_a_domain_owner_who_chooses_hsts_preload_has_nothing_silenced(trap):
    env = production_environment(trap.port) | {"DJANGO_HSTS_PRELOAD": "true"}
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


PROFILE_PROBE = """
import django
django.setup()
from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import storages
from django.db import connection
print(type(caches["default"]).__name__, type(storages["default"]).__name__, connection.vendor)
print(settings.SECURE_PROXY_SSL_HEADER, settings.ALLAUTH_TRUSTED_PROXY_COUNT)
print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT)
"""


def test_production_profile_selects_redis_s3_and_postgresql(trap):
    env = production_environment(trap.port) | {"DJANGO_SETTINGS_MODULE": "privacyreq.settings"}
    result = run(["-c", PROFILE_PROBE], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "RedisCache S3Storage postgresql",
        "('HTTP_X_FORWARDED_PROTO', 'https') 1",
        "True True True",
    ]
    assert not trap.attempted()


# --- gunicorn --------------------------------------------------------------------------------


def gunicorn_config(monkeypatch, **env: str):
    """privacyreq/gunicorn_conf.py loaded as gunicorn loads it, validated by gunicorn itself."""
    for name in list(os.environ):
        if name.startswith("GUNICORN_") or name in ("WEB_CONCURRENCY", "DJANGO_TRUSTED_PROXIES"):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.find_spec("privacyreq.gunicorn_conf")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    config = Config()
    for name, value in vars(module).items():
        if name in config.settings:
            config.set(name, value)
    return module, config


def test_gunicorn_defaults_suit_a_server_behind_a_local_proxy(monkeypatch):
    module, config = gunicorn_config(monkeypatch)
    assert config.bind == ["127.0.0.1:8000"]
    cores = len(os.sched_getaffinity(0))
    assert config.workers == min(2 * cores + 1, 8)
    assert config.threads == 1
    assert config.worker_class_str == "sync"
    assert config.timeout == 30
    assert config.graceful_timeout == 30
    assert config.max_requests == 1000
    assert config.max_requests_jitter == 100
    assert config.forwarded_allow_ips == ["127.0.0.1", "::1"]
    assert config.limit_request_line == 4094
    assert config.limit_request_fields == 50
    assert config.accesslog == "-"
    assert config.logger_class is module.AccessLogger


def test_gunicorn_trusts_the_same_proxies_as_django_by_default(monkeypatch):
    # Django drops X-Forwarded-Proto from anyone else and falls back on gunicorn's scheme: the
    # two lists must agree unless the operator says otherwise.
    _, config = gunicorn_config(monkeypatch, DJANGO_TRUSTED_PROXIES="10.0.0.7,10.0.1.0/24")
    assert config.forwarded_allow_ips == ["10.0.0.7", "10.0.1.0/24"]
    _, config = gunicorn_config(
        monkeypatch, DJANGO_TRUSTED_PROXIES="10.0.0.7", GUNICORN_FORWARDED_ALLOW_IPS="10.0.0.9"
    )
    assert config.forwarded_allow_ips == ["10.0.0.9"]


def test_gunicorn_workers_follow_the_cpu_count_where_there_are_no_cpu_sets(monkeypatch):
    # macOS and the BSDs have no sched_getaffinity: count the machine's CPUs instead.
    monkeypatch.delattr(os, "sched_getaffinity")
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    _, config = gunicorn_config(monkeypatch)
    assert config.workers == 5
    monkeypatch.setattr(os, "cpu_count", lambda: None)  # unknown: one core assumed
    _, config = gunicorn_config(monkeypatch)
    assert config.workers == 3
    assert config.control_socket_disable is True


def test_gunicorn_settings_come_from_the_environment(monkeypatch):
    _, config = gunicorn_config(
        monkeypatch,
        GUNICORN_BIND="10.0.0.5:8000,unix:/run/privacyreq.sock",
        WEB_CONCURRENCY="12",
        GUNICORN_THREADS="4",
        GUNICORN_TIMEOUT="60",
        GUNICORN_MAX_REQUESTS="0",
        GUNICORN_FORWARDED_ALLOW_IPS="10.0.0.1, 10.0.0.2",
        GUNICORN_ACCESS_LOG="off",
        GUNICORN_CONTROL_SOCKET="/run/privacyreq/gunicorn.ctl",
    )
    assert config.bind == ["10.0.0.5:8000", "unix:/run/privacyreq.sock"]
    assert config.workers == 12  # an explicit choice is not capped
    assert config.threads == 4
    assert config.worker_class_str == "gthread"
    assert config.timeout == 60
    assert (config.max_requests, config.max_requests_jitter) == (0, 0)
    assert config.forwarded_allow_ips == ["10.0.0.1", "10.0.0.2"]
    assert config.accesslog is None
    assert config.control_socket == "/run/privacyreq/gunicorn.ctl"
    assert config.control_socket_disable is False


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("WEB_CONCURRENCY", "many", "WEB_CONCURRENCY must be a whole number"),
        ("WEB_CONCURRENCY", "0", "WEB_CONCURRENCY must be at least 1"),
        ("GUNICORN_TIMEOUT", "30s", "GUNICORN_TIMEOUT must be a whole number"),
    ],
)
def test_gunicorn_refuses_malformed_values_naming_the_variable(monkeypatch, name, value, message):
    with pytest.raises(ValueError, match=message):
        gunicorn_config(monkeypatch, **{name: value})


def test_gunicorn_access_log_keeps_no_address_query_string_or_token(monkeypatch):
    module, config = gunicorn_config(monkeypatch)
    logger = module.AccessLogger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/tracking/calendar/s3cr3t-token.ics?utm_source=mail",
        "PATH_INFO": "/tracking/calendar/s3cr3t-token.ics",
        "QUERY_STRING": "utm_source=mail",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": "https://privacyreq.example.org/settings/",
        "HTTP_USER_AGENT": "Calendar/1.0",
    }
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    request = [("USER-AGENT", "Calendar/1.0")]
    atoms = logger.atoms_wrapper_class(
        logger.atoms(response, request, environ, dt.timedelta(milliseconds=42))
    )
    line = config.access_log_format % atoms
    assert line.endswith('"GET /tracking/calendar/[redacted].ics" 200 512 42ms')
    for private in ["s3cr3t", "utm_source", "203.0.113.9", "Calendar/1.0", "settings/"]:
        assert private not in line
    # The request line, for an operator's own format, is redacted the same way.
    assert atoms["r"] == "GET /tracking/calendar/[redacted].ics HTTP/1.1"


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/accounts/password/reset/key/3-abc123/", "/accounts/password/reset/key/[redacted]/"),
        ("/accounts/confirm-email/Mjk:1x/", "/accounts/confirm-email/[redacted]/"),
        ("/tracking/requests/12/attach/", "/tracking/requests/12/attach/"),
        ("/start/country/", "/start/country/"),
    ],
)
def test_gunicorn_redacts_only_secret_path_segments(monkeypatch, path, logged):
    module, _ = gunicorn_config(monkeypatch)
    assert module.redact_path(path) == logged
