"""Clinical governance in Chromium: a consented before/after pair on the article page, taken
off the page when a clinician records the withdrawal in the admin; and the compliance panel
stopping a publish until an approver records a reason."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from blog.models import ArticlePage, ComplianceException, ConsentRecord
from tests.browser.helpers import assert_accessible, log_in, make_staff
from tests.factories import ArticlePageFactory, ImageFactory, body

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def pair_article(index, record: ConsentRecord) -> ArticlePage:
    before, after = ImageFactory(title="Before"), ImageFactory(title="After")
    pair = {
        "before": before.pk,
        "before_alt": "Forehead lines before treatment",
        "after": after.pk,
        "after_alt": "The same forehead, lines softer",
        "time_between": "Three months",
        "caption": "After a course of microneedling.",
        "consent": record.pk,
    }
    return ArticlePageFactory(parent=index, title="Fine lines", body=body(("before_after", pair)))


def test_a_withdrawal_recorded_in_the_admin_takes_the_photos_off_the_page(
    page: Page, live_server, index
):
    record = ConsentRecord.objects.create(
        patient_reference="PT-3301",
        consented_on=timezone.localdate() - datetime.timedelta(days=30),
        website=True,
        app=True,
    )
    article = pair_article(index, record)
    make_staff()

    page.goto(live_server.url + article.url)
    pair = page.locator("figure.before-after")
    expect(pair.get_by_role("img", name="The same forehead, lines softer")).to_be_visible()
    expect(pair).to_contain_text("Shown with the patient's consent")
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    assert "PT-3301" not in page.content()

    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/snippets/blog/consentrecord/edit/{record.pk}/")
    withdrawn = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    page.get_by_role("textbox", name="Withdrawn at").fill(withdrawn)
    # Its date picker covers the Save button: save with Wagtail's keyboard shortcut.
    page.keyboard.press("Control+s")
    expect(page.locator(".messages")).to_contain_text("updated")

    page.goto(live_server.url + article.url)
    expect(page.get_by_role("heading", name="Fine lines")).to_be_visible()
    expect(page.locator("figure.before-after")).to_have_count(0)
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    expect(page.get_by_text("Before and after photos not shown")).to_be_visible()


def test_a_blocking_finding_stops_publishing_until_an_approver_gives_a_reason(
    page: Page, live_server, index
):
    article = ArticlePageFactory(
        parent=index,
        title="Smoother skin",
        intro="Guaranteed results from your very first session.",
    )
    make_staff()  # a superuser: allowed to approve compliance exceptions
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    panel = page.locator("[data-compliance-panel]")
    expect(panel).to_contain_text("Guaranteed")
    # Wagtail's own rich text editors have no accessible name in axe's eyes (its Draftail
    # markup, not ours); everything else in the editor, the panel included, is scanned.
    assert_accessible(page, exclude=[".Draftail-Editor"])

    # Wagtail's Checks side panel lists it beside its accessibility checks, from the
    # editor's live preview.
    page.get_by_role("button", name="Toggle checks").click()
    checks = page.locator("[data-checks-panel]")
    expect(checks).to_contain_text("Compliance: Guaranteed results (blocks publishing)")

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("Not published")
    assert ComplianceException.objects.count() == 0

    page.get_by_label("Reason for publishing despite the blocking findings").fill(
        "Quoted from a published clinical trial, with the reference in the text."
    )
    # Typing starts Wagtail's autosave: let it finish, as SQLite takes one writer at a time.
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("published")
    (exception,) = ComplianceException.objects.all()
    assert "clinical trial" in exception.reason
    assert ArticlePage.objects.get(pk=article.pk).live
