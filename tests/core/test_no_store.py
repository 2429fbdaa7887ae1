"""Pages with personal data are never stored by any cache, the browser's included
(``Cache-Control: no-store``); pages the same for everyone stay cacheable, and the downloads keep
their own ETag revalidation (privacyreq/letters/conditional.py)."""

import datetime as dt

import pytest
from django.urls import reverse

from privacyreq.letters.services import answers_validate
from privacyreq.tracking import services
from tests.factories import x_answers
from tests.letters.test_wizard import X_JOURNEY, walk

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def assert_no_store(response):
    assert response.status_code == 200, response.status_code
    assert {"no-store", "private"} <= directives(response), response.get("Cache-Control")


@pytest.fixture
def objection(reference_data, user):
    answers = answers_validate(raw=x_answers(documents=["objection"]), today=TODAY)
    return services.case_create(owner=user, answers=answers).requests.get()


def test_every_questionnaire_page_is_no_store(client, reference_data):
    assert_no_store(client.get("/start/platform/"))
    walk(client, X_JOURNEY)
    assert_no_store(client.get("/start/details/"))  # a step showing the name and address typed
    assert_no_store(client.get("/start/check/"))
    assert client.post("/start/check/")["Location"] == "/start/result/"
    assert_no_store(client.get("/start/result/"))


@pytest.mark.parametrize(
    "page",
    [
        lambda request: reverse("tracking:dashboard"),
        lambda request: reverse("tracking:request", args=[request.pk]),
        lambda request: reverse("accounts:settings"),
        lambda request: reverse("account_email"),
    ],
    ids=["dashboard", "request", "settings", "email-addresses"],
)
def test_every_signed_in_page_is_no_store(client, user, objection, page):
    client.force_login(user)
    assert_no_store(client.get(page(objection)))


def test_a_redirect_away_from_a_private_page_is_no_store_too(client):
    # It may be cached by the browser and replayed to whoever uses it next.
    response = client.get(reverse("tracking:dashboard"))
    assert response.status_code == 302
    assert {"no-store", "private"} <= directives(response)


@pytest.mark.parametrize("path", ["/", "/platforms/x/"], ids=["home", "platform"])
def test_pages_the_same_for_everyone_are_not_no_store(client, reference_data, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" not in directives(response)


def test_a_letter_download_keeps_its_own_revalidation(client, reference_data):
    walk(client, X_JOURNEY)
    client.post("/start/check/")
    url = reverse("letters:download", args=["objection", "pdf"])

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert directives(response) == {"private", "no-cache"}
    etag = response["ETag"]
    unchanged = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304
    assert directives(unchanged) == {"private", "no-cache"}
    assert unchanged["ETag"] == etag


def test_a_stored_letter_download_keeps_its_own_revalidation(client, user, objection):
    client.force_login(user)
    url = reverse("tracking:document_pdf", args=[objection.document_id])

    response = client.get(url)

    assert response.status_code == 200
    assert directives(response) == {"private", "no-cache"}
    assert response["ETag"] == f'"{objection.document.sha256}"'
