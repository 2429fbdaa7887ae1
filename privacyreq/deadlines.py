"""Deadline engine: GDPR response periods counted under Regulation (EEC, Euratom) No 1182/71.

Pure functions, dates in and dates out: nothing here reads the clock or touches the database,
so callers pass "today" explicitly and the results are reproducible in tests.

Counting rules (see shared/reference/legal-facts.md):

* Art. 3(1): the day of receipt is not counted, so a period "in months" starts the day after.
* Art. 3(2)(c): it ends on the day in the last month with the same date as the receipt, or on
  that month's last day when the date does not exist (31 Jan -> 28/29 Feb).
* Art. 3(4): an end falling on a Saturday, Sunday or public holiday moves to the next working day,
  repeatedly (25 Dec -> 26 Dec -> weekend -> Monday).
* Art. 2(1): holidays are those of the Member State where the action is taken, i.e. the
  controller's country of establishment (Ireland for most large platforms), hence ``country="IE"``.

Extension (Art. 12(3), "two further months"): we count three months from receipt with the same
rules, not one month (possibly rolled forward) and then two more. The two readings can differ by
a few days when the first month was rolled or clamped. Counting from receipt is usually the
earlier one (rolled first months), but not always: after a clamped month end (31 Jan -> 28 Feb
-> 28 Apr vs 30 Apr) the chained reading is earlier. Reminders wanting the earliest date can
compute both, e.g. ``next_working_day(add_months(response_due(r), 2))``.

United Kingdom: ``holidays`` without a subdivision returns only UK-wide days (no Easter Monday or
August bank holiday), so for GB/UK we default to England's calendar; pass ``subdiv`` ("SCT",
"NIR", "WLS") to choose another.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays

# Without a subdivision the UK calendar misses bank holidays that close every English office.
_DEFAULT_SUBDIV: dict[str, str] = {"GB": "ENG", "UK": "ENG"}


@lru_cache(maxsize=64)
def _normalise(country: str, subdiv: str | None) -> tuple[str, str | None]:
    code = country.strip().upper() if isinstance(country, str) else ""
    # Checking the registry first: holidays resolves names with getattr on its module, so an
    # arbitrary string could otherwise hit something that is not a country at all.
    if code not in holidays.list_supported_countries():
        raise ValueError(
            f"Unknown country code {country!r}: expected an ISO 3166-1 alpha-2 code "
            "supported by the 'holidays' package, e.g. 'IE', 'DE', 'GB'."
        )
    return code, subdiv if subdiv is not None else _DEFAULT_SUBDIV.get(code)


@lru_cache(maxsize=512)
def _holidays(country: str, subdiv: str | None, year: int) -> frozenset[date]:
    # A frozenset rather than the HolidayBase object: the latter silently grows (expand=True)
    # when probed with other years, which would make a shared cached value mutable.
    try:
        calendar_ = holidays.country_holidays(country, subdiv=subdiv, years=year)
    except NotImplementedError as exc:  # raised by holidays for an unknown subdivision
        raise ValueError(f"Unknown subdivision {subdiv!r} for country {country!r}.") from exc
    return frozenset(calendar_.keys())


def is_working_day(day: date, *, country: str = "IE", subdiv: str | None = None) -> bool:
    code, sub = _normalise(country, subdiv)
    return day.weekday() < 5 and day not in _holidays(code, sub, day.year)


def next_working_day(day: date, *, country: str = "IE", subdiv: str | None = None) -> date:
    """Return ``day`` if it is a working day in ``country``, else the next one (Art. 3(4))."""
    while not is_working_day(day, country=country, subdiv=subdiv):
        day += timedelta(days=1)
    return day


def add_months(start: date, months: int) -> date:
    """Same date ``months`` later, clamped to the last day of a shorter month (Art. 3(2)(c))."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _period_end(start: date, months: int, country: str, subdiv: str | None) -> date:
    # add_months already encodes "day of the event not counted": the period runs from the day
    # after receipt up to and including the same date N months on.
    return next_working_day(add_months(start, months), country=country, subdiv=subdiv)


def assumed_receipt(sent: date, *, by_post: bool, post_days: int) -> date:
    """The day a request is taken to reach the controller, from which its month counts (Art. 12(3)
    "within one month of receipt"): the sending day for email and web forms, which arrive at once;
    ``post_days`` after the sending day for a letter in the post, an assumption the letter and the
    result page state as one ("if it arrives by ...")."""
    return sent + timedelta(days=post_days) if by_post else sent


def response_due(
    received: date, *, country: str = "IE", extended: bool = False, subdiv: str | None = None
) -> date:
    """Last day for the controller's answer: one month from receipt, three when extended."""
    return _period_end(received, 3 if extended else 1, country, subdiv)


def final_period_end(received: date, *, days: int, country: str = "IE") -> date:
    """The end of a follow-up's final period: ``days`` after its receipt (the day of receipt not
    counted, as for the month), moved to the next working day like every other period here."""
    return next_working_day(received + timedelta(days=days), country=country)


def authority_update_due(lodged: date, *, country: str = "IE", subdiv: str | None = None) -> date:
    """Art. 78(2): the supervisory authority must report on a complaint within three months of
    its lodging (not of the letters before it): a complaint still to be lodged has no such date."""
    return _period_end(lodged, 3, country, subdiv)


def days_left(due: date, *, today: date) -> int:
    """Whole days until ``due``: 0 on the due date itself, negative once overdue."""
    return (due - today).days
