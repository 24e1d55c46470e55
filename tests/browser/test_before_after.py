"""A consented before/after pair as readers see it, on a phone and on a desktop, in Chromium."""

from __future__ import annotations

import datetime
import mimetypes
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from playwright.sync_api import Page, expect

from blog.models import ConsentRecord
from tests.browser.helpers import assert_accessible
from tests.factories import ArticlePageFactory, ImageFactory, body

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def article(index):
    record = ConsentRecord.objects.create(
        patient_reference="PT-4410",
        consented_on=timezone.localdate() - datetime.timedelta(days=30),
        website=True,
    )
    pair = {
        "before": ImageFactory(title="Before").pk,
        "before_alt": "Cheek with acne scarring",
        "after": ImageFactory(title="After").pk,
        "after_alt": "The same cheek, scarring softened",
        "time_between": "Three months",
        "caption": "After three sessions of microneedling.",
        "consent": record.pk,
    }
    return ArticlePageFactory(parent=index, title="Acne scars", body=body(("before_after", pair)))


def serve_media(page: Page) -> None:
    """The photos, as the bucket would serve them: the tests keep media in memory, where the
    live server's own media view (local disk only) does not look."""

    def fulfil(route) -> None:
        name = unquote(urlsplit(route.request.url).path).removeprefix(settings.MEDIA_URL)
        with default_storage.open(name) as photo:
            route.fulfill(body=photo.read(), content_type=mimetypes.guess_type(name)[0])

    page.route(f"**{settings.MEDIA_URL}**", fulfil)


def overlap(a: dict, b: dict) -> float:
    """The area two bounding boxes share, in square CSS pixels."""
    width = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
    height = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
    return max(width, 0) * max(height, 0)


@pytest.mark.parametrize(("width", "height"), [(320, 640), (390, 844), (1280, 800)])
def test_the_labels_leave_the_photos_whole(page: Page, live_server, article, width, height):
    """Laid over the photos, the labels covered half of the "after" photo on a phone. On a
    narrow one the longer label wraps, and the photos still start level."""
    page.set_viewport_size({"width": width, "height": height})
    serve_media(page)
    page.goto(live_server.url + article.url)
    photos = page.locator("figure.before-after .before-after__photo")
    expect(photos).to_have_count(2)
    photos.last.scroll_into_view_if_needed()  # the photos load lazily
    for photo, label, alt in [
        (photos.first, "Before", "Cheek with acne scarring"),
        (photos.last, "After · Three months", "The same cheek, scarring softened"),
    ]:
        image = photo.get_by_role("img", name=alt)
        expect(image).to_be_visible()
        image.evaluate("img => img.decode()")  # loaded: its box has the photo's height
        text = photo.locator(".before-after__label")
        expect(text).to_have_text(label)
        photo_box, label_box = image.bounding_box(), text.bounding_box()
        assert photo_box["height"] > width / 4, photo_box
        assert overlap(photo_box, label_box) == 0, (label, photo_box, label_box)
    first, last = (photos.nth(i).locator("img").bounding_box() for i in (0, 1))
    assert first["y"] == last["y"] and first["height"] == last["height"]  # side by side
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
