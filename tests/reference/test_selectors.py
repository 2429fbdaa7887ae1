import pytest

from privacyreq.reference.selectors import platform_names

pytestmark = pytest.mark.django_db


def test_platform_names_name_the_service_and_its_lead_authority(reference_data):
    assert platform_names(slug="linkedin") == {
        "service_name": "LinkedIn",
        "lead_authority__name": "Data Protection Commission",
    }


def test_platform_names_of_a_platform_not_in_the_data_are_none(reference_data):
    assert platform_names(slug="myspace") is None
