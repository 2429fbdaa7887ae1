"""A platform or authority not checked for REFERENCE_STALE_DAYS days says it may be out of date,
and the admin lists such records first."""

import datetime as dt
import re
from html import unescape

import pytest
from django.utils import timezone

from privacyreq.core.sessions import RESULT_KEY
from privacyreq.letters.services import answers_validate
from privacyreq.reference.models import Platform, SupervisoryAuthority
from privacyreq.reference.selectors import record_is_stale, stale_before
from tests.accounts.helpers import signed_in_with_code
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WARNING = "this may be out of date."


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def words(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def test_a_record_is_stale_only_once_older_than_the_limit(settings):
    today = dt.date(2026, 12, 4)
    assert stale_before(today=today, days=180) == dt.date(2026, 6, 7)
    assert not record_is_stale(last_checked=dt.date(2026, 6, 7), today=today, days=180)
    assert record_is_stale(last_checked=dt.date(2026, 6, 6), today=today, days=180)
    settings.REFERENCE_STALE_DAYS = 30
    assert record_is_stale(last_checked=dt.date(2026, 11, 3), today=today)
    assert not record_is_stale(last_checked=dt.date(2026, 11, 4), today=today)


def test_the_platform_page_says_when_its_facts_may_be_out_of_date(client, reference_data):
    old = days_ago(181)
    Platform.objects.filter(slug="x").update(last_checked=old)
    Platform.objects.filter(slug="meta").update(last_checked=days_ago(10))
    page = words(client.get("/platforms/x/").content.decode())
    assert f"Last checked on {long_date(old)}; {WARNING}" in page
    assert WARNING not in words(client.get("/platforms/meta/").content.decode())


def test_the_limit_comes_from_the_setting(client, reference_data, settings):
    Platform.objects.filter(slug="x").update(last_checked=days_ago(60))
    assert WARNING not in words(client.get("/platforms/x/").content.decode())
    settings.REFERENCE_STALE_DAYS = 30
    assert WARNING in words(client.get("/platforms/x/").content.decode())


def test_the_home_page_card_of_a_stale_platform_says_so(client, reference_data):
    old = days_ago(400)
    Platform.objects.filter(slug="linkedin").update(last_checked=old)
    Platform.objects.exclude(slug="linkedin").update(last_checked=days_ago(1))
    page = client.get("/").content.decode()
    cards = dict(re.findall(r'aria-labelledby="platform-([\w-]+)">(.*?)</section>', page, re.S))
    assert f"Last checked on {long_date(old)}; {WARNING}" in words(cards["linkedin"])
    assert all(WARNING not in words(card) for slug, card in cards.items() if slug != "linkedin")


def result_page(client) -> str:
    raw = {
        "platform": "meta",
        "full_name": "Aoife Byrne",
        "email": "aoife@example.ie",
        "postal_address": "4 Quay Street\nGalway",
        "documents": ["objection", "complaint"],
        "complaint_to": "home",
        "prior_request_sent_on": (timezone.localdate() - dt.timedelta(days=60)).isoformat(),
        "date": timezone.localdate().isoformat(),
        "country": "AT",
    }
    session = client.session
    session[RESULT_KEY] = answers_validate(raw=raw, today=timezone.localdate()).to_json()
    session.save()
    return words(client.get("/start/result/").content.decode())


def test_the_result_page_says_when_the_authority_or_platform_may_be_out_of_date(
    client, reference_data
):
    SupervisoryAuthority.objects.update(last_checked=days_ago(1))
    Platform.objects.update(last_checked=days_ago(1))
    page = result_page(client)
    assert "How to lodge it" in page and WARNING not in page and "may be out of date" not in page

    old = days_ago(200)
    SupervisoryAuthority.objects.filter(code="at").update(last_checked=old)
    page = result_page(client)
    assert (
        f"Last checked on {long_date(old)}; {WARNING} Check the procedure on the authority's "
        "website before you send." in page
    )
    assert "They may be out of date" not in page

    Platform.objects.filter(slug="meta").update(last_checked=old)
    page = result_page(client)
    assert f"Facts about Meta last checked {long_date(old)}" in page
    assert "They may be out of date: check the sources before you send your letters." in page


@pytest.fixture
def operator(client):
    signed_in_with_code(client, UserFactory(is_staff=True, is_superuser=True))
    return client


def listed(operator, url: str, names: list[str], **query: str) -> list[str]:
    """``names`` in the order the admin's list shows them (those it shows)."""
    page = unescape(operator.get(url, query).content.decode())
    rows = page[page.index('id="result_list"') :]
    found = [(rows.index(name), name) for name in names if name in rows]
    return [name for _, name in sorted(found)]


def test_the_admin_lists_stale_platforms_first_and_filters_them(operator, reference_data):
    Platform.objects.update(last_checked=days_ago(1))
    Platform.objects.filter(slug="google").update(last_checked=days_ago(300))
    url = "/admin/reference/platform/"
    names = list(Platform.objects.values_list("legal_entity", flat=True))
    google = Platform.objects.get(slug="google").legal_entity
    shown = listed(operator, url, names)
    assert shown[0] == google and len(shown) == len(names)
    assert listed(operator, url, names, checked="stale") == [google]
    current = listed(operator, url, names, checked="current")
    assert google not in current and len(current) == len(names) - 1


def test_the_admin_lists_stale_authorities_first_and_filters_them(operator, reference_data):
    SupervisoryAuthority.objects.update(last_checked=days_ago(1))
    SupervisoryAuthority.objects.filter(code="pl").update(last_checked=days_ago(500))
    SupervisoryAuthority.objects.filter(code="at").update(last_checked=days_ago(200))
    url = "/admin/reference/supervisoryauthority/"
    pl = SupervisoryAuthority.objects.get(code="pl").name
    at = SupervisoryAuthority.objects.get(code="at").name
    ie = SupervisoryAuthority.objects.get(code="ie").name
    assert listed(operator, url, [ie, at, pl]) == [pl, at, ie]
    assert listed(operator, url, [ie, at, pl], checked="stale") == [pl, at]
    assert listed(operator, url, [ie, at, pl], checked="current") == [ie]
