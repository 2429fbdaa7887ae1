"""Site-wide pages: the health check for load balancers, and the pages that say who runs the site
and what it does with its visitors' data (About, Contact, Privacy, Legal notice).

The operator's details come from settings (the "Operator" section); a detail the operator has not
set is shown as missing, never filled in. The privacy page states the limits the code applies
(session lifetime, document cache, rate-limit windows) from the same settings the code reads.
"""

import math
from dataclasses import dataclass

from allauth.account import app_settings as account_settings
from allauth.core.internal.ratelimit import parse_rates
from allauth.mfa import app_settings as mfa_settings
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """200 when the app runs and its database answers; 503 otherwise, for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# --- Who runs the site -----------------------------------------------------------------------


@dataclass(frozen=True)
class Operator:
    """The operator's details as settings give them; empty strings and lists where unset."""

    name: str
    address: list[str]
    email: str
    phone: str
    register: str
    vat_id: str
    representative: str
    hosting_provider: str
    source_code_url: str

    @property
    def identified(self) -> bool:
        """Whether a visitor can tell who runs the site and reach them: name, address, email."""
        return bool(self.name and self.address and self.email)


def operator_get() -> Operator:
    return Operator(
        name=settings.OPERATOR_NAME,
        address=list(settings.OPERATOR_ADDRESS),
        email=settings.OPERATOR_EMAIL,
        phone=settings.OPERATOR_PHONE,
        register=settings.OPERATOR_REGISTER,
        vat_id=settings.OPERATOR_VAT_ID,
        representative=settings.OPERATOR_REPRESENTATIVE,
        hosting_provider=settings.HOSTING_PROVIDER,
        source_code_url=settings.SOURCE_CODE_URL,
    )


def duration_text(seconds: float) -> str:
    """A lifetime as the privacy page says it: whole days from a week on, whole hours, else
    minutes (rounded up, so the page never promises less than the code keeps)."""
    if seconds >= 7 * 86400 and seconds % 86400 == 0:
        days = int(seconds // 86400)
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    if seconds >= 3600 and seconds % 3600 == 0:
        hours = int(seconds // 3600)
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def document_cache_seconds() -> int | None:
    """How long a visitor's letters and PDFs stay in a process's memory; None when they are not
    kept at all (DOCUMENT_CACHE_ENTRIES=0: the dummy cache)."""
    documents = settings.CACHES["documents"]
    if documents["BACKEND"].endswith(".DummyCache"):
        return None
    return documents.get("TIMEOUT", 300)


def rate_limit_window_seconds() -> float:
    """The longest window any rate-limit counter is kept for: allauth's (logins, sign-ups, password
    resets, with their defaults) and ours (new PDFs). Each counter expires with its window."""
    rates = [
        *account_settings.RATE_LIMITS.values(),
        *mfa_settings.RATE_LIMITS.values(),
        settings.LETTERS_RENDER_RATE_LIMIT,
    ]
    durations = [rate.duration for value in rates if value for rate in parse_rates(value)]
    return max(durations, default=0)


def _page(request: HttpRequest, template: str, **context) -> HttpResponse:
    return render(request, template, {"operator": operator_get(), **context})


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return _page(request, "core/about.html")


@require_GET
def contact(request: HttpRequest) -> HttpResponse:
    return _page(request, "core/contact.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    documents = document_cache_seconds()
    return _page(
        request,
        "core/privacy.html",
        session_lifetime=duration_text(settings.SESSION_COOKIE_AGE),
        document_lifetime=duration_text(documents) if documents else None,
        rate_limit_window=duration_text(rate_limit_window_seconds()),
        session_cookie=settings.SESSION_COOKIE_NAME,
        csrf_cookie=settings.CSRF_COOKIE_NAME,
        language_cookie=settings.LANGUAGE_COOKIE_NAME,
        csrf_cookie_lifetime=duration_text(settings.CSRF_COOKIE_AGE),
        # None: Django's default, a cookie that goes when the browser closes.
        language_cookie_lifetime=(
            duration_text(settings.LANGUAGE_COOKIE_AGE) if settings.LANGUAGE_COOKIE_AGE else None
        ),
        file_storage_s3=settings.STORAGES["default"]["BACKEND"].startswith("storages."),
    )


@require_GET
def legal_notice(request: HttpRequest) -> HttpResponse:
    return _page(request, "core/legal_notice.html")
