"""The clinic answers only comments readers can see: a pending comment is approved and
answered in one step, through the real Wagtail admin views; a hidden comment that keeps its
replies is a placeholder worded for what happened to it."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from blog.comments import moderation
from blog.events import EventType
from blog.models import ReaderComment
from tests.comment_utils import make_comment
from tests.factories import ArticlePageFactory, AuthorFactory


@pytest.fixture
def article(index):
    return ArticlePageFactory(parent=index, title="Peel aftercare")


@pytest.fixture
def author(admin_user):
    return AuthorFactory(name="Dr Osei", role="Dermatologist", user=admin_user)


def thread_page(admin_client, comment) -> str:
    url = reverse("wagtailsnippets_blog_readercomment:inspect", args=[comment.pk])
    return admin_client.get(url).content.decode()


def answer(admin_client, comment, body: str, **extra):
    url = reverse("wagtailsnippets_blog_readercomment:reply", args=[comment.pk])
    return admin_client.post(
        url, {"author": AuthorFactory().pk, "body": body, **extra}, follow=True
    )


def all_comments(tree: list[dict]) -> list[dict]:
    return [c for comment in tree for c in [comment, *all_comments(comment["replies"])]]


def test_a_pending_comment_offers_approve_and_reply_not_a_bare_reply(admin_client, article):
    question = make_comment(article, status="pending", body="Can I swim after a peel?")
    html = thread_page(admin_client, question)
    assert "Approve and reply</button>" in html and 'name="approve" value="1"' in html
    assert "Publish reply" not in html

    # A bare reply (an old page, a hand-made request) publishes nothing under it.
    response = answer(admin_client, question, "Wait 48 hours.")
    assert "only an approved comment can be answered" in response.content.decode()
    question.refresh_from_db()
    assert question.status == "pending"
    assert not ReaderComment.objects.filter(is_staff_reply=True).exists()


def test_approve_and_reply_publishes_both_audited_with_their_mails_and_events(
    admin_client, admin_user, author, article, client, mailoutbox, committed, heard
):
    top = make_comment(
        article, author_name="Ana", email="ana@example.com", notify_on_reply=True,
        email_verified=True, body="Peeling started on day two.",
    )  # fmt: skip
    question = make_comment(
        article, parent=top, status="pending", author_name="Bea", email="bea@example.com",
        notify_on_reply=True, email_verified=True, is_question=True, body="Can I swim?",
    )  # fmt: skip
    url = reverse("wagtailsnippets_blog_readercomment:reply", args=[question.pk])
    form = {"author": author.pk, "body": "Wait 48 hours.", "approve": "1"}
    response = committed(lambda: admin_client.post(url, form, follow=True))
    assert "Comment by Bea approved and your reply published." in response.content.decode()

    question.refresh_from_db()
    reply = ReaderComment.objects.get(is_staff_reply=True)
    assert question.status == "approved" and question.moderated_by == admin_user
    assert question.first_approved_at is not None
    assert reply.status == "approved" and reply.parent == question
    logged = ModelLogEntry.objects.filter(user=admin_user).values_list("action", "object_id")
    assert set(logged) == {
        ("blog.comment.approved", str(question.pk)),
        ("blog.comment.staff_reply", str(reply.pk)),
    }
    # What approving and replying send alone: Bea's reply reaches Ana, the clinic's Bea.
    assert sorted((m.to[0], m.subject) for m in mailoutbox) == [
        ("ana@example.com", "Bea replied to your comment"),
        ("bea@example.com", "The clinic replied to your comment"),
    ]
    events = {(e.type, e.object_id, e.related_id) for batch in heard for e in batch}
    assert {
        (EventType.COMMENT_APPROVED, question.pk, None),
        (EventType.COMMENT_APPROVED, reply.pk, None),
        (EventType.COMMENT_REPLIED, question.pk, top.pk),
        (EventType.COMMENT_REPLIED, reply.pk, question.pk),
    } <= events

    page = client.get(f"/api/v1/articles/{article.slug}/comments/").json()
    shown = {c["id"]: c for c in all_comments(page["results"])}
    assert shown[question.pk]["visible"] and shown[question.pk]["body_html"] == "<p>Can I swim?</p>"
    assert [r["id"] for r in shown[question.pk]["replies"]] == [reply.pk]
    assert page["count"] == 3


def test_approve_and_reply_is_all_or_nothing(admin_client, author, article, monkeypatch):
    question = make_comment(article, status="pending", body="Is redness normal?")

    def broken(text: str) -> str:  # the reply cannot be written, after the approval was
        raise RuntimeError("the reply could not be written")

    monkeypatch.setattr(moderation, "clean_text", broken)
    url = reverse("wagtailsnippets_blog_readercomment:reply", args=[question.pk])
    with pytest.raises(RuntimeError):
        admin_client.post(url, {"author": author.pk, "body": "Yes.", "approve": "1"})
    question.refresh_from_db()
    assert question.status == "pending" and question.first_approved_at is None
    assert not ModelLogEntry.objects.filter(object_id=str(question.pk)).exists()


@pytest.mark.parametrize("status", ["spam", "removed"])
def test_a_comment_marked_spam_or_removed_meanwhile_is_neither_approved_nor_answered(
    admin_client, author, article, status
):
    comment = make_comment(article, status="pending", body="Cheap pills here")
    html = thread_page(admin_client, comment)
    assert "Approve and reply</button>" in html
    ReaderComment.objects.filter(pk=comment.pk).update(status=status)  # another moderator

    response = answer(admin_client, comment, "Thanks!", approve="1")
    assert "meanwhile: nothing was approved or published" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == status
    assert not ReaderComment.objects.filter(is_staff_reply=True).exists()
    html = thread_page(admin_client, comment)
    assert "approve this one first" in html and "<textarea" not in html


def test_a_comment_approved_meanwhile_is_just_answered(admin_client, admin_user, author, article):
    comment = make_comment(article, status="pending", body="Can I wear makeup?")
    make_comment(article, status="approved", body="Other")
    ReaderComment.objects.filter(pk=comment.pk).update(status="approved")
    answer(admin_client, comment, "After a day.", approve="1")
    assert ReaderComment.objects.get(is_staff_reply=True).parent_id == comment.pk
    assert not ModelLogEntry.objects.filter(action="blog.comment.approved").exists()


@pytest.mark.parametrize(
    ("status", "was_shown", "placeholder"),
    [
        ("pending", False, "This comment was not published."),
        ("removed", False, "This comment was not published."),
        ("pending", True, "This comment is being reviewed."),
        ("removed", True, "This comment has been removed."),
        ("spam", True, "This comment has been removed."),
    ],
)
def test_the_placeholder_says_what_happened_to_the_comment(
    client, article, status, was_shown, placeholder
):
    """A comment never shown is not "no longer shown" (a clinic answer under a pending
    comment, from before approve-and-reply, keeps such a placeholder)."""
    hidden = make_comment(
        article, status=status, first_approved_at=timezone.now() if was_shown else None
    )
    make_comment(article, parent=hidden, is_staff_reply=True, body="The clinic's answer")

    (thread,) = client.get(f"/api/v1/articles/{article.slug}/comments/").json()["results"]
    assert not thread["visible"] and thread["placeholder"] == placeholder
    assert thread["replies"][0]["placeholder"] == ""
    html = client.get(article.url).content.decode()
    assert f'<p class="comment-hidden">{placeholder}</p>' in html
    placeholders = re.findall(r'<p class="comment-hidden">(.*?)</p>', html)
    assert not any("no longer shown" in text for text in placeholders)
