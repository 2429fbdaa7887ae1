import datetime as dt

import pytest

from privacyreq.letters.answers import Answers, AnswersError, Controller, answers_parse

TODAY = dt.date(2026, 11, 23)
REGIONS = {"DE": {"DE-BE", "DE-BY"}}
PLATFORMS = {"x", "meta"}
VALID = {
    "platform": "x",
    "country": "IE",
    "full_name": "Zoë Ångström",
    "email": "zoe@example.org",
    "documents": ["erasure", "objection"],
}


def parse(raw):
    return answers_parse(raw, platforms=PLATFORMS, today=TODAY, country_regions=REGIONS)


def problems(raw) -> dict[str, str]:
    with pytest.raises(AnswersError) as raised:
        parse(raw)
    return dict(raised.value.problems)


def test_minimal_answers_parse_with_defaults():
    answers = parse(VALID)
    assert answers.date == TODAY
    assert answers.language == "en"
    # Canonical order, whatever order the user gave.
    assert answers.documents == ("objection", "erasure")


def test_round_trip_through_json():
    answers = parse(
        {
            **VALID,
            "country": "DE",
            "region": "DE-BE",
            "data": ["posts"],
            "situation": ["other"],
            "situation_text": "Reasons",
            "opted_out_on": "2024-07-27",
            "documents": ["complaint"],
            "postal_address": "Alt-Moabit 1\n10555 Berlin",
            "complaint_to": "lead",
            "prior_request_sent_on": "2026-01-02",
            "date": "2026-11-20",
        }
    )
    assert parse(answers.to_json()) == answers


def test_other_controller_needs_name_and_address():
    found = problems({**VALID, "platform": "other", "controller": {"name": "", "email": "x"}})
    assert "controller.name" in found
    assert "controller.address" in found
    assert "controller.email" in found
    answers = parse(
        {**VALID, "platform": "other", "controller": {"name": "Acme", "address": "1 Road"}}
    )
    assert answers.controller == Controller(name="Acme", address="1 Road", email="")


@pytest.mark.parametrize(
    ("change", "key", "fragment"),
    [
        ({"platform": "myspace"}, "platform", "unknown platform"),
        ({"country": "US"}, "country", "not an EU/EEA country"),
        ({"country": "DE"}, "region", "is required for DE"),
        ({"country": "DE", "region": "DE-XX"}, "region", "is not a region"),
        ({"email": "nope"}, "email", "not a valid email"),
        ({"full_name": "   "}, "full_name", "is required"),
        ({"full_name": "x" * 201}, "full_name", "too long"),
        ({"documents": []}, "documents", "choose at least one"),
        ({"documents": "objection"}, "documents", "must be a list"),
        ({"data": ["posts", "dna"]}, "data", "unknown value"),
        ({"opted_out_on": "2024-02-30"}, "opted_out_on", "is not a date"),
        ({"opted_out_on": "2027-01-01"}, "opted_out_on", "cannot be in the future"),
        ({"opted_out_on": "2010-01-01"}, "opted_out_on", "on or after 2018-05-25"),
        # A letter may be dated ahead, but deadlines counted from 9999 would leave the calendar.
        ({"date": "9999-12-31"}, "date", "more than 366 days after today"),
        ({"documents": ["complaint"]}, "complaint_to", "choose 'lead' or 'home'"),
        ({"complaint_to": "home"}, "complaint_to", "only used when"),
        ({"situation": ["other"]}, "situation_text", "describe your situation"),
        ({"language": "tlh"}, "language", "not available"),
        ({"full_name": 42}, "full_name", "must be text"),
        ({"shoe_size": 44}, "shoe_size", "not a known key"),
    ],
)
def test_each_problem_names_its_key(change, key, fragment):
    found = problems({**VALID, **change})
    assert key in found
    assert fragment in found[key]


def test_all_problems_are_reported_at_once():
    found = problems({"platform": "nope", "country": "XX", "email": "bad", "documents": ["x"]})
    assert {"platform", "country", "full_name", "email", "documents"} <= set(found)


def test_not_an_object():
    assert "answers" in problems(["a list"])


def test_control_characters_are_dropped():
    answers = parse({**VALID, "full_name": "Zoë\x00 Ång\x1bström\x85"})
    assert answers.full_name == "Zoë Ångström"


def test_a_letter_can_be_dated_up_to_a_year_ahead():
    assert parse({**VALID, "date": "2027-11-24"}).date == dt.date(2027, 11, 24)


def test_an_organisation_email_may_be_as_long_as_any_email():
    email = f"{'a' * 64}@{'b' * 63}.{'c' * 63}.{'d' * 57}.org"  # 254 characters
    controller = {"name": "Acme", "address": "1 Road", "email": email}
    assert parse({**VALID, "platform": "other", "controller": controller}).controller.email == email


def test_answers_are_immutable():
    answers = parse(VALID)
    assert isinstance(answers, Answers)
    with pytest.raises(AttributeError):
        answers.full_name = "other"
