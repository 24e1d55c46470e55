"""Media on S3-compatible storage: uploads land in the bucket and readers fetch them by URL.

A real S3 server (moto's, over HTTP on loopback) stands in for S3, MinIO or R2; the storage
configuration is the one cms/settings/media.py builds from the AWS_* variables.
"""

from __future__ import annotations

import datetime
import io
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage
from pytest_django import Settings
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage

from blog.models import ArticlePage
from tests.admin_forms import article_form
from tests.factories import AuthorFactory
from tests.live import LiveServer, base_env
from tests.processes import django_shell
from tests.s3_server import S3Server, fetch, start_or_skip, storage_settings

YEAR_IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture(scope="session")
def s3() -> Iterator[S3Server]:
    server = start_or_skip()
    yield server
    server.stop()


@pytest.fixture
def bucket(s3: S3Server) -> str:
    # A bucket per test: listings show only what that test uploaded.
    name = s3.create_bucket()
    s3.make_public(name)
    return name


@pytest.fixture
def s3_media(settings: Settings, s3: S3Server, bucket: str) -> str:
    """Django's default storage switched to the bucket, configured from AWS_* variables."""
    settings.STORAGES = {**settings.STORAGES, "default": storage_settings(s3.env(bucket))}
    return bucket


def png_bytes(size: tuple[int, int] = (640, 480)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (200, 120, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def assert_public_image(s3: S3Server, bucket: str, url: str) -> PILImage.Image:
    """The URL is on the public media host, and anyone can fetch a real image from it."""
    assert url.startswith(f"http://{s3.public_domain(bucket)}/"), url
    assert "X-Amz-Signature" not in url and "?" not in url  # cacheable, never expiring
    status, headers, content = fetch(url)
    assert status == 200, url
    headers = {k.lower(): v for k, v in headers.items()}
    assert headers["content-type"].startswith("image/")
    # Stored names never change (no overwrites), so browsers and CDNs may keep them a year.
    assert headers["cache-control"] == YEAR_IMMUTABLE
    image = PILImage.open(io.BytesIO(content))
    image.verify()
    return PILImage.open(io.BytesIO(content))


def upload_image_in_admin(admin_client: Client, title: str = "Healed skin") -> AbstractImage:
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": title,
            "file": SimpleUploadedFile("healed-skin.png", png_bytes(), "image/png"),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    return get_image_model().objects.get(title=title)


def test_an_image_uploaded_in_the_admin_is_served_from_the_bucket(
    admin_client, index, s3, s3_media
):
    image = upload_image_in_admin(admin_client)
    keys = s3.keys(s3_media)
    assert keys == [image.file.name]
    assert image.file.name.startswith("original_images/")

    # Published through the admin, as an editor does, with the upload as hero image.
    url = reverse("wagtailadmin_pages:add", args=["blog", "articlepage", index.pk])
    form = article_form(author=AuthorFactory().pk, hero_image=image.pk, **{"action-publish": "1"})
    assert admin_client.post(url, form).status_code == 302
    article = ArticlePage.objects.get(slug="aftercare-for-laser-resurfacing", live=True)

    data = admin_client.get(f"/api/v1/articles/{article.slug}/").json()
    hero = data["hero_image"]
    fetched = assert_public_image(s3, s3_media, hero["url"])
    assert fetched.size == (hero["width"], hero["height"]) == (640, 480)
    for candidate in hero["srcset"].split(", "):
        assert_public_image(s3, s3_media, candidate.split(" ")[0])

    # The original and every rendition the API named are objects in the bucket.
    keys = set(s3.keys(s3_media))
    assert image.file.name in keys
    named = {urlsplit(u.split(" ")[0]).path.split("/", 2)[2] for u in hero["srcset"].split(", ")}
    named.add(urlsplit(hero["url"]).path.split("/", 2)[2])
    assert named <= keys
    assert all(key.startswith("images/") for key in named)


def test_the_original_image_is_public_and_unchanged(admin_client, s3, s3_media):
    image = upload_image_in_admin(admin_client, title="Original")
    status, _, content = fetch(image.file.url)
    assert status == 200
    assert content == image.file.open("rb").read()
    assert PILImage.open(io.BytesIO(content)).size == (640, 480)


def test_an_upload_with_a_taken_name_never_replaces_the_stored_file(admin_client, s3, s3_media):
    first = upload_image_in_admin(admin_client, title="First")
    second = upload_image_in_admin(admin_client, title="Second")
    assert first.file.name != second.file.name
    assert set(s3.keys(s3_media)) == {first.file.name, second.file.name}


def test_a_document_uploaded_in_the_admin_goes_to_the_bucket(admin_client, client, s3, s3_media):
    content = b"%PDF-1.4 aftercare sheet"
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Aftercare sheet",
            "file": SimpleUploadedFile("aftercare.pdf", content, "application/pdf"),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    document = get_document_model().objects.get(title="Aftercare sheet")
    assert s3.keys(s3_media) == [document.file.name]

    # Wagtail's document link redirects readers to the bucket for remote storage.
    served = client.get(document.url)
    assert served.status_code == 302
    assert served["Location"].startswith(f"http://{s3.public_domain(s3_media)}/documents/")
    status, _, fetched = fetch(served["Location"])
    assert (status, fetched) == (200, content)


def test_aws_variables_switch_media_to_the_bucket(s3, bucket, tmp_path):
    env = base_env(f"sqlite:///{tmp_path / 'unused.sqlite3'}", **s3.env(bucket))
    out = django_shell(
        env,
        "import json\n"
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage as s\n"
        "names = [s.save('uploads/a.txt', ContentFile(b'one')),"
        " s.save('uploads/a.txt', ContentFile(b'two'))]\n"
        "print(json.dumps({'backend': type(s._wrapped).__module__ + '.' +"
        " type(s._wrapped).__name__, 'names': names, 'url': s.url(names[0])}))",
    )
    found = json.loads(out)
    assert found["backend"] == "cms.media_storage.MediaStorage"  # django-storages S3Storage
    first, second = found["names"]
    assert first == "uploads/a.txt" and second != first  # no overwrite
    assert found["url"] == f"http://{s3.public_domain(bucket)}/uploads/a.txt"
    assert sorted(s3.keys(bucket)) == sorted(found["names"])
    head = s3.client().head_object(Bucket=bucket, Key=first)
    assert head["CacheControl"] == YEAR_IMMUTABLE
    assert fetch(found["url"])[2] == b"one"


def media_url_without_custom_domain(s3: S3Server, bucket: str, tmp_path: Path, style: str) -> str:
    """The URL of uploads/b.txt, saved first when the bucket is addressed by path."""
    variables = {k: v for k, v in s3.env(bucket).items() if k != "AWS_S3_CUSTOM_DOMAIN"}
    # By host name: for a bare IP botocore always puts the bucket in the path.
    variables.update(
        AWS_S3_ENDPOINT_URL=f"http://localhost:{s3.port}", AWS_S3_ADDRESSING_STYLE=style
    )
    env = base_env(f"sqlite:///{tmp_path / 'unused.sqlite3'}", **variables)
    # bucket.localhost does not resolve here, so a virtual-host upload could not connect.
    name = "s.save('uploads/b.txt', ContentFile(b'by path'))" if style == "path" else "'x'"
    out = django_shell(
        env,
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage as s\n"
        f"print(s.url({name}))",
    )
    return out.strip()


def test_without_a_custom_domain_urls_follow_the_addressing_style(s3, bucket, tmp_path):
    # Self-hosted services (MinIO) are reached by one host name: the bucket goes in the path.
    # AWS itself prefers the bucket as a sub-domain. The variable must reach botocore.
    path_url = media_url_without_custom_domain(s3, bucket, tmp_path, "path")
    assert path_url == f"http://localhost:{s3.port}/{bucket}/uploads/b.txt"
    assert fetch(path_url)[2] == b"by path"
    virtual_url = media_url_without_custom_domain(s3, bucket, tmp_path, "virtual")
    assert virtual_url == f"http://{bucket}.localhost:{s3.port}/x"


def test_without_a_bucket_media_stays_on_the_local_disk(tmp_path):
    env = base_env(f"sqlite:///{tmp_path / 'unused.sqlite3'}")
    out = django_shell(
        env,
        "from django.core.files.storage import default_storage as s\n"
        "print(type(s._wrapped).__name__)",
    )
    assert out.split() == ["FileSystemStorage"]


def ready(server: LiveServer) -> tuple[int, dict]:
    status, _, body = server.get("/health/ready/")
    # No JSON means no answer from Django: e.g. gunicorn killed the worker that hung.
    assert body.startswith(b"{"), f"{status} {body[:200]!r}\n{server.log()[-3000:]}"
    return status, json.loads(body)


def test_readiness_reports_the_bucket_and_its_outage(live_databases):
    # A server of its own: stopping it must not disturb the other tests' bucket.
    s3 = start_or_skip()
    try:
        name = s3.create_bucket()
        env = base_env(live_databases.fresh(), **s3.env(name))
        server = LiveServer(env).start()
        try:
            status, body = ready(server)
            assert status == 200, body
            assert body["checks"]["storage"]["ok"] is True

            s3.stop()
            status, body = ready(server)
            assert status == 503, body
            assert body["checks"]["storage"]["ok"] is False
            assert "connect" in body["checks"]["storage"]["error"].lower()
            assert body["checks"]["database"]["ok"] is True
        finally:
            server.stop()
    finally:
        s3.stop()


def test_a_misspelt_bucket_fails_readiness(live_databases, s3):
    """A key that is not there and a bucket that is not there both answer 404 to an
    existence check; readiness must tell them apart."""
    server = LiveServer(base_env(live_databases.fresh(), **s3.env("no-such-bucket"))).start()
    try:
        status, body = ready(server)
        assert status == 503, body
        assert body["checks"]["storage"]["ok"] is False
    finally:
        server.stop()


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """A host that accepts connections and never answers (an overloaded or blackholed S3)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)  # the kernel completes handshakes; nobody ever reads or replies
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


def test_a_silent_storage_endpoint_fails_readiness_instead_of_hanging(
    live_databases, silent_endpoint
):
    # Short limits keep the test quick; without them botocore would wait 60 s per try, and
    # gunicorn would kill the worker before the probe got any answer.
    env = base_env(
        live_databases.fresh(),
        AWS_STORAGE_BUCKET_NAME="clinic-media",
        AWS_S3_ENDPOINT_URL=silent_endpoint,
        AWS_S3_REGION_NAME="us-east-1",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_S3_CONNECT_TIMEOUT="1",
        AWS_S3_READ_TIMEOUT="1",
        GUNICORN_TIMEOUT="20",
    )
    server = LiveServer(env).start()
    try:
        status, body = ready(server)
        assert status == 503, body
        assert body["checks"]["storage"]["ok"] is False
        assert "timeout" in body["checks"]["storage"]["error"].lower()
    finally:
        server.stop()


def test_default_storage_limits_fit_inside_a_gunicorn_worker_timeout(s3, bucket):
    # Every try may wait for the connection and then for the answer; all tries together
    # must end before gunicorn's default 30 s timeout kills the worker.
    config = storage_settings(s3.env(bucket))["OPTIONS"]["client_config"]
    tries = config.retries["max_attempts"]
    assert tries >= 2  # one retry rides out a dropped connection
    assert tries * (config.connect_timeout + config.read_timeout) <= 30


def test_withdrawn_consent_deletes_renditions_and_moves_originals_in_the_bucket(
    admin_client, client, s3, s3_media, index, committed
):
    from blog.models import ConsentRecord
    from tests.factories import ArticlePageFactory, body

    before = upload_image_in_admin(admin_client, "Before")
    after = upload_image_in_admin(admin_client, "After")
    record = ConsentRecord.objects.create(
        patient_reference="PT-7", consented_on=datetime.date(2026, 1, 5), website=True, app=True
    )
    pair = {
        "before": before.pk,
        "before_alt": "Before",
        "after": after.pk,
        "after_alt": "After",
        "time_between": "Two months",
        "caption": "",
        "consent": record.pk,
    }
    article = committed(lambda: ArticlePageFactory(parent=index, body=body(("before_after", pair))))
    (block,) = client.get(f"/api/v1/articles/{article.slug}/").json()["body"]
    assert_public_image(s3, s3_media, block["value"]["after"]["url"])
    renditions = [k for k in s3.keys(s3_media) if k.startswith("images/")]
    assert renditions

    record.withdrawn_at = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC)
    committed(record.save)

    left = set(s3.keys(s3_media))
    assert not left & set(renditions)
    # The originals stay for staff, under new names nobody has seen.
    assert not left & {before.file.name, after.file.name}
    before.refresh_from_db()
    after.refresh_from_db()
    assert {before.file.name, after.file.name} <= left
    assert client.get(f"/api/v1/articles/{article.slug}/").json()["body"] == []


def test_deleting_an_image_in_the_admin_deletes_its_files_from_the_bucket(
    admin_client, s3, s3_media, committed
):
    image = upload_image_in_admin(admin_client)
    image.get_rendition("width-200")
    assert len(s3.keys(s3_media)) == 2  # the original and a rendition
    # Wagtail deletes the files in a task that rebuilds the storage from its deconstruction:
    # ours must survive the task queue's serialisation (cms.media_storage).
    delete = reverse("wagtailimages:delete", args=[image.pk])
    assert committed(lambda: admin_client.post(delete)).status_code == 302
    assert s3.keys(s3_media) == []
