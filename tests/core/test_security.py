"""Security headers, cookies and `check --deploy`, as production serves them (over HTTPS)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from privacyreq.core.middleware import PermissionsPolicyMiddleware
from tests.factories import UserFactory

BASE_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _ssl_redirect(settings):
    """Production's default, which tests/conftest.py turns off for the plain-HTTP test client."""
    settings.SECURE_SSL_REDIRECT = True


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        if part.strip():
            name, *values = part.split()
            directives[name] = values
    return directives


def get_home(client):
    return client.get("/", secure=True)


def get_wizard_step(client):
    assert client.get("/start/for/x/", secure=True)["Location"] == "/start/country/"
    return client.get("/start/country/", secure=True)


def get_login(client):
    return client.get("/accounts/login/", secure=True)


def get_healthz(client):
    return client.get("/healthz", secure=True)


@pytest.mark.parametrize("fetch", [get_home, get_wizard_step, get_login, get_healthz])
def test_pages_send_security_headers(client, reference_data, fetch):
    response = fetch(client)
    assert response.status_code == 200

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    permissions = set(response["Permissions-Policy"].split(", "))
    for feature in ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"]:
        assert f"{feature}=()" in permissions

    assert "Content-Security-Policy-Report-Only" not in response
    csp = csp_directives(response["Content-Security-Policy"])
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["script-src"] == ["'self'"]
    for directive in ["script-src", "default-src"]:
        assert "'unsafe-inline'" not in csp[directive]
        assert "'unsafe-eval'" not in csp[directive]


def test_plain_http_redirects_to_https_except_health_check(client, db):
    response = client.get("/start/?x=1")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/start/?x=1"
    # Load balancers probe over plain HTTP and must see the real answer; no HSTS over HTTP.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response


def test_https_reported_by_trusted_proxy_is_not_redirected(client, reference_data, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The test client connects from 127.0.0.1: the proxy, here.
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    response = client.get("/", headers={"x-forwarded-proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.get("/", headers={"x-forwarded-proto": "http"}).status_code == 301


def assert_lax_secure(cookie, *, httponly: bool):
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
    assert bool(cookie["httponly"]) is httponly


def test_login_sets_secure_httponly_lax_cookies(db):
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/", secure=True)
    assert_lax_secure(page.cookies["csrftoken"], httponly=False)

    response = client.post(
        "/accounts/login/",
        {
            "login": user.email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
        secure=True,
        headers={"origin": "https://testserver"},
    )
    assert response.status_code == 302
    assert response.wsgi_request.user == user
    assert_lax_secure(response.cookies["sessionid"], httponly=True)
    # Logging in rotates the CSRF token, so the cookie is set again with the same attributes.
    assert_lax_secure(response.cookies["csrftoken"], httponly=False)


def test_anonymous_wizard_session_cookie_is_secure(client, reference_data):
    response = client.get("/start/for/x/", secure=True)
    assert_lax_secure(response.cookies["sessionid"], httponly=True)


def test_permissions_policy_middleware_keeps_a_views_own_header(settings):
    settings.PERMISSIONS_POLICY = {"camera": [], "fullscreen": ["self"]}
    request = RequestFactory().get("/")

    def plain_view(request):
        return HttpResponse()

    def own_policy_view(request):
        response = HttpResponse()
        response["Permissions-Policy"] = "camera=(self)"
        return response

    response = PermissionsPolicyMiddleware(plain_view)(request)
    assert response["Permissions-Policy"] == "camera=(), fullscreen=(self)"
    assert PermissionsPolicyMiddleware(own_policy_view)(request)["Permissions-Policy"] == (
        "camera=(self)"
    )
    settings.PERMISSIONS_POLICY = {}
    assert "Permissions-Policy" not in PermissionsPolicyMiddleware(plain_view)(request)


def run_deploy_check(**env_vars: str) -> subprocess.CompletedProcess:
    """`manage.py check --deploy` in a fresh process with a production environment."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="example.org",
        **env_vars,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("env_vars", "silenced"),
    [
        # Only W021: HSTS preload is the domain owner's choice, off by default.
        ({}, 1),
        ({"DJANGO_BEHIND_PROXY": "true"}, 1),
        # W008 too: the operator says the proxy redirects to HTTPS itself.
        ({"DJANGO_SECURE_SSL_REDIRECT": "false"}, 2),
        ({"DJANGO_HSTS_PRELOAD": "true"}, 0),
    ],
)
def test_production_settings_pass_deploy_check(env_vars, silenced):
    result = run_deploy_check(**env_vars)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert f"System check identified no issues ({silenced} silenced)." in result.stdout
    assert "WARNING" not in output
    assert "security." not in output


def test_deploy_check_still_catches_an_insecure_configuration():
    result = run_deploy_check(DJANGO_SECURE="false")
    assert result.returncode != 0
    for check in ["security.W004", "security.W008", "security.W012", "security.W016"]:
        assert check in result.stderr
