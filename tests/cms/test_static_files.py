"""Static files with DEBUG off: served by the web process itself (WhiteNoise), under hashed
names, compressed and cacheable for a year, as in production.

A real gunicorn process on a collected STATIC_ROOT (tests/live.py runs collectstatic).
"""

from __future__ import annotations

import gzip
import re

import pytest

from tests.live import LiveServer
from tests.live import lower_headers as lower

YEAR = 31536000
# ManifestStaticFilesStorage names: name.<12 hex digits of the content's MD5>.ext
HASHED = re.compile(r"\.[0-9a-f]{12}\.[a-z0-9]+$")


def static_urls(html: str, ext: str = "") -> list[str]:
    """Every /static/ URL the page links (of one extension, if given), query and all."""
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    return [url for url in urls if url.endswith(f".{ext}")] if ext else urls


def max_age(cache_control: str) -> int:
    found = re.search(r"max-age=(\d+)", cache_control)
    assert found, cache_control
    return int(found.group(1))


def admin_css(server: LiveServer) -> list[str]:
    status, _, body = server.get("/admin/login/")
    assert status == 200
    return static_urls(body.decode(), "css")


def test_the_admin_login_page_links_hashed_stylesheets(server):
    stylesheets = admin_css(server)
    assert stylesheets
    assert all(HASHED.search(url) for url in stylesheets), stylesheets


def test_the_public_site_links_its_hashed_stylesheet(server):
    status, _, body = server.get("/")
    assert status == 200
    stylesheets = static_urls(body.decode(), "css")
    assert any(url.startswith("/static/blog/site.") for url in stylesheets), stylesheets
    assert all(HASHED.search(url) for url in stylesheets), stylesheets


def test_hashed_stylesheets_are_served_with_a_year_long_immutable_lifetime(server):
    url = admin_css(server)[0]
    status, headers, body = server.get(url)
    headers = lower(headers)
    assert status == 200
    assert headers["content-type"].startswith("text/css")
    assert body
    cache_control = headers["cache-control"]
    # A hashed name changes whenever the content does, so caches may keep it (at least) a
    # year without revalidating.
    assert max_age(cache_control) >= YEAR
    assert "public" in cache_control and "immutable" in cache_control


def test_stylesheets_are_gzip_compressed_for_clients_that_accept_it(server):
    url = admin_css(server)[0]
    _, _, plain = server.get(url)
    status, headers, body = server.get(url, headers={"Accept-Encoding": "gzip"})
    headers = lower(headers)
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert "accept-encoding" in headers["vary"].lower()  # shared caches keep both copies
    assert len(body) < len(plain)
    assert gzip.decompress(body) == plain
    assert max_age(headers["cache-control"]) >= YEAR


def test_uncompressed_copies_for_clients_that_do_not_accept_gzip(server):
    url = admin_css(server)[0]
    status, headers, body = server.get(url, headers={"Accept-Encoding": "identity"})
    assert status == 200
    assert "content-encoding" not in lower(headers)
    assert body.lstrip()[:1] not in (b"\x1f", b"")  # not the gzip magic: readable CSS


@pytest.mark.parametrize("path", ["/admin/login/", "/"])
def test_every_asset_a_page_links_is_hashed_and_served(server, path):
    # An unhashed or query-versioned link would keep a year-old copy in browsers after a
    # deployment changes the file.
    _, _, body = server.get(path)
    assets = static_urls(body.decode())
    assert assets
    for url in assets:
        assert HASHED.search(url), url
        status, _, _ = server.get(url)
        assert status == 200, url


def test_an_unknown_static_file_is_a_plain_404(server):
    status, _, _ = server.get("/static/wagtailadmin/css/no-such-file.css")
    assert status == 404


def test_the_site_icon_is_linked_hashed_and_answers_favicon_ico(server):
    _, _, body = server.get("/")
    (icon,) = re.findall(r'<link rel="icon" href="(/static/[^"]+)">', body.decode())
    assert HASHED.search(icon), icon
    status, headers, linked = server.get(icon)
    assert status == 200 and max_age(lower(headers)["cache-control"]) >= YEAR
    # Browsers ask for /favicon.ico whatever the page links.
    status, headers, served = server.get("/favicon.ico")
    assert status == 200, server.log()
    assert lower(headers)["content-type"] == "image/x-icon"
    assert served == linked
