"""Which authority a complaint goes to: the rules in privacyreq/letters/routing.py, and the places
that ask them (validation, drafting, escalation's choices)."""

import pytest

from privacyreq.letters.routing import (
    Authorities,
    ComplaintTo,
    complaint_authority,
    complaint_options,
    complaint_to_implied,
    complaint_to_problem,
    region_problem,
)
from tests.factories import earlier_request


def test_lead_and_home_are_both_offered_lead_first():
    options = complaint_options(Authorities(lead="DPC", home="Berlin"))
    assert list(options.items()) == [(ComplaintTo.LEAD, "DPC"), (ComplaintTo.HOME, "Berlin")]


def test_the_same_authority_is_offered_once_as_the_lead():
    assert complaint_options(Authorities(lead="DPC", home="DPC")) == {ComplaintTo.LEAD: "DPC"}


def test_a_hand_entered_organisation_has_only_the_home_authority():
    authorities = Authorities(lead=None, home="CNIL")
    assert complaint_options(authorities) == {ComplaintTo.HOME: "CNIL"}
    assert complaint_authority(authorities, ComplaintTo.LEAD) is None
    assert complaint_to_implied(has_lead=False) == ComplaintTo.HOME
    assert complaint_to_implied(has_lead=True) == ""


@pytest.mark.parametrize(
    ("complaint_to", "expected"), [("lead", "DPC"), ("home", "Berlin"), ("", None), ("x", None)]
)
def test_the_authority_chosen(complaint_to, expected):
    assert complaint_authority(Authorities(lead="DPC", home="Berlin"), complaint_to) == expected


@pytest.mark.parametrize(
    ("complaint_to", "complaint", "has_lead", "problem"),
    [
        ("lead", True, True, ""),
        ("home", True, False, ""),
        ("", True, True, "choose 'lead' or 'home' for the complaint."),
        ("nearest", True, True, "choose 'lead' or 'home' for the complaint."),
        (
            "lead",
            True,
            False,
            "there is no lead authority for this controller where you live (one you entered "
            "yourself, or the platform's own company for your country): use 'home'.",
        ),
        ("home", False, True, "is only used when 'complaint' is among the documents."),
        ("", False, True, ""),
    ],
)
def test_refusals_are_sentences(complaint_to, complaint, has_lead, problem):
    assert (
        complaint_to_problem(complaint_to=complaint_to, complaint=complaint, has_lead=has_lead)
        == problem
    )


def test_a_country_with_regional_authorities_needs_a_region():
    regions = {"DE-BE", "DE-BY"}
    assert region_problem(country="DE", region="", regions=regions) == (
        "is required for DE (e.g. DE-BE)."
    )
    assert region_problem(country="DE", region="DE-BE", regions=regions) == ""
    assert "not a region of DE" in region_problem(country="DE", region="DE-XX", regions=regions)
    assert region_problem(country="FR", region="", regions=set()) == ""
    assert "not a region of FR" in region_problem(country="FR", region="DE-BE", regions=set())


@pytest.mark.django_db
def test_validation_drafting_and_the_check_page_use_the_same_route(reference_data):
    """An Irish resident's complaint about X, "home": the DPC is both lead and home authority."""
    from privacyreq.letters.selectors import complaint_authorities_read
    from privacyreq.letters.services import answers_validate, letters_draft

    raw = {
        "platform": "x",
        "country": "IE",
        "full_name": "Aoife Byrne",
        "postal_address": "4 Example Street\nDublin 8",
        "email": "aoife@example.ie",
        "documents": ["complaint"],
        "prior_request": earlier_request(sent_on="2026-03-02"),
        "complaint_to": "home",
    }
    import datetime as dt

    answers = answers_validate(raw=raw, today=dt.date(2026, 5, 4))
    authorities = complaint_authorities_read(platform="x", country="IE")
    assert authorities.lead == authorities.home
    assert list(complaint_options(authorities)) == [ComplaintTo.LEAD]
    draft = letters_draft(answers=answers)
    assert draft.authority == authorities.home
    assert draft.document("complaint").recipient.name == authorities.home.name
