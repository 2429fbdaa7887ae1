"""Tests for the deadline engine (Regulation 1182/71 counting).

Every expected date below was worked out by hand from a calendar (weekday noted in the comment)
and the Irish public holiday rules in shared/reference/legal-facts.md, not copied from the
implementation's output. No database is needed.
"""

import calendar
from datetime import date, timedelta

import holidays
import pytest

from privacyreq.deadlines import (
    add_months,
    authority_update_due,
    days_left,
    next_working_day,
    response_due,
)

D = date.fromisoformat


def test_ireland_calendar_matches_reference_rules() -> None:
    # Guards the assumptions used in the hand-computed dates below against a holidays upgrade.
    expected = {
        "2025-01-01",  # New Year's Day
        "2025-02-03",  # St Brigid's: first Monday of February
        "2025-03-17",  # St Patrick's Day
        "2025-04-21",  # Easter Monday (Easter Sunday 20 Apr 2025); Good Friday is not one
        "2025-05-05",  # first Monday of May
        "2025-06-02",  # first Monday of June
        "2025-08-04",  # first Monday of August
        "2025-10-27",  # last Monday of October
        "2025-12-25",
        "2025-12-26",  # St Stephen's Day
    }
    assert set(holidays.country_holidays("IE", years=2025)) == {D(d) for d in expected}


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Art. 3(2)(c): same date one month later.
        ("2024-03-05", "2024-04-05"),  # Fri 5 Apr 2024
        ("2025-03-05", "2025-04-07"),  # Sat 5 Apr 2025 -> Mon 7 Apr
        # Missing date: last day of the month.
        ("2025-01-31", "2025-02-28"),  # Fri
        ("2024-01-31", "2024-02-29"),  # leap year, Thu
        ("2025-01-30", "2025-02-28"),
        ("2025-01-29", "2025-02-28"),
        ("2024-01-30", "2024-02-29"),
        ("2026-01-30", "2026-03-02"),  # clamp to Sat 28 Feb 2026, then roll to Mon 2 Mar
        ("2025-03-31", "2025-04-30"),  # Wed
        # Art. 3(4): weekend.
        ("2025-10-15", "2025-11-17"),  # Sat 15 Nov -> Mon 17 Nov
        ("2026-03-05", "2026-04-07"),  # Sun 5 Apr 2026 -> Mon 6 is Easter Monday -> Tue 7
        # Art. 3(4): Irish public holidays.
        ("2025-02-17", "2025-03-18"),  # St Patrick's Day, Mon 17 Mar 2025
        ("2026-02-17", "2026-03-18"),  # St Patrick's Day, Tue 17 Mar 2026
        ("2025-03-21", "2025-04-22"),  # Easter Monday 21 Apr 2025
        ("2025-04-05", "2025-05-06"),  # May bank holiday, Mon 5 May 2025
        ("2025-05-02", "2025-06-03"),  # June bank holiday, Mon 2 Jun 2025
        ("2025-07-04", "2025-08-05"),  # August bank holiday, Mon 4 Aug 2025
        ("2025-09-27", "2025-10-28"),  # October bank holiday, Mon 27 Oct 2025
        ("2025-01-03", "2025-02-04"),  # St Brigid's Day, Mon 3 Feb 2025
        ("2026-01-02", "2026-02-03"),  # St Brigid's Day, Mon 2 Feb 2026
        ("2025-12-01", "2026-01-02"),  # New Year's Day, Thu 1 Jan 2026 -> Fri 2 Jan
        # Repeated rolling: Christmas Thu, St Stephen's Fri, weekend, then Mon 29 Dec.
        ("2025-11-25", "2025-12-29"),
        ("2025-03-18", "2025-04-18"),  # Good Friday is a working day in Ireland
    ],
)
def test_response_due_ireland(received: str, due: str) -> None:
    assert response_due(D(received)) == D(due)
    assert response_due(D(received), country="IE") == D(due)


def test_leap_day_weekday_checked_by_hand() -> None:
    assert calendar.weekday(2024, 2, 29) == calendar.THURSDAY
    assert response_due(date(2024, 1, 31)).weekday() == calendar.THURSDAY


@pytest.mark.parametrize(
    ("received", "country", "due"),
    [
        ("2025-04-01", "IE", "2025-05-01"),  # Thu 1 May: a working day in Ireland
        ("2025-04-01", "DE", "2025-05-02"),  # Labour Day in Germany -> Fri 2 May
        ("2025-05-09", "IE", "2025-06-09"),  # Whit Monday: working day in Ireland
        ("2025-05-09", "DE", "2025-06-10"),  # Pfingstmontag -> Tue 10 Jun
        ("2025-09-03", "IE", "2025-10-03"),  # Fri 3 Oct
        ("2025-09-03", "DE", "2025-10-06"),  # German Unity Day Fri -> weekend -> Mon 6 Oct
        ("2025-02-17", "DE", "2025-03-17"),  # St Patrick's Day is only Irish
        ("2025-03-18", "DE", "2025-04-22"),  # Good Friday 18 Apr, weekend, Easter Monday 21
        ("2025-03-18", "GB", "2025-04-22"),  # same in England
        ("2025-07-25", "IE", "2025-08-25"),  # Mon 25 Aug: working day in Ireland
        ("2025-07-25", "GB", "2025-08-26"),  # England's late summer bank holiday
        ("2025-07-04", "GB", "2025-08-04"),  # England: 4 Aug is a working day
        ("2025-07-25", "ie", "2025-08-25"),  # lower case accepted
    ],
)
def test_response_due_depends_on_country(received: str, country: str, due: str) -> None:
    assert response_due(D(received), country=country) == D(due)


def test_gb_defaults_to_england_and_accepts_subdivision() -> None:
    assert response_due(D("2025-07-25"), country="GB", subdiv="ENG") == D("2025-08-26")
    # Scotland's summer holiday is the first Monday of August instead.
    assert response_due(D("2025-07-25"), country="GB", subdiv="SCT") == D("2025-08-25")
    assert response_due(D("2025-07-04"), country="GB", subdiv="SCT") == D("2025-08-05")


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("2024-10-31", "2025-01-31"),  # Fri 31 Jan 2025
        ("2025-10-31", "2026-02-03"),  # Sat 31 Jan 2026, Sun, St Brigid's Mon 2 Feb -> Tue
        ("2024-11-30", "2025-02-28"),  # Fri 28 Feb 2025 (clamped)
        ("2023-11-30", "2024-02-29"),  # Thu 29 Feb 2024 (leap)
        ("2025-01-17", "2025-04-17"),  # Thu 17 Apr 2025 (day before Good Friday)
    ],
)
def test_response_due_extended(received: str, due: str) -> None:
    assert response_due(D(received), extended=True) == D(due)


def test_extension_counts_three_months_from_receipt() -> None:
    # One month from 30 Nov 2024 is Mon 30 Dec 2024; the extension is not 30 Dec + 2 months.
    assert response_due(D("2024-11-30")) == D("2024-12-30")
    assert response_due(D("2024-11-30"), extended=True) == D("2025-02-28")


@pytest.mark.parametrize(
    ("lodged", "due"),
    [
        ("2025-09-25", "2025-12-29"),  # 25 Dec 2025 -> 26 -> weekend -> Mon 29 Dec
        ("2024-11-30", "2025-02-28"),
        ("2025-01-17", "2025-04-17"),
        ("2025-12-31", "2026-03-31"),  # Tue
    ],
)
def test_authority_update_due(lodged: str, due: str) -> None:
    assert authority_update_due(D(lodged)) == D(due)


def test_authority_update_due_country() -> None:
    # 3 Jan 2026 + 3 months = Fri 3 Apr 2026, Good Friday: working day in IE, not in DE.
    assert authority_update_due(D("2026-01-03")) == D("2026-04-03")
    assert authority_update_due(D("2026-01-03"), country="DE") == D("2026-04-07")


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2024-01-31", 1, "2024-02-29"),
        ("2025-01-31", 1, "2025-02-28"),
        ("2025-03-31", 1, "2025-04-30"),
        ("2025-11-15", 2, "2026-01-15"),
        ("2025-12-31", 2, "2026-02-28"),
        ("2025-10-31", 3, "2026-01-31"),  # no weekend rolling in add_months
        ("2024-02-29", 12, "2025-02-28"),
        ("2025-05-31", 0, "2025-05-31"),
        ("2025-03-31", -1, "2025-02-28"),
    ],
)
def test_add_months(start: str, months: int, expected: str) -> None:
    assert add_months(D(start), months) == D(expected)


@pytest.mark.parametrize(
    ("day", "country", "expected"),
    [
        ("2025-12-23", "IE", "2025-12-23"),  # Tue, already a working day
        ("2025-11-15", "IE", "2025-11-17"),  # Sat -> Mon
        ("2025-11-16", "IE", "2025-11-17"),  # Sun -> Mon
        ("2025-12-25", "IE", "2025-12-29"),
        ("2025-04-18", "IE", "2025-04-18"),  # Good Friday: working in Ireland
        ("2025-04-18", "GB", "2025-04-22"),
        ("2025-10-03", "DE", "2025-10-06"),
    ],
)
def test_next_working_day(day: str, country: str, expected: str) -> None:
    assert next_working_day(D(day), country=country) == D(expected)


@pytest.mark.parametrize("country", ["XX", "", "Ireland", "utils", "EU "])
def test_unknown_country_raises(country: str) -> None:
    with pytest.raises(ValueError, match="Unknown country code"):
        response_due(D("2025-03-05"), country=country)
    with pytest.raises(ValueError, match="Unknown country code"):
        next_working_day(D("2025-03-05"), country=country)
    with pytest.raises(ValueError, match="Unknown country code"):
        authority_update_due(D("2025-03-05"), country=country)


def test_unknown_subdivision_raises() -> None:
    with pytest.raises(ValueError, match="Unknown subdivision"):
        response_due(D("2025-03-05"), country="GB", subdiv="ZZ")


@pytest.mark.parametrize(
    ("due", "today", "left"),
    [
        ("2025-12-29", "2025-12-19", 10),
        ("2025-12-29", "2025-12-29", 0),
        ("2025-12-29", "2026-01-02", -4),
        ("2024-03-01", "2024-02-28", 2),  # across leap day
    ],
)
def test_days_left(due: str, today: str, left: int) -> None:
    assert days_left(D(due), today=D(today)) == left


def _every_day(first_year: int, last_year: int) -> list[date]:
    day, end = date(first_year, 1, 1), date(last_year, 12, 31)
    days = []
    while day <= end:
        days.append(day)
        day += timedelta(days=1)
    return days


@pytest.mark.parametrize("country", ["IE", "DE", "GB"])
def test_properties_every_day_2024_to_2026(country: str) -> None:
    # Independent holiday source for the working-day check (England for GB, as documented).
    subdiv = "ENG" if country == "GB" else None
    official = holidays.country_holidays(country, subdiv=subdiv, years=range(2024, 2028))
    for received in _every_day(2024, 2026):
        due = response_due(received, country=country)
        extended = response_due(received, country=country, extended=True)
        assert due > received
        assert due.weekday() < 5 and due not in official, (received, due)
        # Shortest: 31 Jan -> 28 Feb; longest: 25 Nov -> 29 Dec (Christmas + weekend).
        assert 28 <= (due - received).days <= 35, (received, due)
        assert extended >= due
        assert extended.weekday() < 5 and extended not in official, (received, extended)
        assert 89 <= (extended - received).days <= 96, (received, extended)
        assert authority_update_due(received, country=country) == extended
