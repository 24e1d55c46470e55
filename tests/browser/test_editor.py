"""Staff write an article in the real Wagtail editor, preview it and publish it; and open the
saved draft on the website. In Chromium, as an editor would."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from blog.models import ArticlePage
from tests.browser.helpers import log_in, make_staff
from tests.factories import ArticlePageFactory, AuthorFactory, ImageFactory, TreatmentFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def add_block(page: Page, kind: str) -> None:
    page.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name=kind, exact=True).click()


def test_staff_write_preview_and_publish_an_article(page: Page, live_server, index):
    make_staff()
    AuthorFactory(name="Dr Amara Okafor", role="Dermatologist")
    TreatmentFactory(name="Chemical peel")
    ImageFactory(title="Treatment room")

    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/pages/add/blog/articlepage/{index.pk}/")
    page.get_by_role("textbox", name="Title").fill("Your first week after a chemical peel")
    page.locator("#id_intro").fill("What to expect each day, and when to call us.")
    page.get_by_role("button", name="Choose author").click()
    page.get_by_role("link", name="Dr Amara Okafor").click()

    add_block(page, "Heading")
    page.get_by_label("Text").last.fill("Days one and two")
    add_block(page, "Paragraph")
    paragraph = page.locator(".Draftail-Editor [contenteditable=true]").last
    paragraph.click()
    paragraph.type("Your skin feels tight and looks pink, like mild sunburn.")
    add_block(page, "Image")
    body = page.locator("#panel-child-content-body-section")
    body.get_by_role("button", name="Choose an image").click()
    page.get_by_role("dialog").get_by_role("link", name="Treatment room").click()
    expect(body.locator("[data-chooser-title]")).to_have_text("Treatment room")
    page.get_by_label("Alt text").last.fill("A treatment chair by a window")

    page.get_by_role("tab", name="Treatments & tags").click()
    page.get_by_label("Chemical peel").check()
    tags = page.locator("#panel-child-treatments_tags-tags-section input:visible").first
    tags.fill("aftercare")
    tags.press("Enter")

    # Preview in the editor's own panel, through the site's template.
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe[title='Preview']").last  # Wagtail swaps in a fresh one
    expect(
        preview.get_by_role("heading", name="Your first week after a chemical peel")
    ).to_be_visible(timeout=20_000)
    expect(preview.get_by_role("heading", name="Days one and two")).to_be_visible()

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    messages = page.locator(".messages")
    # Wagtail's autosave may have created the page while the editor typed: then publishing
    # is an edit ("has been published"), else a creation ("created and published").
    expect(messages).to_contain_text(re.compile("created and published|has been published"))
    # No hero image and no medical review: published, with a warning that says so.
    expect(messages).to_contain_text("is live without a hero image")

    article = ArticlePage.objects.get(slug="your-first-week-after-a-chemical-peel")
    assert article.live
    assert [b.block_type for b in article.body] == ["heading", "paragraph", "image"]
    assert article.body[2].value["image"].title == "Treatment room"
    assert article.hero_image is None
    assert [t.name for t in article.treatments.all()] == ["Chemical peel"]
    assert [t.name for t in article.tags.all()] == ["aftercare"]

    listing = json.loads(page.request.get(f"{live_server.url}/api/v1/articles/").text())
    assert listing["results"][0]["title"] == "Your first week after a chemical peel"
    page.goto(live_server.url + article.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your first week after a chemical peel"
    )
    expect(page.get_by_role("link", name="Chemical peel")).to_be_visible()
    expect(page.get_by_role("link", name="aftercare")).to_be_visible()


def test_preview_saved_draft_on_website(page: Page, live_server, index, settings):
    settings.FRONTEND_PREVIEW_URL = ""  # no front end: the site's own templates show it
    make_staff()
    article = ArticlePageFactory(parent=index, title="Peel aftercare")
    article.title = "Peel aftercare, revised"
    article.save_revision()

    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    page.get_by_role("button", name="More actions").click()
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Preview saved draft on website").click()
    preview = opened.value
    preview.wait_for_load_state()
    assert "/_site/preview/" in preview.url
    expect(preview.get_by_role("heading", level=1)).to_have_text("Peel aftercare, revised")
    expect(preview.get_by_text("This is a preview")).to_be_visible()
    # The editor's tab stays on the editor.
    assert f"/admin/pages/{article.pk}/edit/" in page.url


def test_publish_pressed_while_the_autosave_creates_the_page_publishes_that_page(
    page: Page, live_server, index
):
    """Wagtail's autosave creates a new page as soon as the editor pauses. Publish pressed
    while that request is on its way publishes the page it creates: one article, live."""
    make_staff()
    AuthorFactory(name="Dr Amara Okafor", role="Dermatologist")
    log_in(page, live_server.url)
    add_url = f"{live_server.url}/admin/pages/add/blog/articlepage/{index.pk}/"
    held = []

    def hold_the_autosave(route):
        if route.request.method == "POST" and "json" in (route.request.headers.get("accept") or ""):
            held.append(route)  # answered below, once Publish has been pressed
        else:
            route.continue_()

    page.route("**/admin/pages/add/**", hold_the_autosave)
    # Wagtail notes the form as it stands a moment after loading, then autosaves what changes.
    page.add_init_script(
        "document.addEventListener('w-unsaved:watch-edits', () => { window.watching = true })"
    )
    page.goto(add_url)
    page.wait_for_function("window.watching === true")
    page.get_by_role("textbox", name="Title").fill("Sun care after laser")
    page.locator("#id_intro").fill("Which sunscreen, and for how long.")
    page.get_by_role("button", name="Choose author").click()
    page.get_by_role("link", name="Dr Amara Okafor").click()
    add_block(page, "Paragraph")
    paragraph = page.locator(".Draftail-Editor [contenteditable=true]").last
    paragraph.click()
    paragraph.type("Wear a mineral sunscreen every day for a month.")
    for _ in range(100):  # the autosave fires once the editor pauses
        if held:
            break
        page.wait_for_timeout(100)  # Playwright runs the route handler meanwhile
    assert held, "no autosave was sent"

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_timeout(500)  # Publish is waiting for the autosave, not racing it
    assert ArticlePage.objects.count() == 0
    held.pop().continue_()

    expect(page.locator(".messages")).to_contain_text("has been published")
    article = ArticlePage.objects.get()
    assert article.slug == "sun-care-after-laser"
    assert article.live
