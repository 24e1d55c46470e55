"""A reader comments and replies on an article, with and without JavaScript, in Chromium."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Browser, Page, expect

from blog.comments.tokens import form_min_seconds
from blog.models import ReaderComment
from tests.browser.helpers import assert_accessible
from tests.comment_utils import make_comment
from tests.factories import ArticlePageFactory, AuthorFactory, TreatmentFactory

# The live server needs committed data; serialized_rollback restores what migrations made
# (the root page, the default site, the locale) after each test's flush.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PENDING = "will appear once a member of our team has read it"


@pytest.fixture
def article(index):
    nurse = AuthorFactory(name="Sam Lee", role="Nurse practitioner", credentials="RGN, MSc")
    article = ArticlePageFactory(
        parent=index,
        title="Redness after a chemical peel",
        author=nurse,
        reviewed_by=nurse,
        last_reviewed=datetime.date(2026, 10, 1),
    )
    article.treatments.add(TreatmentFactory(name="Chemical peel"))
    article.tags.add("aftercare")
    article.save()
    question = make_comment(article, author_name="Ben", body="Is a day of redness normal?")
    make_comment(
        article,
        parent=question,
        author_name="Sam Lee",
        body="Yes, a day or two.",
        is_staff_reply=True,
        staff_author=nurse,
    )
    return article


def fill_comment(page: Page, *, name: str, body: str) -> None:
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Email").fill(f"{name.lower()}@example.com")
    page.get_by_role("textbox", name="Comment").fill(body)
    page.get_by_role("checkbox", name="I agree").check()


def scan_without_javascript(browser: Browser, page: Page) -> None:
    """axe-core needs JavaScript, which this page has off: scan the same document, at the
    same address, in a page that has it."""
    html = page.content()
    scanner = browser.new_page()
    scanner.goto(page.url.split("/_site/")[0] + "/")
    scanner.set_content(html)
    assert_accessible(scanner)
    scanner.close()


def wait_like_a_person(page: Page) -> None:
    # Forms sent sooner than a person writes are refused (blog.comments.tokens).
    page.wait_for_timeout((form_min_seconds() + 0.5) * 1000)


def test_without_javascript_a_reader_comments_replies_and_sees_errors(
    browser: Browser, live_server, article
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + article.url)
    expect(page.locator(".comment-staff .badge")).to_have_text("Nurse practitioner, RGN, MSc")
    expect(page.get_by_text("Is a day of redness normal?")).to_be_visible()

    # A form with errors comes back with each error beside its field.
    page.get_by_role("textbox", name="Comment").fill("I forgot my name.")
    page.get_by_role("button", name="Post comment").click()
    name = page.get_by_role("textbox", name="Name")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#comment-name-error")).to_have_text("Name is required.")
    expect(page.locator("#comment-consent-error")).to_be_visible()
    expect(name).to_be_focused()  # autofocus on the first field in error, no script needed
    expect(page.get_by_role("textbox", name="Comment")).to_have_value("I forgot my name.")
    scan_without_javascript(browser, page)

    # Corrected and sent: the reader is told the comment waits for moderation.
    fill_comment(page, name="Ana", body="How soon can I wear make-up?")
    wait_like_a_person(page)
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#comment-status")).to_contain_text(PENDING)

    # A reply, through the comment's Reply link.
    page.get_by_role("link", name="Reply to Ben").click()
    expect(page.locator("[data-replying-to]")).to_contain_text("Replying to Ben")
    fill_comment(page, name="Cleo", body="Mine lasted two days too.")
    wait_like_a_person(page)
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#comment-status")).to_contain_text(PENDING)

    reply = ReaderComment.objects.get(author_name="Cleo")
    assert reply.parent.author_name == "Ben" and reply.status == "pending"
    assert ReaderComment.objects.filter(author_name="Ana", parent=None).exists()
    context.close()


def test_with_javascript_the_form_posts_through_the_api_in_place(page: Page, live_server, article):
    page.goto(live_server.url + article.url)
    assert_accessible(page)
    address = page.url

    # Errors from the API appear beside their fields; focus moves to the first.
    page.get_by_role("textbox", name="Comment").fill("No name again.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#comment-name-error")).to_have_text("Name is required.")
    expect(page.get_by_role("textbox", name="Name")).to_be_focused()
    assert page.url == address  # no page load: the script answered
    described = page.get_by_role("textbox", name="Name").get_attribute("aria-describedby")
    assert "comment-name-error" in described
    assert_accessible(page)

    fill_comment(page, name="Dev", body="Thanks, this helped.")
    page.get_by_role("button", name="Post comment").click()  # too soon: the script waits
    expect(page.locator("#comment-status")).to_contain_text(PENDING, timeout=15_000)
    expect(page.get_by_role("textbox", name="Comment")).to_have_value("")

    # A reply opens the form under the comment replied to.
    page.get_by_role("link", name="Reply to Ben").click()
    thread = page.locator(f"#comment-{ReaderComment.objects.get(author_name='Ben').pk}")
    expect(thread.locator("#comment-form")).to_be_visible()
    expect(page.get_by_role("textbox", name="Comment")).to_be_focused()
    fill_comment(page, name="Eve", body="Same for me, it faded by the weekend.")
    page.get_by_role("button", name="Post comment").click()
    # The answer appears in the thread, where the reader was writing.
    expect(thread.locator("#comment-status")).to_contain_text(PENDING, timeout=15_000)
    expect(page.locator("#comment-form-home #comment-form")).to_be_attached()

    assert page.url == address
    eve = ReaderComment.objects.get(author_name="Eve")
    assert eve.parent.author_name == "Ben"
    assert ReaderComment.objects.filter(author_name="Dev", parent=None).exists()

    # A report, in place.
    page.get_by_role("button", name="Report comment by Ben").click()
    expect(page.get_by_text("Our team will look at this comment.")).to_be_visible()
    assert ReaderComment.objects.get(author_name="Ben").report_count == 1


def test_the_page_reads_well_on_a_phone(browser: Browser, live_server, article):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url + article.url)
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_text("Medically reviewed by")).to_be_visible()
    expect(page.get_by_role("link", name="Chemical peel")).to_be_visible()
    expect(page.get_by_role("button", name="Post comment")).to_be_visible()
    assert_accessible(page)
    context.close()


ERROR_RED = "rgb(163, 50, 28)"  # site.css: .field-invalid


def border(page: Page, selector: str) -> tuple[str, str]:
    color, width = page.eval_on_selector(
        selector,
        "e => [getComputedStyle(e).borderTopColor, getComputedStyle(e).borderTopWidth]",
    )
    return color, width


def test_fields_in_error_are_outlined_and_the_privacy_notice_is_linked(
    page: Page, live_server, article, settings
):
    """Every field in error has the red border, not only the textarea (a more specific
    base rule for the inputs outweighed the error rule), and the notice the consent error
    names is a link beside the box."""
    settings.CLINIC_PRIVACY_URL = "https://www.example-clinic.com/privacy/"
    page.goto(live_server.url + article.url)
    page.get_by_role("textbox", name="Email").fill("not-an-address")
    page.get_by_role("textbox", name="Website").fill("not a website")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#comment-body-error")).to_be_visible()

    for field in ("name", "email", "website", "body"):
        expect(page.locator(f"#comment-{field}")).to_have_attribute("aria-invalid", "true")
        assert border(page, f"#comment-{field}") == (ERROR_RED, "2px"), field

    consent = page.locator("[data-field=consent]")
    expect(consent.locator("#comment-consent-error")).to_contain_text("privacy notice")
    link = consent.get_by_role("link", name="privacy notice")
    expect(link).to_have_attribute("href", "https://www.example-clinic.com/privacy/")
    assert_accessible(page)

    # Corrected, a field loses the red border.
    page.get_by_role("textbox", name="Name").fill("Ana")
    page.get_by_role("textbox", name="Email").fill("ana@example.com")
    page.get_by_role("textbox", name="Website").fill("")
    page.get_by_role("textbox", name="Comment").fill("Thank you.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#comment-name")).not_to_have_attribute("aria-invalid", "true")
    assert border(page, "#comment-name") != (ERROR_RED, "2px")
