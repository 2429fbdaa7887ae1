"""X-Forwarded-* headers count only from the configured proxies (issue 17, point 13).

Behind a TLS proxy Django believes X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER) and allauth reads
the visitor's address from X-Forwarded-For (ALLAUTH_TRUSTED_PROXY_COUNT). Anyone who can reach the
app directly could send the same headers; privacyreq.core.middleware.TrustedProxyMiddleware drops
them from every address not in DJANGO_TRUSTED_PROXIES.
"""

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from privacyreq.core.middleware import TrustedProxyMiddleware
from privacyreq.core.proxies import client_ip
from privacyreq.env import env_networks
from privacyreq.letters.cache import documents_cache_clear
from privacyreq.letters.services import answers_validate
from tests.factories import x_answers

BASE_DIR = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 23)
PROXY = "10.0.0.2"
STRANGER = "203.0.113.5"


@pytest.fixture
def behind_proxy(settings):
    """DJANGO_BEHIND_PROXY=true with DJANGO_TRUSTED_PROXIES=10.0.0.0/29, as settings.py sets it."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = ["10.0.0.0/29"]
    return settings


def through_middleware(remote_addr: str, **headers: str):
    """The request as every later middleware and view sees it."""
    seen = {}

    def view(request):
        seen["request"] = request
        return HttpResponse()

    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr, headers=headers)
    TrustedProxyMiddleware(view)(request)
    return seen["request"]


# --- HTTPS --------------------------------------------------------------------------------------


def test_https_claimed_by_a_stranger_is_not_believed(behind_proxy):
    request = through_middleware(STRANGER, x_forwarded_proto="https", x_forwarded_host="evil.test")
    assert not request.is_secure()
    assert "HTTP_X_FORWARDED_PROTO" not in request.META
    assert "HTTP_X_FORWARDED_HOST" not in request.META


def test_https_reported_by_the_proxy_is(behind_proxy):
    for proxy in [PROXY, "10.0.0.7", "::ffff:10.0.0.2"]:
        assert through_middleware(proxy, x_forwarded_proto="https").is_secure()
    assert not through_middleware("10.0.0.8", x_forwarded_proto="https").is_secure()


def test_a_stranger_claiming_https_is_redirected_to_it(behind_proxy, reference_data):
    behind_proxy.SECURE_SSL_REDIRECT = True
    stranger = Client(REMOTE_ADDR=STRANGER)
    response = stranger.get("/", headers={"x-forwarded-proto": "https"})
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"

    proxy = Client(REMOTE_ADDR=PROXY)
    response = proxy.get("/", headers={"x-forwarded-proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=")


def test_without_a_proxy_no_one_is_trusted(settings):
    settings.TRUSTED_PROXIES = []
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = through_middleware("127.0.0.1", x_forwarded_proto="https", x_forwarded_for="1.2.3.4")
    assert not request.is_secure()
    assert "HTTP_X_FORWARDED_FOR" not in request.META


def test_a_unix_socket_connection_is_trusted_behind_a_proxy_as_gunicorn_trusts_it(behind_proxy):
    # gunicorn over `unix:/run/...sock` gives no address; only the proxy can open the socket.
    assert through_middleware("", x_forwarded_proto="https").is_secure()


# --- The client's address -----------------------------------------------------------------------


def test_x_forwarded_for_from_a_stranger_changes_no_client_address(behind_proxy):
    behind_proxy.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request = through_middleware(STRANGER, x_forwarded_for="198.51.100.1")
    assert client_ip(request) == STRANGER
    assert get_adapter().get_client_ip(request) == STRANGER  # allauth's own limits too


def test_behind_the_proxy_the_client_is_the_address_it_received_the_request_from(behind_proxy):
    # The visitor may have written anything left of what our proxies appended.
    request = through_middleware(PROXY, x_forwarded_for="1.1.1.1, 198.51.100.1, 10.0.0.3")
    assert client_ip(request) == "198.51.100.1"
    assert client_ip(through_middleware(PROXY)) == PROXY
    # A proxy writing something that is not an address: the proxy's own, the strict side.
    assert client_ip(through_middleware(PROXY, x_forwarded_for="unknown")) == PROXY
    # Only our proxies on the way: the first of them.
    assert client_ip(through_middleware(PROXY, x_forwarded_for="10.0.0.4")) == "10.0.0.4"


@pytest.mark.django_db
def test_the_render_limit_counts_the_real_address_not_a_forged_one(
    behind_proxy, reference_data, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    behind_proxy.LETTERS_RENDER_RATE_LIMIT = "1/m/ip"
    url = reverse("letters:download", args=["objection", "pdf"])

    def download(remote_addr: str, forwarded_for: str) -> int:
        client = Client(REMOTE_ADDR=remote_addr)
        session = client.session
        session["letters"] = answers_validate(raw=x_answers(), today=TODAY).to_json()
        session.save()
        documents_cache_clear()
        return client.get(url, headers={"x-forwarded-for": forwarded_for}).status_code

    # A stranger changing X-Forwarded-For each time is still one client.
    assert download(STRANGER, "198.51.100.1") == 200
    assert download(STRANGER, "198.51.100.2") == 429
    # Through the proxy, two visitors are two clients; the same visitor again is refused.
    assert download(PROXY, "198.51.100.1") == 200
    assert download(PROXY, "198.51.100.2") == 200
    assert download(PROXY, "198.51.100.2") == 429


# --- DJANGO_TRUSTED_PROXIES ---------------------------------------------------------------------


def test_trusted_proxies_are_addresses_or_networks(monkeypatch):
    monkeypatch.setenv("DJANGO_TRUSTED_PROXIES", " 10.0.0.5, 10.1.0.0/16 ,::1,fd00::/8")
    assert env_networks("DJANGO_TRUSTED_PROXIES", []) == [
        "10.0.0.5/32",
        "10.1.0.0/16",
        "::1/128",
        "fd00::/8",
    ]
    monkeypatch.delenv("DJANGO_TRUSTED_PROXIES")
    assert env_networks("DJANGO_TRUSTED_PROXIES", ["127.0.0.1", "::1"]) == [
        "127.0.0.1/32",
        "::1/128",
    ]


@pytest.mark.parametrize(
    "value", ["proxy.internal", "10.0.0.300", "10.0.0.0/33", "*", "10.0.0.1 2"]
)
def test_a_bad_trusted_proxy_is_refused_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("DJANGO_TRUSTED_PROXIES", f"127.0.0.1,{value}")
    with pytest.raises(
        ImproperlyConfigured, match=f"DJANGO_TRUSTED_PROXIES must be .*{re.escape(repr(value))}"
    ):
        env_networks("DJANGO_TRUSTED_PROXIES", [])


PROBE = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.TRUSTED_PROXIES)"
)


def settings_with(**env: str) -> subprocess.CompletedProcess:
    base = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name != "CACHE_URL"
    }
    base |= {"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_SETTINGS_MODULE": "privacyreq.settings"}
    return subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-c", PROBE],
        cwd=BASE_DIR,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_start_up_settings_for_proxies():
    # Behind a proxy without a list: loopback, where gunicorn listens by default.
    result = settings_with(DJANGO_BEHIND_PROXY="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['127.0.0.1/32', '::1/128']"
    # No proxy: no one.
    assert settings_with().stdout.strip() == "[]"
    # A list the settings cannot use stops the start, saying why.
    result = settings_with(DJANGO_BEHIND_PROXY="true", DJANGO_TRUSTED_PROXIES="10.0.0.1/40")
    assert "DJANGO_TRUSTED_PROXIES must be IP addresses or networks" in result.stderr
    result = settings_with(DJANGO_BEHIND_PROXY="true", DJANGO_TRUSTED_PROXIES=" ")
    assert "DJANGO_TRUSTED_PROXIES must name the proxy's address" in result.stderr
    result = settings_with(DJANGO_TRUSTED_PROXIES="10.0.0.1")
    assert "DJANGO_TRUSTED_PROXIES is set but DJANGO_BEHIND_PROXY is not" in result.stderr


def test_allauths_login_limits_count_the_same_client_address(rf, settings):
    # allauth asks the adapter for the address its login, sign-up and reset limits count.
    from allauth.account.adapter import get_adapter

    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    behind = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.4")
    assert get_adapter(behind).get_client_ip(behind) == "198.51.100.4"
    direct = rf.get("/", REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert get_adapter(direct).get_client_ip(direct) == "203.0.113.50"
