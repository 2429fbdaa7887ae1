"""Which facts about a platform the letters may state: the one place that decides it.

Each fact a platform's record holds may carry its provenance in ``Platform.facts`` (a source and
a status). A letter is something the user signs and sends, so it states nothing that no source
confirms: a fact marked "not_confirmed" reads as empty here, and the letter's templates, which
already leave out an empty fact, say nothing about it. Its page still shows it, marked
"not confirmed" (``templatetags/fact_status``).

"reported" facts (stated by the press or another third party, with the source named) are still
stated, because the records the letters were written from rely on some of them (X's company and
address, for one); ``LETTER_STATUSES`` is the one switch to leave them out too.
"""

from __future__ import annotations

from typing import Any

from privacyreq.reference.models import FACT_FIELDS, FactStatus, Platform

LETTER_STATUSES = frozenset({FactStatus.CONFIRMED, FactStatus.REPORTED})

# What a fact the letters may not state reads as: what an empty field holds.
_EMPTY: dict[str, Any] = {"ai_switched_on": None, "lead_authority": None}

# Properties of a platform derived from one fact field: they follow that field's status.
_DERIVED = {"address_lines": "postal_address"}


def fact_entry(platform: Platform, field: str) -> dict[str, str]:
    """The source, status and note recorded for ``field``; {} where it has none."""
    entry = (platform.facts or {}).get(field)
    return entry if isinstance(entry, dict) else {}


def fact_status(platform: Platform, field: str) -> str:
    """The status recorded for ``field``, or "" where it has no entry."""
    return fact_entry(platform, field).get("status") or ""


def fact_counts(platform: Platform) -> dict[str, int]:
    """How many of the platform's facts have each status, for the page's summary line."""
    counts = dict.fromkeys(FactStatus.values, 0)
    for entry in (platform.facts or {}).values():
        if isinstance(entry, dict) and entry.get("status") in counts:
            counts[entry["status"]] += 1
    return counts


def fact_stated(platform: Platform, field: str) -> bool:
    """Whether the letters may state ``field`` of ``platform`` (and what rests on it)."""
    return _stated(platform, field)


def _stated(platform: Platform, field: str) -> bool:
    # A fact without an entry is covered by the record's own sources (records written before
    # facts had statuses): stated, as before.
    status = fact_status(platform, field)
    return status == "" or status in LETTER_STATUSES


def letter_fact(platform: Platform, field: str) -> Any:
    """Field ``field`` of ``platform`` as a letter may state it: its value, or empty ("", None,
    []) when its status is not one the letters use."""
    if field in _DERIVED:
        return getattr(platform, field) if _stated(platform, _DERIVED[field]) else []
    if _stated(platform, field):
        return getattr(platform, field)
    return _EMPTY.get(field, "")


class LetterPlatform:
    """A platform as the letters' templates see it: every fact field through ``letter_fact``,
    everything else (slug, services, controllers per jurisdiction) as the row has it."""

    def __init__(self, platform: Platform):
        self._platform = platform

    @property
    def row(self) -> Platform:
        return self._platform

    def __getattr__(self, name: str) -> Any:
        if name in FACT_FIELDS or name in _DERIVED:
            return letter_fact(self._platform, name)
        return getattr(self._platform, name)


def letter_platform(platform: Platform | None) -> LetterPlatform | None:
    return LetterPlatform(platform) if platform is not None else None
