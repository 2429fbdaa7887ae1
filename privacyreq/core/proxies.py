"""Which addresses may speak for a visitor: the reverse proxies in ``settings.TRUSTED_PROXIES``.

A proxy in front of the app tells it the scheme the visitor used (X-Forwarded-Proto) and their
address (X-Forwarded-For). Anyone can send those headers, so they mean something only when the
connection itself comes from a configured proxy; ``TrustedProxyMiddleware`` drops them from every
other address, and ``client_ip`` reads the visitor's address behind the proxies.
"""

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(configured: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in configured)


def trusted_networks() -> tuple[Network, ...]:
    """``settings.TRUSTED_PROXIES`` parsed (validated at start-up by settings.env_networks)."""
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))


def address_in(address: str, networks: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    # An IPv4 peer on an IPv6 socket shows as ::ffff:a.b.c.d; match it as the IPv4 address.
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks)


def peer_is_trusted_proxy(request: HttpRequest) -> bool:
    """Whether the connection comes from a trusted proxy.

    Behind a proxy, a connection without an address (gunicorn over a Unix socket sets an empty
    REMOTE_ADDR) is trusted, as gunicorn trusts it: only processes that may open the socket file
    can connect. Without a proxy nothing is trusted.
    """
    networks = trusted_networks()
    if not networks:
        return False
    remote = request.META.get("REMOTE_ADDR") or ""
    return remote == "" or address_in(remote, networks)


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: REMOTE_ADDR, unless the connection comes from a trusted proxy; then
    the last X-Forwarded-For entry that is not itself a trusted proxy.

    Each proxy appends the address it received the request from, so the entries right of the
    first untrusted one were written by our proxies and the ones left of it by whoever the
    visitor is: they could have written anything there. A proxy that writes something that is
    not an address leaves the proxy's own address, the safe side for a rate limit.
    """
    remote = request.META.get("REMOTE_ADDR") or ""
    if not peer_is_trusted_proxy(request):
        return remote
    networks = trusted_networks()
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return remote
        if not address_in(hop, networks):
            return hop
    # Every hop is one of our proxies (a request made from the proxy host itself).
    return hops[0] if hops else remote
