"""Rate limits on expensive work, counted with allauth's limiter in the shared default cache.

allauth counts logins and sign-ups; the same counters (a list of timestamps per key, updated
under a cache lock, so every worker and server adds to one count) limit our own actions here.
Its public ``consume`` reads only allauth's own settings and never limits a GET, so this goes
through the function behind it, with the rates given here.

Rates are written as allauth writes them (``20/m/ip,60/h/ip``), with ``session`` for a count per
browser session (settings.env_rates checks them at start-up). The client address is the visitor's
behind our proxies (privacyreq.core.proxies.client_ip), an IPv6 address cut to its /64 as allauth
does, so a host cannot step around the limit by changing the end of its address.
"""

import math
import time

from allauth.core.internal import ratelimit as allauth_ratelimit
from django.core.cache import cache
from django.http import HttpRequest

from privacyreq.core.proxies import client_ip

APP = "privacyreq"


def _scoped_rates(request: HttpRequest, rates: str) -> list[tuple[str, str, list[str]]]:
    """(scope, what is counted, allauth rates) per scope; allauth's ``key`` limits count per a
    value we give it, so ``ip`` and ``session`` both become ``key`` limits with our value."""
    # Session limits first: an attempt refused by a later limit stays counted in the earlier ones
    # (allauth records each hit a limit allows as it goes), and one session going over its own
    # limit must not use up what the address (a whole office behind one NAT) may render.
    scopes: dict[str, list[str]] = {"session": [], "ip": []}
    for rate in filter(None, (part.strip() for part in rates.split(","))):
        amount, duration, per = rate.split("/")
        scopes[per].append(f"{amount}/{duration}/key")
    session_key = request.session.session_key if hasattr(request, "session") else None
    keys = {"ip": allauth_ratelimit.truncate_ip(client_ip(request)), "session": session_key}
    # A request without a session (none saved yet) is counted by its address alone.
    return [(scope, keys[scope], parts) for scope, parts in scopes.items() if parts and keys[scope]]


def _wait(request: HttpRequest, *, action: str, key: str, rate: str) -> float:
    """Seconds until ``rate`` allows one more for ``key`` (0 when it already does)."""
    parsed = allauth_ratelimit.parse_rate(rate)
    cache_key = allauth_ratelimit.get_cache_key(
        request, app=APP, action=action, rate=parsed, key=key
    )
    now = time.time()
    # Newest first, as allauth keeps it; the oldest hits still inside the window block.
    history = [ts for ts in cache.get(cache_key, []) if ts > now - parsed.duration]
    if len(history) < parsed.amount:
        return 0
    return history[parsed.amount - 1] + parsed.duration - now


def rate_limit_consume(*, request: HttpRequest, action: str, rates: str) -> int | None:
    """Count one ``action`` for this client; None when allowed, else the whole seconds to wait.

    The limit that refuses an attempt does not record it, so retrying too early does not push
    the wait further out.
    """
    for scope, key, parts in _scoped_rates(request, rates):
        scoped_action = f"{action}:{scope}"
        usage = allauth_ratelimit.consume(
            request,
            app=APP,
            action=scoped_action,
            config={scoped_action: ",".join(parts)},
            key=key,
            limit_get=True,
        )
        if usage is None:
            wait = max(_wait(request, action=scoped_action, key=key, rate=p) for p in parts)
            # allauth also refuses when its cache lock stays busy (a second); then ask for one.
            return max(1, math.ceil(wait))
    return None
