"""Response headers Django does not set itself."""

from django.conf import settings
from django.template.response import TemplateResponse


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
