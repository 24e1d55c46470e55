"""Where webhooks may connect: public addresses only, judged by where packets end up, and
each attempt connects to the address that was checked (no second DNS answer)."""

from __future__ import annotations

import urllib.request

import pytest

from blog.delivery.targets import TargetRefused, check_target, is_public, open_at
from tests.http_receiver import Receiver


@pytest.mark.parametrize(
    "address",
    [
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "::ffff:10.0.0.8",
        "::127.0.0.1",  # IPv4-compatible (deprecated), which Python calls global
        "64:ff9b::a00:8",  # NAT64 well-known prefix to 10.0.0.8
        "64:ff9b::a9fe:a9fe",  # NAT64 to the cloud metadata address 169.254.169.254
        "64:ff9b:1::c0a8:1",  # local-use NAT64 to 192.168.0.1
        "64:ff9b:1:a00:0:100:808:808",  # local-use NAT64: the IPv4 part sits by prefix length
        "::ffff:0:a00:1",  # IPv4-translated (SIIT) 10.0.0.1
        "2002:a00:8::1",  # 6to4 for 10.0.0.8
        "2002:7f00:1::",  # 6to4 for 127.0.0.1
        "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo, client 10.0.0.1
        "fd00::1",
        "fe80::1%eth0",
    ],
)
def test_an_ipv6_address_that_leads_to_a_private_one_is_refused(address):
    assert not is_public(address)


@pytest.mark.parametrize(
    "address", ["::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1", "2606:4700::1111"]
)
def test_an_ipv6_address_that_leads_to_a_public_one_is_allowed(address):
    assert is_public(address)


@pytest.mark.parametrize("url", ["http://[::ffff:127.0.0.1]/", "http://[64:ff9b::a00:8]/hook"])
def test_such_literals_are_refused_as_targets(url, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    with pytest.raises(TargetRefused):
        check_target(url)


def test_the_connection_goes_to_the_checked_address_under_the_urls_host():
    """The URL's host cannot resolve (.invalid): the request arrives only because the
    socket was opened to the address given, and the receiver still sees the host."""
    receiver = Receiver().start()
    try:
        port = receiver.server.server_address[1]
        request = urllib.request.Request(
            f"http://hooks.clinic.invalid:{port}/deliver", data=b"{}", method="POST"
        )
        with open_at(request, "127.0.0.1", timeout=5) as response:
            assert response.status == 200
        (received,) = receiver.requests
        assert received.path == "/deliver"
        assert received.headers["host"] == f"hooks.clinic.invalid:{port}"
    finally:
        receiver.stop()
