"""Gunicorn settings for production, read from the environment.

    gunicorn -c python:privacyreq.gunicorn_conf privacyreq.wsgi

Gunicorn serves the app behind a reverse proxy (nginx, README "Production profile") that ends TLS,
buffers slow clients and enforces the request size. Gunicorn reads every module-level name below
that matches one of its settings; the rest are helpers. A malformed variable stops the server at
start-up with a message naming it, as privacyreq/settings.py does for Django's variables (that
module is not imported here: the master process needs none of Django's configuration).
"""

import os

from gunicorn import glogging

from privacyreq.core.logging import RedactSecretsFilter, redact


def _env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}.") from None
    if number < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {number}.")
    return number


def _env_list(name: str, default: str) -> list[str]:
    value = os.environ.get(name, "").strip() or default
    return [item.strip() for item in value.split(",") if item.strip()]


def _cores() -> int:
    # The CPUs this process may run on (a container's or systemd's CPU set), not the host's.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# Loopback by default: only a proxy on the same host can connect, which is what makes trusting
# its X-Forwarded-* headers (forwarded_allow_ips below, DJANGO_BEHIND_PROXY in Django) safe. On
# another host, bind a private address (or `unix:/run/privacyreq/gunicorn.sock`) that only the
# proxy can reach. Comma-separated for several addresses.
bind = _env_list("GUNICORN_BIND", "127.0.0.1:8000")

# The usual 2 * cores + 1 sync workers, capped: each worker is a whole Django + WeasyPrint process
# (~150 MB) holding its own PostgreSQL connection (DATABASE_CONN_MAX_AGE), and PDF rendering is
# CPU-bound, so more workers than that only add memory and connections. PostgreSQL allows 100
# connections by default, shared by every app server and the cron jobs. WEB_CONCURRENCY (the
# conventional name, which gunicorn also reads) overrides the default without a cap.
workers = _env_int("WEB_CONCURRENCY", min(2 * _cores() + 1, 8), minimum=1)
# 1 keeps the plain sync worker: a request has the process to itself, the simplest model for
# CPU-bound rendering. More than 1 switches to gthread workers (more connections per worker).
threads = _env_int("GUNICORN_THREADS", 1, minimum=1)

# A worker silent for this long is killed and replaced. Rendering a letter takes well under a
# second and a complaint bundle a few seconds; 30 s leaves room without letting a stuck render hold
# a worker for minutes. The proxy's read timeout must be longer (nginx: 60 s by default).
timeout = _env_int("GUNICORN_TIMEOUT", 30, minimum=1)
# On restart or deploy (SIGHUP/SIGTERM), workers get this long to finish the request in hand
# (a PDF render, an upload) before they are stopped.
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30, minimum=1)
# Replace each worker after this many requests, so memory a long-lived process slowly accumulates
# (font and layout caches in WeasyPrint, fragmentation) is given back. The jitter spreads the
# restarts so the workers never all restart at once. 0 turns it off.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 10)

# Only the proxy may say the request came over HTTPS (X-Forwarded-Proto); gunicorn ignores those
# headers from any other address. Connections over a Unix socket are always trusted. The same
# addresses as Django's DJANGO_TRUSTED_PROXIES by default: when Django drops the header from an
# untrusted client, it falls back on the scheme gunicorn decided, so the two lists must agree.
forwarded_allow_ips = ",".join(
    _env_list(
        "GUNICORN_FORWARDED_ALLOW_IPS",
        os.environ.get("DJANGO_TRUSTED_PROXIES", "").strip() or "127.0.0.1,::1",
    )
)

# Request limits, written out so they are reviewed with the rest: a request line (our URLs are
# short, with no long query strings) and a header (the session and CSRF cookies fit easily) keep
# gunicorn's defaults; the number of headers is halved from 100, as a browser sends about a dozen.
# Anything larger is a probe or a mistake, refused with 400 before the app sees it.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

# The heartbeat file each worker touches: in memory where available, so a busy or slow disk never
# makes the master think a worker hung (gunicorn's advice for containers).
_SHM = "/dev/shm"  # noqa: S108 (a fixed system path, not a temporary file name)
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None

# Gunicorn 25+ opens a control socket (for `gunicornc`) at one fixed path per user, which two
# servers on one host would fight over. Restarts here go through signals (systemd), so it stays
# off unless GUNICORN_CONTROL_SOCKET names a path for it.
_control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip()
control_socket_disable = not _control_socket
if _control_socket:
    control_socket = _control_socket

# Access log on stdout (journald or the container runtime collects it), with only what operating
# the service needs: time, method, path, status, size and duration. Left out on purpose, because
# the app promises to keep nothing personal it does not need (README):
#   - the client address: behind the proxy it is the proxy's anyway; the proxy's own log is the
#     one place to keep addresses, for as short a time as abuse handling needs;
#   - query strings, referrers and user agents: they can carry identifiers and add nothing here;
#   - secrets in paths (see redact_path below).
# GUNICORN_ACCESS_LOG=off turns the access log off; a path writes it to that file.
_access_log = os.environ.get("GUNICORN_ACCESS_LOG", "-").strip()
accesslog = None if _access_log.lower() in {"", "off", "none", "false", "0"} else _access_log
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info").strip() or "info"

# Paths that are themselves credentials (the private calendar feed, polled by calendar apps for as
# long as the link lives; allauth's password-reset and email-confirmation links) are redacted with
# the app's own rule, privacyreq.core.logging, which imports nothing of Django's.
redact_path = redact

# One instance, so a configuration reload (SIGHUP runs setup again) never stacks a second copy.
_REDACT_SECRETS = RedactSecretsFilter()


class AccessLogger(glogging.Logger):
    """Gunicorn's logger, with secret tokens in paths replaced before a line is written."""

    def setup(self, cfg):
        super().setup(cfg)
        # The error log names the path of a request that failed ("Error handling request /...").
        # The access log's path atoms are redacted below; the filter there catches any other atom
        # an operator's --access-logformat adds (a header, the referrer).
        for log in (self.error_log, self.access_log):
            log.addFilter(_REDACT_SECRETS)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = redact_path(atoms.get("U") or "")
        # Not in our format, but an operator's --access-logformat may use the request line: the
        # same path, still without the query string.
        atoms["r"] = f"{atoms['m']} {atoms['U']} {atoms['H']}"
        return atoms


logger_class = AccessLogger
