"""Requests too large to handle get a page that says so, before anything is read or stored."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, settings):
    settings.REQUEST_MAX_BYTES = 2 * 1024 * 1024
    body = b"x" * 10
    response = client.generic(
        "POST",
        reverse("letters:start"),
        body,
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(3 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert response["Connection"] == "close"
    page = response.content.decode()
    assert "That was too large to receive" in page
    assert "bigger than the 2 MB we accept" in page


def test_a_body_within_the_limit_reaches_the_view(client):
    response = client.get(reverse("reference:home"))
    assert response.status_code == 200


def test_form_fields_over_the_memory_limit_get_a_readable_400(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client.post(reverse("account_login"), {"login": "a" * 5000, "password": "x"})
    assert response.status_code == 400
    assert "We could not read that request" in response.content.decode()


def test_unknown_pages_use_the_site_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page and "privacyreq" in page


def test_a_malformed_content_length_is_not_an_error_page(client):
    # A length that is not a number cannot be over the limit: the request goes on to the view.
    response = client.get(reverse("reference:home"), CONTENT_LENGTH="twelve")
    assert response.status_code == 200
    assert "You can say no" in response.content.decode()
