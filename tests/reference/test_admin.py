"""What an operator sees when correcting reference data in the admin."""

import pytest
from django.utils.html import escape

from privacyreq.reference.models import Platform, SupervisoryAuthority
from tests.accounts.helpers import signed_in_with_code
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client):
    signed_in_with_code(client, UserFactory(is_staff=True, is_superuser=True))
    return client


def test_platform_list_names_entity_and_lead_authority(operator, reference_data):
    page = operator.get("/admin/reference/platform/").content.decode()
    assert "X Internet Unlimited Company" in page
    assert "Data Protection Commission" in page


def test_platform_page_lists_its_timeline_by_date_and_summary(operator, reference_data):
    x = Platform.objects.get(slug="x")
    response = operator.get(f"/admin/reference/platform/{x.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    event = x.timeline.get(date="2024-09-04")
    # Each event is named by its date, then the start of its summary.
    assert escape(str(event)) in page and str(event).startswith("2024-09-04 X ")
    assert "AI training" in page and "Switching it off" in page


def test_authorities_can_be_found_by_short_name(operator, reference_data):
    page = operator.get("/admin/reference/supervisoryauthority/", {"q": "DSB"}).content.decode()
    assert "Austrian Data Protection Authority" in page
    assert "CNIL" not in page and "Commission Nationale" not in page  # not a match


def test_a_link_typed_without_its_scheme_is_saved_as_https(operator, reference_data):
    dsb = SupervisoryAuthority.objects.get(code="at")
    url = f"/admin/reference/supervisoryauthority/{dsb.pk}/change/"
    form = operator.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data["website"] = "www.dsb.gv.at"
    response = operator.post(url, {k: "" if v is None else v for k, v in data.items()})
    assert response.status_code == 302, response.context["adminform"].form.errors
    dsb.refresh_from_db()
    assert dsb.website == "https://www.dsb.gv.at"
