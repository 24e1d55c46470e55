"""Who is posting, as far as throttles and privacy need: a trusted client address and its hash.

X-Forwarded-For is believed only as far as it was written by proxies we trust
(COMMENTS_TRUSTED_PROXIES): the client address is the right-most entry that is not one of
them. A forged header prepended by the client therefore cannot change the address.
"""

from __future__ import annotations

import hmac
import ipaddress
from hashlib import sha256

from django.conf import settings
from django.http import HttpRequest


def _networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(n, strict=False) for n in settings.COMMENTS_TRUSTED_PROXIES]


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks()
    if not _trusted(remote, networks):
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed([a for a in forwarded if a]):
        if not _trusted(address, networks):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return remote
    return remote


def client_network(address: str) -> str:
    """The unit a client is counted in: its IPv4 address, or its IPv6 /64. A home or phone
    is given a whole /64 and may use any address in it, so counting IPv6 addresses would let
    one reader pass for many (three reports, a fresh throttle budget per address)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def ip_hash(address: str) -> str:
    """A keyed hash of the client's network (client_network): equal clients match, but the
    address cannot be recovered."""
    key = (settings.COMMENTS_IP_HASH_KEY or settings.SECRET_KEY).encode()
    return hmac.new(key, client_network(address).encode(), sha256).hexdigest()


def user_agent(request: HttpRequest) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:200]
