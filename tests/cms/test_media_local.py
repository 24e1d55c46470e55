"""Images on local storage (no object storage): the web process serves them at the URLs the
API hands out, with cache headers, conditional GETs and byte ranges, and nothing else under
MEDIA_ROOT. tests/cms/test_media_live.py fetches one from gunicorn with DEBUG off."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.urls import reverse
from wagtail.images import get_image_model

from tests.consent_data import consent, consent_form, pair_article
from tests.factories import ArticlePageFactory, ImageFactory

YEAR = 31536000


@pytest.fixture
def media_root(db, settings, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return root


@pytest.fixture
def hero_url(media_root, client, index) -> str:
    """A rendition's address, as the API hands it out."""
    article = ArticlePageFactory(parent=index, slug="peels", hero_image=ImageFactory())
    article.save_revision().publish()
    url = client.get("/api/v1/articles/peels/").json()["hero_image"]["url"]
    return re.sub(r"^https?://[^/]+", "", url)


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def max_age(response) -> int:
    return int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))


def test_an_image_the_api_hands_out_is_served_with_a_years_lifetime(client, hero_url):
    assert hero_url.startswith("/media/images/")
    response = client.get(hero_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
    body = content(response)
    assert body == storages["default"].open(hero_url.removeprefix("/media/")).read()
    assert response["Content-Length"] == str(len(body))
    # A rendition's name changes with its content: caches keep it without asking again.
    assert max_age(response) == YEAR
    assert "public" in response["Cache-Control"] and "immutable" in response["Cache-Control"]
    assert response["Accept-Ranges"] == "bytes"
    assert response["ETag"] and response["Last-Modified"]


def test_a_head_request_has_the_headers_and_no_body(client, hero_url):
    response = client.head(hero_url)
    assert response.status_code == 200
    assert int(response["Content-Length"]) > 0
    assert content(response) == b""


def test_a_conditional_get_of_an_unchanged_image_is_a_304(client, hero_url):
    first = client.get(hero_url)
    by_etag = client.get(hero_url, headers={"If-None-Match": first["ETag"]})
    assert by_etag.status_code == 304
    assert content(by_etag) == b""
    assert by_etag["ETag"] == first["ETag"]
    by_date = client.get(hero_url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert by_date.status_code == 304
    changed = client.get(hero_url, headers={"If-None-Match": '"another"'})
    assert changed.status_code == 200


def test_a_range_request_gets_those_bytes(client, hero_url):
    whole = content(client.get(hero_url))
    response = client.get(hero_url, headers={"Range": "bytes=10-19"})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 10-19/{len(whole)}"
    assert content(response) == whole[10:20]
    tail = client.get(hero_url, headers={"Range": "bytes=-5"})
    assert tail.status_code == 206 and content(tail) == whole[-5:]
    beyond = client.get(hero_url, headers={"Range": f"bytes={len(whole)}-"})
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{len(whole)}"


def test_originals_are_served_with_a_short_lifetime(client, media_root):
    image = ImageFactory()
    response = client.get(image.file.url)
    assert image.file.url.startswith("/media/original_images/")
    assert response.status_code == 200
    assert content(response) == image.file.open().read()
    # Moved when a patient's consent ends: browsers ask again after an hour.
    assert max_age(response) == 3600 and "immutable" not in response["Cache-Control"]


@pytest.mark.parametrize(
    "path",
    [
        "/media/images/../../secret.txt",
        "/media/images/%2e%2e/%2e%2e/secret.txt",
        "/media/images/..%2f..%2fsecret.txt",
        "/media/images/%2Fetc%2Fpasswd",
        "/media/original_images/..\\..\\secret.txt",
        "/media/images/",
        "/media/images",
        "/media/original_images/",
        "/media/documents/private.pdf",
        "/media/other/file.txt",
        "/media/images/missing.jpg",
    ],
)
def test_nothing_but_image_files_is_served(client, media_root, path):
    (media_root.parent / "secret.txt").write_text("outside the media root")
    (media_root / "documents").mkdir()
    (media_root / "documents" / "private.pdf").write_bytes(b"%PDF restricted document")
    (media_root / "other").mkdir()
    (media_root / "other" / "file.txt").write_text("not an image")
    (media_root / "images").mkdir()
    (media_root / "original_images").mkdir()
    response = client.get(path)
    assert response.status_code == 404
    body = response.content if not response.streaming else content(response)
    assert b"outside the media root" not in body and b"restricted" not in body


def test_only_reads_are_allowed(client, hero_url):
    assert client.post(hero_url).status_code == 405


def test_object_storage_leaves_media_to_the_bucket(client, settings, media_root):
    image = ImageFactory()
    path = image.file.url
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    assert client.get(path).status_code == 404


def test_a_withdrawn_patient_photo_is_gone_from_its_old_addresses(
    admin_client, client, media_root, index, committed, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC))
    record = consent()
    committed(lambda: pair_article(index, record, slug="acne-scars"))
    pair = client.get("/api/v1/articles/acne-scars/").json()["body"][0]["value"]
    renditions = [re.sub(r"^https?://[^/]+", "", pair[side]["url"]) for side in ("before", "after")]
    originals = [image.file.url for image in get_image_model().objects.all()]
    assert all(client.get(url).status_code == 200 for url in renditions + originals)

    edit = reverse("wagtailsnippets_blog_consentrecord:edit", args=[record.pk])
    withdrawn = consent_form(withdrawn_at="2026-12-01 11:30")
    assert committed(lambda: admin_client.post(edit, withdrawn)).status_code == 302

    for url in renditions + originals:
        assert client.get(url).status_code == 404, url
