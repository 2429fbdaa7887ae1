"""Credentials in paths never reach a log line: a calendar feed's token (and a password-reset or
email-confirmation key) is redacted by the filter every configured handler writes through, in
Django's logs as in gunicorn's."""

import datetime as dt
import importlib.util
import io
import logging
import secrets
import sys
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from privacyreq.core.logging import RedactSecretsFilter, redact

TOKEN = secrets.token_urlsafe(32)
FEED = f"/tracking/calendar/{TOKEN}.ics"
REDACTED_FEED = "/tracking/calendar/[redacted].ics"


@contextmanager
def written_by(handler: logging.StreamHandler):
    """What ``handler`` writes meanwhile, instead of its stream."""
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    try:
        yield buffer
    finally:
        handler.setStream(previous)


def configured_handler(logger: logging.Logger, name: str) -> logging.StreamHandler:
    """The handler settings.LOGGING gave ``logger`` under ``name``."""
    (handler,) = [h for h in logger.handlers if h.get_name() == name]
    assert isinstance(handler, logging.StreamHandler)
    return handler


def record(msg, *args, exc_info=None) -> logging.LogRecord:
    return logging.LogRecord("django.request", logging.WARNING, __file__, 1, msg, args, exc_info)


def filtered(item: logging.LogRecord) -> logging.LogRecord:
    assert RedactSecretsFilter().filter(item) is True  # a record is redacted, never dropped
    return item


# --- Django's logs, as configured --------------------------------------------------------------


@pytest.mark.django_db
def test_a_wrong_calendar_token_is_redacted_in_every_log_line(client, caplog):
    console = configured_handler(logging.getLogger(), "console")

    with written_by(console) as console_output, caplog.at_level(logging.INFO):
        response = client.get(FEED)

    assert response.status_code == 404
    # The 404 is still logged, with the path an operator needs, minus the secret.
    assert console_output.getvalue() == f"Not Found: {REDACTED_FEED}\n"
    assert caplog.records, "the 404 was logged"
    for item in caplog.records:
        assert TOKEN not in item.getMessage()
    assert TOKEN not in caplog.text


def test_every_handler_django_records_reach_redacts():
    """Django's own default handlers (its DEBUG console, the admins' email) were set up before
    settings.LOGGING and had no filter; no handler may be left that writes without one."""
    pytest_handlers = sys.modules["_pytest.logging"]

    def handlers(name: str) -> list[logging.Handler]:
        found: list[logging.Handler] = []
        logger: logging.Logger | None = logging.getLogger(name)
        while logger is not None:
            found += [h for h in logger.handlers if type(h).__module__ != pytest_handlers.__name__]
            logger = logger.parent if logger.propagate else None
        return found

    for name in ["django.request", "django.security.csrf", "django.server", "privacyreq"]:
        reached = handlers(name)
        assert reached, name
        for handler in reached:
            assert any(isinstance(f, RedactSecretsFilter) for f in handler.filters), (name, handler)


def test_runserver_request_lines_are_redacted():
    handler = configured_handler(logging.getLogger("django.server"), "django.server")

    with written_by(handler) as output:
        logging.getLogger("django.server").info(
            '"%s" %s %s', f"GET {FEED}?refresh=1 HTTP/1.1", "404", "179"
        )

    assert output.getvalue().endswith(f'"GET {REDACTED_FEED}?refresh=1 HTTP/1.1" 404 179\n')
    assert TOKEN not in output.getvalue()


# --- The filter ----------------------------------------------------------------------------------


def test_string_arguments_are_redacted_and_the_message_keeps_its_template():
    item = filtered(record("Not Found: %s", FEED))
    assert item.msg == "Not Found: %s"
    assert item.args == (REDACTED_FEED,)
    assert item.getMessage() == f"Not Found: {REDACTED_FEED}"


def test_a_path_in_the_message_itself_is_redacted():
    assert filtered(record(f"Not Found: {FEED}")).getMessage() == f"Not Found: {REDACTED_FEED}"


def test_an_argument_that_prints_a_secret_leaves_only_the_redacted_text():
    request = type("Request", (), {"__str__": lambda self: f"<WSGIRequest: GET '{FEED}'>"})()
    item = filtered(record("Bad request %s from %s", request, "203.0.113.9"))
    assert item.getMessage() == f"Bad request <WSGIRequest: GET '{REDACTED_FEED}'> from 203.0.113.9"
    assert TOKEN not in logging.Formatter().format(item)


def test_mapping_arguments_are_redacted():
    item = filtered(record("%(m)s %(U)s %(s)s", {"m": "GET", "U": FEED, "s": 404}))
    assert item.getMessage() == f"GET {REDACTED_FEED} 404"


def test_a_traceback_and_a_stack_are_redacted():
    try:
        raise ValueError(f"cannot serve {FEED}")
    except ValueError:
        item = record("Internal Server Error: %s", FEED, exc_info=sys.exc_info())
    item.stack_info = f'Stack (most recent call last):\n  File "x.py", in feed  # {FEED}'

    text = logging.Formatter().format(filtered(item))

    assert TOKEN not in text
    assert f"ValueError: cannot serve {REDACTED_FEED}" in text
    assert f"# {REDACTED_FEED}" in text


def test_a_path_built_from_the_template_and_an_argument_is_redacted():
    item = filtered(record("Feed /tracking/calendar/%s.ics polled", TOKEN))
    assert item.getMessage() == f"Feed {REDACTED_FEED} polled"


def test_arguments_that_do_not_fit_are_written_redacted_rather_than_reported_raw():
    item = filtered(record("Not Found: %s %s", FEED))
    assert TOKEN not in item.getMessage()
    assert REDACTED_FEED in item.getMessage()


@pytest.mark.parametrize(
    ("text", "logged"),
    [
        (FEED, REDACTED_FEED),
        # A calendar app that lost the extension, a mistyped case: the token is still there.
        (f"/tracking/calendar/{TOKEN}", "/tracking/calendar/[redacted]"),
        (f"/Tracking/Calendar/{TOKEN}.ICS", "/Tracking/Calendar/[redacted].ICS"),
        (f"https://privacyreq.example.org{FEED}", f"https://privacyreq.example.org{REDACTED_FEED}"),
        (f'"GET {FEED} HTTP/1.1" 404', f'"GET {REDACTED_FEED} HTTP/1.1" 404'),
        (f"{FEED}?x=1#y", f"{REDACTED_FEED}?x=1#y"),
        ("/accounts/password/reset/key/3-abc123/", "/accounts/password/reset/key/[redacted]/"),
        ("/accounts/confirm-email/Mjk:1x/", "/accounts/confirm-email/[redacted]/"),
        # Already redacted: unchanged.
        (REDACTED_FEED, REDACTED_FEED),
        # Not secrets: one request's deadline, the questionnaire, the calendar settings.
        ("/tracking/requests/12/deadline.ics", "/tracking/requests/12/deadline.ics"),
        ("/start/country/", "/start/country/"),
        ("/settings/calendar/", "/settings/calendar/"),
    ],
)
def test_only_the_secret_segment_is_redacted(text, logged):
    assert redact(text) == logged
    assert filtered(record("%s", text)).getMessage() == logged


# --- gunicorn ------------------------------------------------------------------------------------


def gunicorn_logger(monkeypatch):
    """privacyreq/gunicorn_conf.py's logger, set up as gunicorn sets it up."""
    for name in ["GUNICORN_ACCESS_LOG", "GUNICORN_LOG_LEVEL"]:
        monkeypatch.delenv(name, raising=False)
    spec = importlib.util.find_spec("privacyreq.gunicorn_conf")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    config = Config()
    for name, value in vars(module).items():
        if name in config.settings:
            config.set(name, value)
    return module.AccessLogger(config), config


def test_gunicorn_error_log_redacts_the_path_of_a_failed_request(monkeypatch):
    logger, config = gunicorn_logger(monkeypatch)
    logger.setup(config)  # a reload (SIGHUP) sets it up again: still one filter
    assert sum(isinstance(f, RedactSecretsFilter) for f in logger.error_log.filters) == 1
    output = io.StringIO()
    capture = logging.StreamHandler(output)
    logger.error_log.addHandler(capture)
    try:
        try:
            raise OSError("connection reset")
        except OSError:
            logger.exception("Error handling request %s", f"{FEED}?refresh=1")
    finally:
        logger.error_log.removeHandler(capture)

    assert output.getvalue().startswith(f"Error handling request {REDACTED_FEED}?refresh=1\n")
    assert TOKEN not in output.getvalue()


def test_gunicorn_access_log_keeps_the_feed_extension(monkeypatch):
    logger, _ = gunicorn_logger(monkeypatch)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": FEED,
        "PATH_INFO": FEED,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    response = SimpleNamespace(status="404 Not Found", sent=179, headers=[])
    atoms = logger.atoms_wrapper_class(
        logger.atoms(response, [], environ, dt.timedelta(milliseconds=3))
    )
    # An operator's own format with the referrer, say: the filter on the access log catches it.
    item = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, '"%(r)s" %(s)s "%(f)s"', (atoms,), None
    )
    atoms["f"] = f"https://privacyreq.example.org{FEED}"
    assert logger.access_log.filter(item)

    assert item.getMessage() == (
        f'"GET {REDACTED_FEED} HTTP/1.1" 404 "https://privacyreq.example.org{REDACTED_FEED}"'
    )
