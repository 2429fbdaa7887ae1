"""Response headers Django does not set itself."""

from django.conf import settings
from django.template.response import TemplateResponse

from privacyreq.core.proxies import peer_is_trusted_proxy

# Headers only a proxy may set (request.META names). Django reads X-Forwarded-Proto
# (SECURE_PROXY_SSL_HEADER), -Host and -Port when told to; allauth reads X-Forwarded-For
# (ALLAUTH_TRUSTED_PROXY_COUNT) or a header of the operator's choice; the rest are the other
# spellings proxies use for the same facts, dropped so no later code can be fooled by them.
FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_PROTOCOL",
    "HTTP_X_FORWARDED_SSL",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)


class TrustedProxyMiddleware:
    """Drop the X-Forwarded-* headers from requests that do not come from a trusted proxy.

    First in MIDDLEWARE, so SecurityMiddleware's HTTPS redirect, ``request.is_secure()`` and every
    client-address lookup (allauth's rate limits, privacyreq.core.proxies.client_ip) see them only
    when the proxy (settings.TRUSTED_PROXIES, from DJANGO_TRUSTED_PROXIES) sent them. Without
    DJANGO_BEHIND_PROXY no address is trusted and they are always dropped.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        header = getattr(settings, "ALLAUTH_TRUSTED_CLIENT_IP_HEADER", None)
        extra = ["HTTP_" + header.upper().replace("-", "_")] if header else []
        self.headers = (*FORWARDED_HEADERS, *extra)

    def __call__(self, request):
        if not peer_is_trusted_proxy(request):
            for name in self.headers:
                request.META.pop(name, None)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Send a Permissions-Policy header built from settings.PERMISSIONS_POLICY.

    The setting maps a feature to its allowlist: `{"camera": []}` gives `camera=()` (no one),
    `{"fullscreen": ["self"]}` gives `fullscreen=(self)`. A header a view set itself is kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowlist)})"
            for feature, allowlist in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request whose body is larger than settings.REQUEST_MAX_BYTES with a 413 page.

    Django limits form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams any size of file upload to
    disk before a form can say it is too big. The declared length is checked before the body is
    read; a chunked body without a length is refused by the proxy in front (README).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            response = TemplateResponse(
                request,
                "413.html",
                {"limit_mb": settings.REQUEST_MAX_BYTES // (1024 * 1024)},
                status=413,
            )
            # The unread body would otherwise be taken for the next request on this connection.
            response["Connection"] = "close"
            return response.render()
        return self.get_response(request)


class NoStoreMiddleware:
    """Send ``Cache-Control: no-store, private`` from the pages that show personal data.

    The questionnaire (/start/: its steps, check and result), the tracked cases (/tracking/), the
    settings (/settings/) and allauth's account pages (/accounts/) show a person's name, address,
    letters or cases. ``no-store`` keeps every copy out of the browser's cache too, so the Back
    button or a later user of a shared computer cannot bring one back after logging out or after
    the session ends. Every response under these paths gets it, redirects and error pages
    included, unless its view chose its own caching: the downloads revalidate by ETag
    (privacyreq.letters.conditional) and the calendar files say ``no-store`` themselves. The home
    and platform pages are the same for everyone and stay cacheable.
    """

    PATH_PREFIXES = ("/start/", "/tracking/", "/settings/", "/accounts/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(self.PATH_PREFIXES) and not response.has_header(
            "Cache-Control"
        ):
            response["Cache-Control"] = "no-store, private"
        return response
