"""A clinic on one server without object storage: gunicorn with DEBUG off and media on local
disk serves the images the API hands out, whole, by byte range, and as a 304 when unchanged.

A real gunicorn process on the seeded demo database (tests/live.py); its images were written
to the live servers' MEDIA_ROOT by seed_demo.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from tests.live import lower_headers as lower


def test_an_image_the_api_hands_out_is_served_with_ranges_and_304s(server):
    status, _, body = server.get("/api/v1/articles/your-skin-after-microneedling/")
    assert status == 200
    image = urlsplit(json.loads(body)["hero_image"]["url"]).path
    assert image.startswith("/media/images/")

    status, headers, whole = server.get(image)
    headers = lower(headers)
    assert status == 200, server.log()
    assert headers["content-type"].startswith("image/")
    assert whole[:2] == b"\xff\xd8" or whole[:4] in (b"\x89PNG", b"RIFF")
    assert "max-age=31536000" in headers["cache-control"]

    status, ranged, part = server.get(image, headers={"Range": "bytes=0-99"})
    assert status == 206
    assert lower(ranged)["content-range"] == f"bytes 0-99/{len(whole)}"
    assert part == whole[:100]

    status, _, empty = server.get(image, headers={"If-None-Match": headers["etag"]})
    assert (status, empty) == (304, b"")
    status, _, _ = server.get(image, headers={"If-Modified-Since": headers["last-modified"]})
    assert status == 304


def test_no_directory_listing_and_no_way_out_of_the_media_root(server):
    for path in ("/media/", "/media/images/", "/media/images/../../manage.py", "/media/%2e%2e/"):
        status, _, body = server.get(path)
        assert status == 404, path
        assert b"original_images" not in body
