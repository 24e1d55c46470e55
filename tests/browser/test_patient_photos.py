"""A patient's photo in the editor, in Chromium: the hero's image chooser does not offer it,
and a draft that holds it says why it cannot be published, and Publish is refused."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from blog.models import ArticlePage, ConsentRecord
from tests.browser.helpers import log_in, make_staff
from tests.factories import ArticlePageFactory, ImageFactory, body

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_patients_photo_is_not_offered_as_a_hero_nor_published_as_one(
    page: Page, live_server, index
):
    record = ConsentRecord.objects.create(
        patient_reference="PT-5120",
        consented_on=timezone.localdate() - datetime.timedelta(days=30),
        website=True,
        app=True,
    )
    before = ImageFactory(title="Patient 5120 before")
    after = ImageFactory(title="Patient 5120 after")
    ImageFactory(title="Treatment room")
    pair = {
        "before": before.pk,
        "before_alt": "Cheek before",
        "after": after.pk,
        "after_alt": "Cheek after",
        "time_between": "Three months",
        "consent": record.pk,
    }
    ArticlePageFactory(parent=index, title="Acne scars", body=body(("before_after", pair)))
    other = ArticlePageFactory(parent=index, title="Peels explained", live=False)
    make_staff()
    log_in(page, live_server.url)

    page.goto(f"{live_server.url}/admin/pages/{other.pk}/edit/")
    page.get_by_role("button", name="Choose an image").first.click()
    modal = page.locator(".modal-content")
    expect(modal.get_by_text("Treatment room")).to_be_visible()
    expect(modal.get_by_text("Patient 5120 before")).to_have_count(0)
    expect(modal.get_by_text("Patient 5120 after")).to_have_count(0)
    page.keyboard.press("Escape")

    # A draft saved with it (a script, an import, or before it was marked) says why it
    # cannot go out, and Publish is refused.
    other.hero_image = before
    other.save_revision()
    page.goto(f"{live_server.url}/admin/pages/{other.pk}/edit/")
    expect(page.get_by_role("alert").filter(has_text="The hero image is a patient")).to_be_visible()
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("Not published")
    expect(page.locator("#panel-child-content-hero_image-section")).to_contain_text(
        "patient's before and after photo"
    )
    assert not ArticlePage.objects.get(pk=other.pk).live
