"""Signed links in the emails: nothing secret is stored, the signature (SECRET_KEY) is the proof.

Each token names the watcher and the moment it was created, so a link stays tied to that
subscription: once it is deleted, a new one for the same address is not reached by old links.
"""

from typing import Any

from django.core import signing

from privacyreq.alerts.models import Watcher

CONFIRM_SALT = "privacyreq.alerts.confirm"
UNSUBSCRIBE_SALT = "privacyreq.alerts.unsubscribe"


def _stamp(watcher: Watcher) -> int:
    return int(watcher.created_at.timestamp())


def confirm_token_make(*, watcher: Watcher, platforms: list[str], language: str) -> str:
    """What confirming applies travels in the link, so a confirmed subscription is only changed
    by its owner clicking, never by somebody typing the address into the form."""
    payload = {"w": watcher.pk, "c": _stamp(watcher), "p": platforms, "l": language}
    return signing.dumps(payload, salt=CONFIRM_SALT, compress=True)


def confirm_token_read(*, token: str, max_age_seconds: int) -> dict[str, Any] | None:
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age_seconds)
    except signing.BadSignature:  # expired links included (SignatureExpired is one)
        return None
    return payload if isinstance(payload, dict) else None


def unsubscribe_token_make(*, watcher: Watcher) -> str:
    # No expiry: an unsubscribe link must work however old the email is.
    return signing.dumps({"w": watcher.pk, "c": _stamp(watcher)}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_read(*, token: str) -> dict[str, Any] | None:
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return payload if isinstance(payload, dict) else None


def watcher_for(payload: dict[str, Any]) -> Watcher | None:
    """The watcher a token names, if it still exists and is the same subscription."""
    pk = payload.get("w")
    watcher = Watcher.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if watcher is None or _stamp(watcher) != payload.get("c"):
        return None
    return watcher
