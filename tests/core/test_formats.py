"""Dates inside a letter's sentences, as each language writes them (privacyreq/formats)."""

import datetime as dt

import pytest
from django.utils import formats, translation

from privacyreq.formats.months import MONTHS

# Languages that write a month name in lower case inside a sentence, and use it in DATE_FORMAT.
LOWER_CASE = ["fr", "es", "it", "nl"]


@pytest.mark.parametrize("language", LOWER_CASE)
def test_every_month_is_written_in_lower_case_inside_a_date(language):
    with translation.override(language):
        for number, english in enumerate(MONTHS, start=1):
            name = translation.gettext(english)
            written = formats.date_format(dt.date(2024, number, 4), "DATE_FORMAT")
            assert name == name.lower(), (language, english, name)
            assert name in written, (language, written)


def test_italian_corrects_djangos_capitalised_months_and_drops_the_leading_zero():
    with translation.override("it"):
        assert formats.date_format(dt.date(2024, 9, 4), "DATE_FORMAT") == "4 settembre 2024"


def test_german_months_stay_capitalised_nouns():
    with translation.override("de"):
        for english in MONTHS:
            name = translation.gettext(english)
            assert name[0].isupper() and name[1:] == name[1:].lower(), name
        assert formats.date_format(dt.date(2024, 3, 4), "DATE_FORMAT") == "4. März 2024"


def test_english_letters_write_day_month_year_not_the_us_order():
    with translation.override("en"):
        assert formats.date_format(dt.date(2026, 11, 24), "DATE_FORMAT") == "24 November 2026"
        assert formats.date_format(dt.date(2026, 11, 4), "SHORT_DATE_FORMAT") == "4 Nov 2026"
