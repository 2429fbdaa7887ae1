"""Reading one key of a raw answers dict: each reader returns a clean value or records a problem
with the key it concerns, so ``answers_parse`` reports every problem at once (one line each on the
command line)."""

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django.db import models

from privacyreq.letters.answer_types import EARLIEST_DATE, MAX_DAYS_AHEAD, MAX_SHORT
from privacyreq.letters.emails import email_problem


class Reader:
    def __init__(self, raw: dict[str, Any]):
        self.raw = raw
        self.problems: list[tuple[str, str]] = []

    def fail(self, key: str, message: str) -> None:
        self.problems.append((key, message))

    def text(self, key: str, *, required: bool = False, max_length: int = MAX_SHORT) -> str:
        value = self.raw.get(key)
        if value is None or value == "":
            if required:
                self.fail(key, "is required.")
            return ""
        if not isinstance(value, str):
            self.fail(key, "must be text.")
            return ""
        value = clean_text(value)
        if required and not value.strip():
            self.fail(key, "is required.")
        if len(value) > max_length:
            self.fail(key, f"is too long ({len(value)} characters; at most {max_length}).")
        return value

    def one_of(self, key: str, allowed: type[models.TextChoices], problem: str) -> str:
        """An optional single choice; "" when absent or not one of ``allowed``."""
        value = self.text(key, max_length=40)
        if value and value not in allowed.values:
            self.fail(key, f"{value!r} {problem}; use one of: " + ", ".join(allowed.values) + ".")
            return ""
        return value

    def choices(self, key: str, allowed: type[models.TextChoices], *, required: bool) -> tuple:
        value = self.raw.get(key)
        if value is None or value == []:
            if required:
                self.fail(key, "choose at least one of: " + ", ".join(allowed.values) + ".")
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(key, "must be a list of: " + ", ".join(allowed.values) + ".")
            return ()
        unknown = [item for item in value if item not in allowed.values]
        if unknown:
            self.fail(
                key,
                f"unknown value(s) {', '.join(map(repr, unknown))}; "
                f"use any of: {', '.join(allowed.values)}.",
            )
        # Keep the canonical order so the same answers always give the same letter.
        return tuple(item for item in allowed.values if item in value)

    def services(self, key: str, *, platform: str, known: Sequence[str] | None) -> tuple:
        """An optional list of the platform's service slugs (``known``: None for a controller
        typed in, which has no list to choose from)."""
        value = self.raw.get(key)
        if value is None or value == []:
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(key, "must be a list of the platform's service slugs.")
            return ()
        if known is None:
            self.fail(key, "is only used with a platform from the list, not 'other'.")
            return ()
        unknown = [item for item in value if item not in known]
        if unknown:
            offered = f"use any of: {', '.join(known)}." if known else "it lists none."
            self.fail(
                key,
                f"unknown service(s) {', '.join(map(repr, unknown))} for platform {platform!r}; "
                + offered,
            )
        # The platform's order, so the same answers always give the same letter.
        return tuple(item for item in known if item in value)

    def date(
        self, key: str, *, today: dt.date, required: bool = False, future_ok: bool = False
    ) -> dt.date | None:
        value = self.raw.get(key)
        if value is None or value == "":
            if required:
                self.fail(key, "is required.")
            return None
        if not isinstance(value, str):
            self.fail(key, "must be a date written as YYYY-MM-DD.")
            return None
        try:
            parsed = dt.date.fromisoformat(value)
        except ValueError:
            self.fail(key, f"{value!r} is not a date written as YYYY-MM-DD.")
            return None
        if parsed < EARLIEST_DATE:
            self.fail(key, f"must be on or after {EARLIEST_DATE.isoformat()}.")
        elif not future_ok and parsed > today:
            self.fail(key, "cannot be in the future.")
        elif (parsed - today).days > MAX_DAYS_AHEAD:
            self.fail(key, f"cannot be more than {MAX_DAYS_AHEAD} days after today.")
        return parsed


# C0 and C1 control characters but tab and newline (CR becomes one first). C1 ones (U+0080-U+009F)
# come from text decoded with the wrong code page; no font draws them either.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(value: str) -> str:
    """Drop control characters (they cannot be printed and break PDF text), write every newline as
    LF and trim the ends."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()


def or_list(values: Sequence[str]) -> str:
    """ "a, b or c", for a message listing the values a key takes."""
    values = list(values)
    return ", ".join(values[:-1]) + " or " + values[-1] if len(values) > 1 else values[0]


def check_email(reader: Reader, key: str, value: str) -> None:
    problem = email_problem(value)
    if problem is not None:
        reader.fail(key, f"{value!r} is not a valid email address: {problem}.")
