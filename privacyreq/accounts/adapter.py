"""allauth's account adapter, changed in two places: how a user with two-factor authentication
confirms it is them before a sensitive step (changing their email address, downloading their data,
deleting their account, changing their two-factor settings), and whose address its rate limits
count."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.utils import is_mfa_enabled

from privacyreq.core.proxies import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        """The same visitor's address as the PDF limit uses (privacyreq.core.proxies): behind
        the trusted proxies, the last X-Forwarded-For entry they did not write; otherwise the
        connection's own. allauth's own guess needs ALLAUTH_TRUSTED_PROXY_COUNT to match the
        proxies; this one needs nothing but DJANGO_TRUSTED_PROXIES."""
        return client_ip(request)

    def get_reauthentication_methods(self, user) -> list[dict]:
        """With two-factor authentication on, only the second factor (an authenticator code or a
        recovery code) re-authenticates: allauth would also accept the password alone, which is
        the one factor a thief who took over a live session may well have.

        allauth sends the user to the first method returned, and its password page refuses
        anyone for whom that page is not among them, so removing it here closes both.
        """
        methods = super().get_reauthentication_methods(user)
        if user.is_authenticated and is_mfa_enabled(user):
            second_factor = [m for m in methods if m["id"].startswith("mfa_")]
            if second_factor:
                return second_factor
        return methods
