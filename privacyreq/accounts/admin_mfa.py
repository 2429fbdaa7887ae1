"""Two factors for the admin: staff edit the addresses every letter is sent to, so a stolen
password must not be enough to open it.

A staff member or superuser reaches any admin URL only from a session that was signed in (or has
since confirmed it is them) with an authenticator code. Without an authenticator app they are sent
to set one up; with one, but a session that has not used it, to enter a code. Everyone else passes
through untouched: the admin refuses them itself.

The admin's own login page is no way round this: privacyreq/urls.py sends it to allauth's login
(``secure_admin_login``), and it is under the admin's URL, so this rule covers it too.
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _


def session_used_second_factor(request) -> bool:
    """Whether this session was signed in, or re-authenticated, with an authenticator code or a
    recovery code: allauth records each step of how the session was authenticated."""
    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._refusal(request)
        return response or self.get_response(request)

    def _refusal(self, request) -> HttpResponseRedirect | None:
        # The path first: reading request.user reads the session, which makes every response
        # "Vary: Cookie". Looked up per request: the URLconf is not loaded yet at start-up.
        if not request.path_info.startswith(reverse("admin:index")):
            return None
        user = request.user
        if not user.is_authenticated or not (user.is_staff or user.is_superuser):
            return None
        if not is_mfa_enabled(user, types=[Authenticator.Type.TOTP]):
            messages.warning(
                request,
                _(
                    "The admin needs two-factor authentication. Set up an authenticator app, "
                    "then open the admin again."
                ),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        if not session_used_second_factor(request):
            messages.info(
                request,
                _("To open the admin, enter the code from your authenticator app."),
            )
            # allauth's own confirmation with the code; it brings the user back here after.
            next_url = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{next_url}")
        return None
