"""Fresh PDF renders are rate-limited per client address and per session (issue 17, point 2).

A render is ~100 ms of CPU, and a changed answer forces a new one, so anonymous visitors could
saturate the server. Only a render counts: a PDF served from the document cache, a 304 and a text
download never do. Over the limit the visitor gets a 429 page that keeps their answers and says
when to come back; WeasyPrint itself is watched, so the tests count real renders.
"""

import base64
import datetime as dt
import hashlib
import re
import time

import pytest
from allauth.core.internal.ratelimit import parse_rates
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client
from django.urls import reverse
from weasyprint import HTML

from privacyreq.env import env_rates
from privacyreq.letters.cache import documents_cache_clear
from privacyreq.letters.services import answers_validate
from tests.factories import x_answers

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
RESULT = reverse("letters:result")
OBJECTION = reverse("letters:download", args=["objection", "pdf"])
ERASURE = reverse("letters:download", args=["erasure", "pdf"])
OBJECTION_TEXT = reverse("letters:download", args=["objection", "txt"])
ADDRESS = "203.0.113.77"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


@pytest.fixture
def renders(monkeypatch):
    """Every PDF WeasyPrint writes from now on."""
    calls = []
    original = HTML.write_pdf

    def spy(self, *args, **kwargs):
        calls.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(HTML, "write_pdf", spy)
    return calls


@pytest.fixture
def limit(settings):
    def set_limit(rates: str) -> None:
        settings.LETTERS_RENDER_RATE_LIMIT = rates

    return set_limit


@pytest.fixture
def later(monkeypatch):
    """Move the rate limiter's clock forward (allauth's and ours), without touching anything
    else's: the counters' rows stay in the cache, only their timestamps grow old."""
    offset = [0.0]
    real_time = time.time

    class Clock:
        def __getattr__(self, name):
            return getattr(time, name)

        def time(self):
            return real_time() + offset[0]

    monkeypatch.setattr("allauth.core.internal.ratelimit.time", Clock())
    monkeypatch.setattr("privacyreq.core.rate_limits.time", Clock())

    def advance(seconds: float) -> None:
        offset[0] += seconds

    return advance


def visitor(address: str = ADDRESS, **overrides) -> Client:
    """A browser of its own, at ``address``, whose session holds the results for these answers."""
    client = Client(REMOTE_ADDR=address)
    session = client.session
    session["letters"] = answers_validate(raw=x_answers(**overrides), today=TODAY).to_json()
    session.save()
    return client


def fresh_download(client: Client, url: str = OBJECTION):
    """A download that must render: this process forgets every PDF it made first (as another
    worker, or a changed name, would)."""
    documents_cache_clear()
    return client.get(url)


def test_fresh_renders_over_the_limit_get_a_friendly_429(reference_data, renders, limit):
    limit("2/m/ip")
    browser = visitor()
    assert fresh_download(browser).status_code == 200
    assert fresh_download(browser).status_code == 200

    refused = fresh_download(browser)

    assert refused.status_code == 429
    assert len(renders) == 2  # the refused download rendered nothing
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in refused
    page = refused.content.decode()
    assert "<title>Please wait a moment before the next PDF \N{EN DASH} privacyreq</title>" in page
    assert "Your letters are still here: nothing you entered has been lost." in page
    assert "You can download the PDF again in about 1 minute, at " in page
    # A 24-hour clock time, and one full stop after it (not "5:56 p.m..").
    assert re.search(r"in about 1 minute, at \d{2}:\d{2}\.</p>", page)
    assert f'href="{RESULT}"' in page and "Back to your letters" in page
    assert "Skip to main content" in page  # the site's own layout around it


def test_the_page_says_when_to_come_back(reference_data, limit):
    limit("1/h/ip")
    browser = visitor()
    fresh_download(browser)

    refused = fresh_download(browser)

    assert refused.status_code == 429
    assert 3500 < int(refused["Retry-After"]) <= 3600
    page = refused.content.decode()
    assert "in about 60 minutes, at " in page
    clock = re.search(r"in about 60 minutes, at (\d{1,2}:\d\d)", page)
    assert clock is not None


def test_after_a_429_the_answers_are_kept_and_a_later_download_works(
    reference_data, renders, limit, later
):
    limit("1/m/ip")
    browser = visitor(full_name="Síofra Ní Bhriain")
    first = fresh_download(browser)
    assert fresh_download(browser).status_code == 429

    result = browser.get(RESULT)
    assert result.status_code == 200
    assert "Síofra Ní Bhriain" in result.content.decode()
    assert browser.get(OBJECTION_TEXT).status_code == 200  # text downloads are never limited

    later(61)
    again = fresh_download(browser)
    assert again.status_code == 200
    assert again.content == first.content
    assert len(renders) == 2


def test_cached_re_downloads_are_never_counted_or_refused(reference_data, renders, limit):
    limit("1/m/ip")
    browser = visitor()
    first = browser.get(OBJECTION)
    for _ in range(5):
        again = browser.get(OBJECTION)
        assert (again.status_code, again.content) == (200, first.content)
    assert len(renders) == 1

    # The one fresh render allowed was the first: another letter is refused ...
    assert browser.get(ERASURE).status_code == 429
    # ... while the PDF already made is still served, and a 304 costs nothing either.
    assert browser.get(OBJECTION).status_code == 200
    assert browser.get(OBJECTION, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert len(renders) == 1


def test_a_changed_name_is_a_fresh_render_and_counts(reference_data, renders, limit):
    limit("1/m/ip")
    browser = visitor(full_name="Aoife Murphy")
    assert browser.get(OBJECTION).status_code == 200
    session = browser.session
    session["letters"] = answers_validate(
        raw=x_answers(full_name="Aoife Ní Mhurchú"), today=TODAY
    ).to_json()
    session.save()

    assert browser.get(OBJECTION).status_code == 429
    assert len(renders) == 1


def test_the_limit_is_per_address_across_sessions(reference_data, limit):
    limit("1/m/ip")
    assert fresh_download(visitor()).status_code == 200
    # A new session (cookies dropped) from the same address is the same client.
    assert fresh_download(visitor()).status_code == 429
    assert fresh_download(visitor(address="198.51.100.4")).status_code == 200


def test_ipv6_addresses_count_by_their_64_network(reference_data, limit):
    limit("1/m/ip")
    assert fresh_download(visitor(address="2001:db8:1:2::1")).status_code == 200
    assert fresh_download(visitor(address="2001:db8:1:2::ffff")).status_code == 429
    assert fresh_download(visitor(address="2001:db8:1:3::1")).status_code == 200


def test_the_session_limit_leaves_the_address_to_others(reference_data, limit):
    limit("3/m/ip,1/m/session")
    first, neighbour = visitor(), visitor()
    assert fresh_download(first).status_code == 200
    for _ in range(3):  # refused by its session's limit, without using up the address's
        assert fresh_download(first).status_code == 429
    assert fresh_download(neighbour).status_code == 200


def test_an_empty_setting_turns_the_limit_off(reference_data, renders, limit):
    limit("")
    browser = visitor()
    assert [fresh_download(browser).status_code for _ in range(3)] == [200, 200, 200]
    assert len(renders) == 3


def test_the_counters_name_no_address_or_session_in_the_shared_cache(reference_data, limit):
    limit("1/m/ip,5/m/session")
    browser = visitor()
    fresh_download(browser)
    assert fresh_download(browser).status_code == 429
    session_key = browser.session.session_key

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM privacyreq_cache")
        rows = cursor.fetchall()
    assert rows  # the counters are there ...
    stored = " ".join(f"{key} {base64.b64decode(value)!r}" for key, value in rows)
    secrets = [ADDRESS, session_key]
    for secret in list(secrets):
        secrets += [hashlib.sha256(secret.encode()).hexdigest()]
        secrets += [hashlib.sha1(secret.encode()).hexdigest()]  # noqa: S324
        secrets += [hashlib.md5(secret.encode()).hexdigest()]  # noqa: S324
    for secret in secrets:  # ... but none of them says whose they are
        assert secret not in stored
    assert "allauth" not in stored and "letters-render" not in stored
    for key, _ in rows:
        assert re.fullmatch(r":1:[0-9a-f]{64}", key)


# --- LETTERS_RENDER_RATE_LIMIT at start-up ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20/m/ip,60/h/ip,10/m/session", "20/m/ip,60/h/ip,10/m/session"),
        (" 5/30s/ip , 100/d/session ", "5/30s/ip,100/d/session"),
        ("", ""),
    ],
)
def test_render_rates_are_read_as_allauth_writes_them(monkeypatch, value, expected):
    monkeypatch.setenv("LETTERS_RENDER_RATE_LIMIT", value)
    rates = env_rates("LETTERS_RENDER_RATE_LIMIT", "1/m/ip")
    assert rates == expected
    # Whatever passes here, allauth's own parser takes (with our "session" as its "key").
    parsed = parse_rates(rates.replace("/session", "/key"))
    assert [str(rate).split("/")[0] for rate in parsed] == [
        part.split("/")[0] for part in expected.split(",") if part
    ]


def test_render_rates_default(monkeypatch):
    monkeypatch.delenv("LETTERS_RENDER_RATE_LIMIT", raising=False)
    assert env_rates("LETTERS_RENDER_RATE_LIMIT", "20/m/ip,60/h/ip") == "20/m/ip,60/h/ip"


@pytest.mark.parametrize(
    "value", ["20/m", "20/minute/ip", "x/m/ip", "0/m/ip", "20/m/user", "20/1.5m/ip", "20/m/ip;"]
)
def test_malformed_render_rates_stop_the_start(monkeypatch, value):
    monkeypatch.setenv("LETTERS_RENDER_RATE_LIMIT", value)
    with pytest.raises(ImproperlyConfigured, match="LETTERS_RENDER_RATE_LIMIT must be rates"):
        env_rates("LETTERS_RENDER_RATE_LIMIT", "20/m/ip")
