"""A moderator approves a comment in the Comments queue and replies as the clinic; both
reach the article page and the API. In Chromium, through the real Wagtail admin."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from blog.models import Author, ReaderComment
from tests.browser.helpers import assert_accessible, log_in, make_staff
from tests.comment_utils import make_comment
from tests.factories import ArticlePageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_moderator_approves_and_replies_as_the_clinic(page: Page, live_server, index):
    article = ArticlePageFactory(parent=index, title="Microneedling downtime")
    staff = make_staff()
    Author.objects.create(name="Dr Priya Nair", slug="priya-nair", role="Dermatologist", user=staff)
    make_comment(
        article,
        status="pending",
        author_name="Hana",
        body="Can I exercise the day after?",
        is_question=True,
    )

    log_in(page, live_server.url)
    page.get_by_role("link", name="Comments").first.click()
    expect(page.get_by_role("link", name="Privacy requests")).to_be_visible()
    expect(page.get_by_role("link", name="Unanswered questions")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Hana").click()  # opens where it can be moderated
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_text("Comment by Hana: approved.")).to_be_visible()
    # Approved: the remaining actions are secondary, none of them pretends to be the next step.
    expect(page.get_by_role("button", name="Back to pending")).to_have_class(
        "button button-secondary button-small"
    )

    author = page.get_by_label("Author")
    expect(author.locator("option:checked")).to_have_text("Dr Priya Nair")  # preselected
    page.get_by_label("Body").fill("Wait 24 hours before a workout, then build up gently.")
    page.get_by_role("button", name="Publish reply").click()
    expect(page.get_by_text("Your reply is published.")).to_be_visible()

    page.goto(live_server.url + article.url)
    question = page.locator(".comment", has_text="Can I exercise the day after?").first
    expect(question).to_be_visible()
    reply = question.locator(".comment-staff")
    expect(reply).to_contain_text("Wait 24 hours before a workout")
    expect(reply.locator(".badge")).to_have_text("Dermatologist")

    api = json.loads(
        page.request.get(f"{live_server.url}/api/v1/articles/{article.slug}/comments/").text()
    )
    (thread,) = api["results"]
    assert thread["author_name"] == "Hana"
    assert thread["replies"][0]["staff"]["name"] == "Dr Priya Nair"
    assert ReaderComment.objects.filter(is_staff_reply=True, status="approved").count() == 1


def test_a_pending_question_is_approved_and_answered_in_one_step(page: Page, live_server, index):
    article = ArticlePageFactory(parent=index, title="Chemical peel aftercare")
    staff = make_staff()
    Author.objects.create(name="Nurse Lee", slug="nurse-lee", role="Aesthetic nurse", user=staff)
    make_comment(
        article,
        status="pending",
        author_name="Omar",
        body="It is day four and my skin is still red. Is that normal?",
        is_question=True,
        is_urgent=True,
    )

    log_in(page, live_server.url)
    page.get_by_role("link", name="Comments").first.click()
    row = page.get_by_role("row", name="Omar")
    # The flags are Wagtail's status tags, apart from the reader's words.
    expect(row.locator(".w-status")).to_have_text(["Urgent", "Question", "Pending"])
    row.get_by_role("link", name="Omar").click()
    expect(page).to_have_title(re.compile("Omar on “Chemical peel aftercare”"))
    expect(page.get_by_role("button", name="Publish reply")).to_have_count(0)
    assert_accessible(page)  # before a message: axe misjudges one while it fades in
    page.get_by_label("Body").fill(
        "Some redness until day five is expected; call us if it spreads."
    )
    page.get_by_role("button", name="Approve and reply").click()
    expect(page.get_by_text("Comment by Omar approved and your reply published.")).to_be_visible()
    expect(page.locator(".w-status")).to_have_text(["Status: Approved", "Urgent"])  # answered

    page.goto(live_server.url + article.url)
    question = page.locator(".comment", has_text="Is that normal?").first
    expect(question.locator(".comment-author").first).to_contain_text("Omar")
    reply = question.locator(".comment-staff")
    expect(reply).to_contain_text("Some redness until day five is expected")
    expect(reply.locator(".badge")).to_have_text("Aesthetic nurse")
    expect(page.get_by_text("no longer shown")).to_have_count(0)
