"""A reader searches the website on their phone: types into the header's search box, follows
a suggestion, then searches with a typo and reads the corrected results. In Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from blog.published import store
from tests.browser.helpers import serious_violations
from tests.factories import ArticlePageFactory, TreatmentFactory, body, paragraph

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def clinic(index):
    needling = TreatmentFactory(name="Microneedling", slug="microneedling")
    peel = TreatmentFactory(name="Chemical peel", slug="chemical-peel")
    first = ArticlePageFactory(
        parent=index,
        title="Your skin after microneedling",
        body=body(paragraph("<p>Redness fades in a day or two.</p>")),
    )
    first.treatments.add(needling)
    first.save()
    second = ArticlePageFactory(
        parent=index,
        title="Preparing for your first chemical peel",
        body=body(paragraph("<p>Stop retinol a week before your peel.</p>")),
    )
    second.treatments.add(peel)
    second.save()
    store.rebuild()
    return first


def test_a_reader_follows_a_suggestion_then_searches_with_a_typo(
    page: Page, live_server, index, clinic
):
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"{live_server.url}{clinic.url}")
    box = page.get_by_role("combobox", name="Search articles")
    box.press_sequentially("micrn", delay=60)  # a typo past the third letter
    suggestion = page.get_by_role("option").filter(has_text="Microneedling").first
    expect(suggestion).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    box.press("Enter")
    expect(page).to_have_url(f"{live_server.url}{index.url}treatments/microneedling/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Microneedling")

    box = page.get_by_role("combobox", name="Search articles")
    box.fill("chemcal peal")
    box.press("Enter")
    expect(page.get_by_text("Showing results for")).to_contain_text("chemical peel")
    result = page.get_by_role("link", name="Preparing for your first chemical peel")
    expect(result).to_be_visible()
    expect(page.locator(".search-results mark").first).to_have_text("chemical")
    assert serious_violations(page) == []
    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Preparing for your first chemical peel"
    )
