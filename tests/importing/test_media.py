"""Media of an import: found in the uploads folder by path, fetched from the old site only when
asked (and only from public addresses, unless private targets are allowed), each file once."""

from __future__ import annotations

import datetime
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from wagtail.images import get_image_model

from blog.models import ArticlePage
from tests.importing.builder import Post, attachment
from tests.importing.test_import import write_image
from tests.importing.test_mapping import do_import, export


@pytest.fixture
def old_site(tmp_path):
    """The old WordPress site, still up: a real HTTP server on loopback serving its uploads."""
    root = tmp_path / "site"
    write_image(root / "wp-content" / "uploads", "2022/02/room.jpg", size=(80, 60))
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def posts_using(site: str) -> list[Post]:
    return [
        attachment(5, "2022/02/room.jpg", parent=1, alt="Our treatment room", site=site),
        Post(1, "Visit us", meta={"_thumbnail_id": "5"}),
    ]


def test_media_are_fetched_from_the_old_site_only_when_asked(index, tmp_path, old_site):
    report = do_import(export(tmp_path, posts_using(old_site), site=old_site))
    assert ArticlePage.objects.get().hero_image is None
    assert any("room.jpg" in note for note in report.posts[1].notes)

    do_import(export(tmp_path, posts_using(old_site), site=old_site), fetch_media=True)
    hero = ArticlePage.objects.get().hero_image
    assert hero is not None and (hero.width, hero.height) == (80, 60)
    assert hero.description == "Our treatment room"


def test_a_private_address_is_refused_unless_private_targets_are_allowed(
    index, tmp_path, old_site, settings
):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    report = do_import(export(tmp_path, posts_using(old_site), site=old_site), fetch_media=True)
    assert ArticlePage.objects.get().hero_image is None
    assert any("not a public address" in note for note in report.posts[1].notes)


def test_the_same_file_is_one_image_and_a_later_copy_of_the_folder_fills_the_gaps(index, tmp_path):
    root = tmp_path / "uploads"
    posts = [
        attachment(5, "2022/02/room.jpg", parent=1),
        attachment(6, "2023/07/room-again.jpg", parent=2),
        Post(1, "First", meta={"_thumbnail_id": "5"}),
        Post(2, "Second", meta={"_thumbnail_id": "6"}, date=datetime.datetime(2024, 1, 1)),
    ]
    do_import(export(tmp_path, posts), uploads=root)  # the folder is still empty
    assert not get_image_model().objects.exists()

    write_image(root, "2022/02/room.jpg")
    (root / "2023/07").mkdir(parents=True)
    (root / "2023/07/room-again.jpg").write_bytes((root / "2022/02/room.jpg").read_bytes())
    report = do_import(export(tmp_path, posts), uploads=root)
    assert get_image_model().objects.count() == 1
    heroes = {article.hero_image_id for article in ArticlePage.objects.all()}
    assert len(heroes) == 1 and None not in heroes
    assert report.counts["posts updated"] == 2


def test_a_file_outside_the_uploads_folder_is_never_read(index, tmp_path):
    secret = tmp_path / "secret.jpg"
    write_image(tmp_path, "secret.jpg")
    posts = [attachment(5, "../secret.jpg", parent=1), Post(1, "Sly", meta={"_thumbnail_id": "5"})]
    (tmp_path / "uploads").mkdir()
    report = do_import(export(tmp_path, posts), uploads=tmp_path / "uploads")
    assert secret.exists() and not get_image_model().objects.exists()
    assert any("featured image is left out" in note for note in report.posts[1].notes)


def test_a_dry_run_reports_its_media_as_a_real_run_would_and_keeps_none(index, tmp_path):
    from django.core.files.storage import default_storage

    root = tmp_path / "uploads"
    write_image(root, "2022/02/room.jpg")
    posts = [
        attachment(5, "2022/02/room.jpg", parent=1),
        Post(1, "Visit", meta={"_thumbnail_id": "5"}),
    ]

    def stored() -> list[str]:
        return (
            default_storage.listdir("original_images")[1]
            if default_storage.exists("original_images")
            else []
        )

    before = stored()
    report = do_import(export(tmp_path, posts), uploads=root, dry_run=True)
    assert report.counts["images and documents imported"] == 1
    assert not report.posts[1].notes  # nothing "left out"
    assert not get_image_model().objects.exists() and not ArticlePage.objects.exists()
    assert stored() == before  # the file it stored is gone again
