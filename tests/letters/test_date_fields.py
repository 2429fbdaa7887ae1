"""Dates as day, month and year boxes (issue 18), shown only after "Yes": what is typed is kept on
an error, each missing part is named, and the answer is stored as one ISO date."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from privacyreq.letters.date_fields import PastDateField
from privacyreq.letters.wizard import SESSION_KEY
from tests.letters.test_wizard import X_JOURNEY, walk

pytestmark = pytest.mark.django_db

SWITCHED_OFF = "/start/switched-off/"


def post_date(client, day: str, month: str, year: str, **extra):
    data = {
        "opted_out": "yes",
        "opted_out_on_day": day,
        "opted_out_on_month": month,
        "opted_out_on_year": year,
        **extra,
    }
    return client.post(SWITCHED_OFF, data)


def box(page: str, part: str) -> str:
    """The ``<input>`` tag of one of the three boxes."""
    match = re.search(rf'<input[^>]*name="opted_out_on_{part}"[^>]*>', page)
    assert match, f"no {part} box"
    return match.group(0)


@pytest.fixture
def at_switched_off(client, reference_data):
    walk(client, X_JOURNEY[:6])
    return client


def test_three_labelled_boxes_instead_of_the_browsers_picker(at_switched_off):
    page = at_switched_off.get(SWITCHED_OFF).content.decode()
    assert 'type="date"' not in page
    for part, label in (("day", "Day"), ("month", "Month"), ("year", "Year")):
        tag = box(page, part)
        assert 'inputmode="numeric"' in tag and 'type="text"' in tag
        box_id = re.search(r'id="([^"]+)"', tag).group(1)
        assert f'<label class="form-label" for="{box_id}">{label}</label>' in page
    # The legend names the date; the hint shows the order to type it in.
    assert "When did you switch it off?" in page and "For example, 26 7 2024." in page
    # The day box carries the field's own id: the error summary's link lands in it.
    assert 'id="id_opted_out_on"' in box(page, "day")


def test_the_date_is_stored_as_one_iso_date(at_switched_off):
    response = post_date(at_switched_off, "7", "03", "2025", opted_out_how="setting")
    assert response.status_code == 302
    answers = at_switched_off.session[SESSION_KEY]["steps"]["switched-off"]
    assert answers["opted_out_on"] == "2025-03-07"
    # Coming back, the boxes show the stored date.
    page = at_switched_off.get(SWITCHED_OFF).content.decode()
    assert 'value="7"' in box(page, "day") and 'value="3"' in box(page, "month")
    assert 'value="2025"' in box(page, "year")


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("3", "", "2025", "The date must include a month."),
        ("", "", "2025", "The date must include a day and a month."),
        ("3", "4", "", "The date must include a year."),
        ("31", "2", "2025", "Enter a real date, for example 26 7 2024."),
        ("3", "x", "2025", "Enter a real date, for example 26 7 2024."),
        ("3", "4", "25", "Enter the year with four digits, for example 2024."),
        ("3", "4", "2999", "The date cannot be in the future."),
        ("3", "4", "2017", "The date must be on or after 25 May 2018."),
    ],
)
def test_a_wrong_date_says_what_is_wrong_and_keeps_what_was_typed(
    at_switched_off, day, month, year, message
):
    response = post_date(at_switched_off, day, month, year)
    assert response.status_code == 200
    page = response.content.decode()
    # Next to the field and in the summary, which links to the day box.
    assert page.count(message) == 2
    assert f'<li><a href="#id_opted_out_on">{message}</a></li>' in page
    for part, typed in (("day", day), ("month", month), ("year", year)):
        tag = box(page, part)
        assert 'aria-invalid="true"' in tag
        if typed:
            assert f'value="{typed}"' in tag
    # The row is marked invalid, so the message under it is displayed.
    assert '<div class="date-parts is-invalid">' in page


def test_yes_without_any_date_asks_for_it(at_switched_off):
    page = post_date(at_switched_off, "", "", "").content.decode()
    assert "Enter the date you switched it off." in page


def test_no_discards_a_date_typed_before_even_a_broken_one(at_switched_off):
    # With "No" the date is hidden: an error there could not be seen, so it is not raised.
    response = at_switched_off.post(
        SWITCHED_OFF,
        {
            "opted_out": "no",
            "opted_out_on_day": "3",
            "opted_out_on_month": "4",
            "opted_out_how": "x",
        },
    )
    assert response.status_code == 302
    answers = at_switched_off.session[SESSION_KEY]["steps"]["switched-off"]
    assert answers["opted_out_on"] is None and answers["opted_out_how"] is None


def test_the_date_and_how_are_marked_to_show_only_after_yes(at_switched_off):
    page = at_switched_off.get(SWITCHED_OFF).content.decode()
    yes_no = re.findall(r'<input type="radio"[^>]*name="opted_out"[^>]*>', page)
    assert len(yes_no) == 2 and all('data-reveals="yes"' in tag for tag in yes_no)
    for part in ("day", "month", "year"):
        assert "data-if-yes" in box(page, part)
    how = re.findall(r'<input type="radio"[^>]*name="opted_out_how"[^>]*>', page)
    assert how and all("data-if-yes" in tag for tag in how)


def test_a_single_iso_value_from_an_older_page_is_still_read():
    field = PastDateField()
    assert field.clean("2024-07-26") == dt.date(2024, 7, 26)
    assert field.clean(["26", "7", "2024"]) == dt.date(2024, 7, 26)
    assert PastDateField(required=False).clean(["", "", ""]) is None


def test_today_is_accepted():
    today = timezone.localdate()
    field = PastDateField()
    assert field.clean([str(today.day), str(today.month), str(today.year)]) == today
