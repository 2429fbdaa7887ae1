"""The benchmark's visitors still get the pages it means to measure: a wizard change that turned
a measured question into a redirect would silently measure something else."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from bench.common import JOURNEY, ORGANISATION_JOURNEY, journey, new_session, percentile
from privacyreq.settings import BASE_DIR

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"
    template = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**template, "DIRS": [*template["DIRS"], BASE_DIR / "bench/templates"]}]


def _client(cookie: str) -> Client:
    client = Client()
    if cookie:
        client.cookies[django_settings.SESSION_COOKIE_NAME] = cookie
    return client


def test_every_question_shows_to_a_visitor_at_that_point(reference_data):
    slugs = [slug for slug, _ in JOURNEY]
    assert slugs[:3] == ["platform", "country", "region"] and slugs[-1] == "other-proceedings"
    for position, (slug, _) in enumerate(JOURNEY):
        response = _client(new_session(journey(3)[:position])).get(f"/start/{slug}/")
        assert response.status_code == 200, slug
    organisation = _client(new_session(ORGANISATION_JOURNEY)).get("/start/organisation/")
    assert organisation.status_code == 200


def test_finished_visitors_get_their_own_results_and_letters(reference_data):
    client = _client(new_session(journey(1), check=True))
    result = client.get("/start/result/").content.decode()
    assert "Αλέξανδρος Παπαδόπουλος" in result
    pdf = client.get("/start/result/objection.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert (
        client.get("/start/result/objection.pdf", HTTP_IF_NONE_MATCH=pdf["ETag"]).status_code == 304
    )
    assert _client(new_session(journey(1))).get("/start/check/").status_code == 200


def test_the_yardsticks(reference_data):
    assert Client().get("/bench/trivial/").content == b"ok"
    floor = _client(new_session(journey(0)[:4])).get("/bench/floor/").content.decode()
    assert "4 questions answered" in floor and "csrfmiddlewaretoken" in floor


def test_nearest_rank_percentiles_are_observations():
    values = [float(n) for n in range(1, 41)]
    assert percentile(values, 50) == 20.0
    assert percentile(values, 95) == 38.0
    assert percentile([3.0], 95) == 3.0
