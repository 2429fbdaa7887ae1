"""Secrets kept out of the logs: URL paths that are themselves credentials, redacted.

Three kinds of link work without a login, so whoever reads one in a log can use it:

- the private calendar feed, ``/tracking/calendar/<token>.ics`` (privacyreq/tracking/urls.py),
  which calendar apps poll for as long as the link lives;
- allauth's password-reset links, ``/accounts/password/reset/key/<uid>-<key>/``;
- allauth's email-confirmation links, ``/accounts/confirm-email/<key>/``.

Django writes such a path in its "Not Found: ..." warning when a token is wrong or revoked, and
gunicorn in its access and error logs. ``redact`` replaces the secret segment in any text;
``RedactSecretsFilter`` applies it to a log record before a handler writes it. Settings attach the
filter to every handler Django's own records reach (settings.LOGGING); privacyreq/gunicorn_conf.py
uses both for gunicorn's logs. This module imports nothing of Django's: the gunicorn master
imports it without Django's settings.
"""

import logging
import re

# The secret is the rest of the path segment. A query string, a fragment, a space or a quote ends
# it too: the path may stand inside a request line ('"GET /tracking/calendar/... HTTP/1.1"').
# Any case, since a mistyped prefix still reaches the logs as a 404 with the token in it.
_SECRET_IN_PATH = re.compile(
    r"(?P<prefix>/tracking/calendar/|/password/reset/key/|/confirm-email/)"
    r"(?P<secret>[^/?#\s\"'<>]+)",
    re.IGNORECASE,
)
REDACTED = "[redacted]"


def _replace(match: re.Match[str]) -> str:
    # The feed keeps its extension, so a log line still says which kind of link it was.
    secret = match["secret"]
    keep = secret[-4:] if secret.lower().endswith(".ics") else ""
    return f"{match['prefix']}{REDACTED}{keep}"


def redact(text: str) -> str:
    """``text`` with the secret segment of every credential path replaced by ``[redacted]``."""
    return _SECRET_IN_PATH.sub(_replace, text)


class RedactSecretsFilter(logging.Filter):
    """Redact credential paths in a record's message, arguments, traceback and stack.

    The record is changed in place and never dropped: the line is still written, without the
    secret. String arguments are redacted one by one, so the message keeps its template (log
    tools group by it); if the formatted message still holds a secret (in the template itself, or
    an argument that is not a string but prints as one, such as a request), the record is reduced
    to its redacted text.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        try:
            message, fits = record.getMessage(), True
        except (TypeError, ValueError, KeyError):
            # Arguments that do not fit the message: logging would print both, unredacted, in
            # its own error report. The line is written instead, both in it, redacted.
            message, fits = f"{record.msg} {record.args!r}", False
        redacted = redact(message)
        if redacted != message or not fits:
            record.msg, record.args = redacted, ()
        if record.exc_info and not record.exc_text:
            # Formatted here (as any Formatter would, and cached on the record where every
            # formatter looks first) so an exception's message is redacted too.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
