"""Response headers Django does not set itself."""

from django.conf import settings


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
