import re

from django.core import mail


def link_in(message, path: str) -> str:
    """The path of the first link in ``message`` that starts with ``path`` (site URL removed)."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(path) + r"\S+)", message.body)
    assert match, message.body
    return match.group(1)


def outbox_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]
