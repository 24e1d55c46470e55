"""Where webhooks may connect: http(s) URLs whose host resolves only to public addresses,
and, for each attempt, a connection to the very address that was checked.

Checking a name and then letting the HTTP client resolve it again would let a receiver's DNS
answer a public address to the check and a private one to the connection (DNS rebinding).
So the address is resolved once per attempt, checked, and the socket is opened to it, while
the request keeps the hostname for its Host header and for TLS (SNI and the certificate).

An IPv6 address that carries an IPv4 one (IPv4-mapped, IPv4-compatible, 6to4, NAT64,
Teredo) is judged by the IPv4 address inside: `::ffff:10.0.0.1` and `64:ff9b::a00:1` reach
10.0.0.1. Python's `is_global` judges some of those forms by their own prefix alone.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings

NAT64_PREFIXES = (ipaddress.ip_network("64:ff9b::/96"),)  # the well-known prefix (RFC 6052)
# Where the IPv4 address sits depends on the translator's prefix length: refused outright.
LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")  # local-use NAT64 (RFC 8215)
IPV4_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")  # SIIT (RFC 7915)
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated ::a.b.c.d


class TargetRefused(ValueError):
    """Not a URL webhooks may be sent to."""


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one leads to, if it is one of the forms that carry one."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]  # the client's address
    if any(address in prefix for prefix in (*NAT64_PREFIXES, IPV4_COMPATIBLE, IPV4_TRANSLATED)):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(text: str) -> bool:
    address = ipaddress.ip_address(text.split("%")[0])  # drop an IPv6 zone
    if isinstance(address, ipaddress.IPv6Address):
        if address in LOCAL_NAT64:
            return False
        inner = embedded_ipv4(address)
        if inner is not None:
            return inner.is_global  # where the packets end up
    return address.is_global


def resolve_target(url: str) -> str | None:
    """The address to connect to for `url` (None when private targets are allowed: then the
    HTTP client resolves as usual); a TargetRefused when it may not be called."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise TargetRefused("Enter an http:// or https:// URL.")
    if settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS:
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError, UnicodeError) as error:
        raise TargetRefused(f"{parts.hostname} does not resolve.") from error
    addresses = [info[4][0] for info in found]
    # Every address must be public: a name that also resolves privately is refused.
    if not addresses or not all(is_public(address) for address in addresses):
        raise TargetRefused(f"{parts.hostname} is not a public address.")
    return addresses[0]


def check_target(url: str) -> None:
    """http(s) to a public address, unless WEBHOOKS_ALLOW_PRIVATE_TARGETS is set (local
    receivers in development and tests)."""
    resolve_target(url)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer, not an instruction: it could point anywhere


def _pinned(connection_class: type, address: str) -> type:
    class Pinned(connection_class):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            create = self._create_connection
            # The checked address, on the URL's port; the hostname stays for Host and TLS.
            self._create_connection = lambda where, *a, **k: create((address, where[1]), *a, **k)

    return Pinned


class _PinnedHTTP(urllib.request.HTTPHandler):
    def __init__(self, address: str) -> None:
        super().__init__()
        self.address = address

    def http_open(self, req):
        return self.do_open(_pinned(http.client.HTTPConnection, self.address), req)


class _PinnedHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, address: str) -> None:
        super().__init__()
        self.address = address

    def https_open(self, req):
        return self.do_open(
            _pinned(http.client.HTTPSConnection, self.address), req, context=self._context
        )


def open_checked(request: urllib.request.Request, *, timeout: float):
    """Send `request` to its URL's checked address, without following redirects."""
    return open_at(request, resolve_target(request.full_url), timeout=timeout)


def open_at(request: urllib.request.Request, address: str | None, *, timeout: float):
    """Send `request` over a connection to `address` (None: wherever its host resolves),
    with the URL's host in the Host header and TLS; redirects are not followed."""
    handlers: list = [_NoRedirects]
    if address is not None:
        # Straight to the checked address: a proxy from the environment would be sent
        # the target's address as if it were the proxy's.
        handlers += [urllib.request.ProxyHandler({}), _PinnedHTTP(address), _PinnedHTTPS(address)]
    return urllib.request.build_opener(*handlers).open(request, timeout=timeout)
