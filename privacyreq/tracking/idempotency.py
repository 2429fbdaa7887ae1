"""Double submits: the second of two identical posts (a double click, a browser retrying, a second
tab) finds what the first one did instead of doing it again, and is not an error.

A service that reads a row and then writes from what it read locks the row and reads it again
first (``row_lock``), inside its transaction: of two submits at once, the second waits for the
first to commit and then sees its work. PostgreSQL locks the row (``SELECT ... FOR UPDATE``).
SQLite has no row locks and ignores it; there every transaction takes the database's write lock
when it begins (``transaction_mode`` IMMEDIATE in settings), which serialises them as well.
"""

import hashlib
import json
from typing import Any

from django.db import models

from privacyreq.tracking.transitions import TransitionRefused


class AlreadyDone(TransitionRefused):
    """What the form asked for was done by an earlier submit of the same form: nothing was
    written, and the page says so as information rather than as an error."""


def row_lock(instance: models.Model) -> None:
    """Lock ``instance``'s row until the transaction ends and read it again. Call it inside
    ``transaction.atomic``, before the checks that decide what to write."""
    manager = type(instance)._default_manager
    instance.refresh_from_db(from_queryset=manager.select_for_update())


def draft_key(answers: dict[str, Any]) -> str:
    """The same letters, recognised: the sha256 of the answers they were written from
    (``Answers.to_json``), which say everything the letters say, their date included. Letters
    written again from the same answers on the same day are the same letters."""
    canonical = json.dumps(answers, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()
