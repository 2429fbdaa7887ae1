"""A platform's controller for users in the UK or Switzerland where it is not its EU/EEA one
(issue 19): shipped in platforms.json under ``entities``, loaded without duplicates, corrected in
the admin as an inline of the platform, and named on the platform's page."""

import copy
import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from privacyreq.reference.models import Platform, PlatformEntity
from privacyreq.reference.services import DATA_DIR, reference_data_load
from tests.accounts.helpers import signed_in_with_code
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LINKEDIN_UK_ADDRESS = (
    "LinkedIn Corporation\n1000 W. Maude Avenue\nSunnyvale, CA 94085\nUnited States"
)


def shipped() -> tuple[list, list]:
    authorities = json.loads((DATA_DIR / "authorities.json").read_text(encoding="utf-8"))
    platforms = json.loads((DATA_DIR / "platforms.json").read_text(encoding="utf-8"))
    return authorities, platforms


def test_linkedin_ships_linkedin_corporation_for_uk_members(reference_data):
    entity = PlatformEntity.objects.get(platform__slug="linkedin")
    assert entity.jurisdiction == "uk"
    assert entity.legal_entity == "LinkedIn Corporation"
    assert entity.postal_address == LINKEDIN_UK_ADDRESS
    assert entity.country == "US"
    # The platform's own notice, not the proxy copy the research was read through.
    assert entity.source_list == [
        "https://www.linkedin.com/legal/privacy/eu",
        "https://www.linkedin.com/help/linkedin/answer/79728",
    ]
    assert entity.last_checked == dt.date(2026, 12, 4)


def test_only_confirmed_controllers_with_an_address_are_shipped(reference_data):
    # Switzerland is covered by the EU controllers, and X's policy names its Irish company for
    # the UK too. OpenAI's policy names OpenAI OpCo, LLC and its address for everyone outside the
    # EEA and Switzerland, the UK included; Google's, Meta's and LinkedIn's name their US
    # companies and addresses for UK users.
    rows = PlatformEntity.objects.order_by("platform__slug").values_list(
        "platform__slug", "jurisdiction"
    )
    assert list(rows) == [
        ("google", "uk"),
        ("linkedin", "uk"),
        ("meta", "uk"),
        ("openai", "uk"),
        ("reddit", "uk"),
    ]


def test_loading_again_or_with_update_never_duplicates(reference_data):
    call_command("load_reference_data", stdout=io.StringIO())
    call_command("load_reference_data", "--update", stdout=io.StringIO())
    call_command("load_reference_data", "--update", stdout=io.StringIO())
    assert PlatformEntity.objects.filter(platform__slug="linkedin").count() == 1


def test_update_replaces_an_edited_entity_with_the_shipped_one(reference_data):
    entity = PlatformEntity.objects.get(platform__slug="linkedin")
    entity.postal_address = "Somewhere else\nUnited States"
    entity.save()

    call_command("load_reference_data", stdout=io.StringIO())
    assert PlatformEntity.objects.get(platform__slug="linkedin").postal_address.startswith(
        "Somewhere else"
    )  # without --update an admin's correction stays

    call_command("load_reference_data", "--update", stdout=io.StringIO())
    assert PlatformEntity.objects.get(platform__slug="linkedin").postal_address == (
        LINKEDIN_UK_ADDRESS
    )


def test_update_removes_an_entity_the_file_no_longer_has(reference_data):
    authorities, platforms = shipped()
    for record in platforms:
        record.pop("entities", None)
    reference_data_load(authorities=authorities, platforms=platforms, update=True)
    assert not PlatformEntity.objects.exists()


def test_an_entity_in_another_jurisdiction_is_refused(db):
    authorities, platforms = shipped()
    platforms = copy.deepcopy(platforms)
    linkedin = next(p for p in platforms if p["slug"] == "linkedin")
    linkedin["entities"]["us"] = linkedin["entities"]["uk"]
    with pytest.raises(ValidationError, match="jurisdiction"):
        reference_data_load(authorities=authorities, platforms=platforms)


def test_one_entity_per_platform_and_jurisdiction(reference_data):
    linkedin = Platform.objects.get(slug="linkedin")
    with pytest.raises(IntegrityError), transaction.atomic():
        PlatformEntity.objects.create(
            platform=linkedin,
            jurisdiction="uk",
            legal_entity="Another",
            postal_address="1 Road\nUnited States",
            country="US",
            sources="https://example.org",
            last_checked=dt.date(2026, 12, 4),
        )


@pytest.fixture
def operator(client):
    signed_in_with_code(client, UserFactory(is_staff=True, is_superuser=True))
    return client


def _change_form_data(response) -> dict:
    """Everything the admin's change page would post back unchanged: the platform's fields and
    every inline's management form and rows."""
    data = {}
    form = response.context["adminform"].form
    data.update({form.add_prefix(name): form[name].value() for name in form.fields})
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(n): management[n].value() for n in management.fields})
        for row in formset.forms:
            data.update({row.add_prefix(name): row[name].value() for name in row.fields})
    return {key: "" if value is None else value for key, value in data.items()}


def test_the_admin_edits_the_entity_inline_on_the_platform(operator, reference_data):
    linkedin = Platform.objects.get(slug="linkedin")
    url = f"/admin/reference/platform/{linkedin.pk}/change/"
    response = operator.get(url)
    page = response.content.decode()
    assert "Controllers for other jurisdictions" in page
    assert "LinkedIn Corporation" in page and "1000 W. Maude Avenue" in page

    data = _change_form_data(response)
    data["entities-0-postal_address"] = "LinkedIn Corporation\n1 New Street\nUnited States"
    response = operator.post(url, data)
    assert response.status_code == 302, response.context and [
        f.errors for f in response.context["inline_admin_formsets"][1].formset.forms
    ]
    assert PlatformEntity.objects.get(platform=linkedin).address_lines[1] == "1 New Street"


def test_the_admin_refuses_a_second_entity_for_the_same_jurisdiction(operator, reference_data):
    linkedin = Platform.objects.get(slug="linkedin")
    url = f"/admin/reference/platform/{linkedin.pk}/change/"
    data = _change_form_data(operator.get(url))
    data["entities-TOTAL_FORMS"] = "2"
    data.update(
        {
            "entities-1-jurisdiction": "uk",
            "entities-1-legal_entity": "Another Corporation",
            "entities-1-postal_address": "1 Road\nUnited States",
            "entities-1-country": "US",
            "entities-1-sources": "https://example.org",
            "entities-1-last_checked": "2026-12-04",
        }
    )
    response = operator.post(url, data)
    assert response.status_code == 200
    assert PlatformEntity.objects.filter(platform=linkedin).count() == 1


def test_the_platform_page_names_the_uk_controller(client, reference_data):
    page = " ".join(client.get("/platforms/linkedin/").content.decode().split())
    assert "LinkedIn Ireland Unlimited Company" in page
    assert (
        "For users in the United Kingdom: LinkedIn Corporation, 1000 W. Maude Avenue, "
        "Sunnyvale, CA 94085, United States"
    ) in page
    assert "For users in" not in client.get("/platforms/x/").content.decode()
