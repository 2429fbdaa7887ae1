"""A new visitor's question form is rendered once per process and then served from memory; any
form with someone's answers or errors in it is rendered afresh and never kept."""

import pickle

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django.core.cache import caches

from privacyreq.letters import forms, request_forms
from privacyreq.letters.templatetags import step_forms
from privacyreq.reference.models import PlatformService

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_fragments():
    caches[step_forms.FRAGMENTS].clear()
    yield
    caches[step_forms.FRAGMENTS].clear()


@pytest.fixture
def renders(monkeypatch):
    """Counts crispy-forms renders made through the tag."""
    calls = []

    def counting(form, *args, **kwargs):
        calls.append(type(form).__name__)
        return as_crispy_form(form, *args, **kwargs)

    monkeypatch.setattr(step_forms, "as_crispy_form", counting)
    return calls


def _fragments() -> list[str]:
    """Everything the fragments cache holds (LocMemCache keeps values pickled)."""
    return [pickle.loads(value) for value in caches[step_forms.FRAGMENTS]._cache.values()]  # noqa: S301


def test_a_blank_question_is_rendered_once_and_served_identically(client, reference_data, renders):
    first = client.get("/start/platform/").content.decode()
    second = client.get("/start/platform/").content.decode()
    assert renders == ["PlatformForm"]
    # The markup is crispy-forms' own, byte for byte, apart from the CSRF token outside the form.
    assert str(as_crispy_form(forms.PlatformForm())) in second
    for needle in ('name="platform"', "X (X, Grok)", "Another organisation"):
        assert needle in first and needle in second


def test_a_form_with_the_visitors_answers_is_never_kept(client, reference_data, renders):
    client.post("/start/platform/", {"platform": "x"})
    client.post("/start/country/", {"country": "IE"})
    answers = {"full_name": "Ingrid Marklund", "email": "ingrid@example.org", "account": "@im"}
    client.post("/start/details/", answers)
    renders.clear()

    for _ in range(2):
        page = client.get("/start/details/").content.decode()
        assert 'value="Ingrid Marklund"' in page
    assert renders == ["DetailsForm", "DetailsForm"]
    assert not any("Ingrid" in fragment for fragment in _fragments())


def test_a_form_with_errors_is_rendered_afresh_with_what_was_typed(client, reference_data, renders):
    client.post("/start/platform/", {"platform": "x"})
    client.post("/start/country/", {"country": "IE"})
    client.get("/start/details/")  # the blank form, now kept
    renders.clear()

    page = client.post("/start/details/", {"full_name": "Ingrid", "email": "not-an-email"})
    body = page.content.decode()
    assert page.status_code == 200
    assert (
        "Enter an email address like name@example.com." in body and 'value="not-an-email"' in body
    )
    assert renders == ["DetailsForm"]
    assert not any("not-an-email" in fragment for fragment in _fragments())


def test_changed_reference_data_gives_new_markup(client, reference_data):
    client.get("/start/platform/")
    PlatformService.objects.filter(platform__slug="x", slug="grok").update(name="Grok Renamed")

    page = client.get("/start/platform/").content.decode()

    assert "X (X, Grok Renamed)" in page
    assert "X (X, Grok)" not in page


def test_the_key_covers_labels_that_depend_on_the_answers():
    lead = request_forms.AuthorityForm(lead_name="Data Protection Commission", home_name="CNIL")
    other_home = request_forms.AuthorityForm(
        lead_name="Data Protection Commission", home_name="AEPD"
    )

    assert step_forms.blank_form_key(lead) != step_forms.blank_form_key(other_home)
    assert step_forms.blank_form_key(lead) == step_forms.blank_form_key(
        request_forms.AuthorityForm(lead_name="Data Protection Commission", home_name="CNIL")
    )


def test_forms_with_data_or_initial_values_have_no_key():
    assert step_forms.blank_form_key(forms.CountryForm({"country": "IE"})) is None
    assert step_forms.blank_form_key(forms.CountryForm(initial={"country": "IE"})) is None
    assert step_forms.blank_form_key(forms.CountryForm()) is not None
