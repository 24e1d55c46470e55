"""The site's icon: every page links it, and /favicon.ico, which browsers ask for whatever a
page links, answers with it instead of a 404."""

from __future__ import annotations

import io
import re

from PIL import Image


def test_favicon_ico_answers_with_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    icon = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert icon.format == "ICO" and (32, 32) in icon.info["sizes"]
    assert "public" in response["Cache-Control"] and "max-age=86400" in response["Cache-Control"]


def test_a_head_request_and_only_reads(client, db):
    assert client.head("/favicon.ico").status_code == 200
    assert client.post("/favicon.ico").status_code == 405


def test_every_page_links_the_icon(client, home):
    html = client.get(home.url).content.decode()
    (href,) = re.findall(r'<link rel="icon" href="([^"]+)">', html)
    assert href.startswith("/static/blog/favicon") and href.endswith(".ico")
