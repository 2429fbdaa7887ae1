"""The warnings page can be found: from every page's footer and from the home page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_footer_and_the_home_page_lead_to_the_warnings(client, reference_data):
    link = f'<a href="{reverse("alerts:subscribe")}">'
    home = client.get("/").content.decode()
    assert f"{link}Get an email before a platform starts training AI on your data</a>" in home
    for path in ("/", "/platforms/x/", reverse("core:about"), reverse("letters:start")):
        page = client.get(path, follow=True).content.decode()
        assert f"{link}Warnings by email</a>" in page, path
