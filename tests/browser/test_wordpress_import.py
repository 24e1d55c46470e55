"""A clinic moves its WordPress blog in: staff upload the demo export under Settings > Import
from WordPress, follow the import to its report and open an imported article in the editor;
a reader then finds the article, its threaded comments and the clinic's reply on the
website, and old WordPress addresses land on it. In Chromium, through the real admin."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from blog.demo.wordpress import EXPORT_FILE
from blog.models import ArticlePage, WordPressImport
from tests.browser.helpers import assert_accessible, log_in, make_staff
from tests.factories import AuthorFactory, TreatmentFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
LED = "What happens in an LED light therapy session"


def test_staff_import_the_demo_export_and_readers_find_it(page: Page, live_server, index):
    make_staff()
    # The clinic's own therapist, whom the export's WordPress user "sofia" is matched to.
    AuthorFactory(name="Sofia Lindqvist", role="Skin therapist")
    TreatmentFactory(name="LED light therapy", slug="led-light-therapy")
    # The imported article embeds a YouTube video: no request leaves the machine.
    page.route(re.compile(r"https://[^/]*youtube[^/]*/.*"), lambda route: route.abort())

    log_in(page, live_server.url)
    page.get_by_role("button", name="Settings").click()
    page.get_by_role("link", name="Import from WordPress").click()
    expect(page.get_by_role("heading", name="Import from WordPress")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("WordPress export (WXR file)").set_input_files(EXPORT_FILE)
    page.get_by_role("button", name="Import").click()

    # The page refreshes itself every 2 s while the import is queued or running. (The test
    # settings run tasks once the upload's transaction commits, so it is often done at once;
    # with a worker it takes a few refreshes.)
    expect(page.locator("[data-import-status]")).to_contain_text("Done", timeout=20_000)
    expect(page.locator('meta[http-equiv="refresh"]')).to_have_count(0)
    report = page.locator("[data-import-report]")
    expect(report.get_by_role("row", name=re.compile(r"^posts created\s+3$"))).to_be_visible()
    expect(report.get_by_role("row", name=re.compile(r"^comments imported\s+5$"))).to_be_visible()
    # The admin takes no uploads folder: each image is listed as left out, post by post.
    expect(page.get_by_role("heading", name=re.compile(r"Posts to check"))).to_be_visible()
    missing = page.get_by_text("uploads/2024/05/led-panel.jpg is not in the uploads folder")
    expect(missing.first).to_be_visible()
    assert WordPressImport.objects.get().status == "done"
    assert_accessible(page)

    page.get_by_role("link", name=LED).click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    expect(page.locator("#id_title")).to_have_value(LED)

    article = ArticlePage.objects.get(title=LED)
    page.goto(live_server.url + article.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(LED)
    question = page.locator(".comment", has_text="Is it too soon to book an LED session?").first
    reply = question.locator(".comment-staff")
    expect(reply).to_contain_text("LED light is often used to settle the skin after a peel")
    expect(reply.locator(".badge")).to_have_text("Skin therapist")
    expect(reply.locator(".comment", has_text="I have booked for next Friday")).to_be_visible()
    expect(page.get_by_text("Why pay a clinic?")).to_have_count(0)  # spam stays out
    expect(page.get_by_text("Is there a price for a course")).to_have_count(0)  # pending

    for old in ("/?p=201", "/2024/05/what-happens-in-an-led-light-session/"):
        page.goto(live_server.url + old)
        expect(page).to_have_url(live_server.url + article.url)
        expect(page.get_by_role("heading", level=1)).to_have_text(LED)
