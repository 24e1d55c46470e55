"""Mails about comments: moderators, urgent alerts, replies, confirmation and unsubscribe."""

import re

import pytest

from blog.models import CommentPolicy, ReaderComment
from tests.comment_utils import make_comment, post
from tests.factories import ArticlePageFactory, AuthorFactory


@pytest.fixture
def article(index):
    policy = CommentPolicy.load()
    policy.moderator_emails = "team@clinic.example\nnurse@clinic.example"
    policy.save()
    return ArticlePageFactory(parent=index, title="Laser aftercare")


def link_in(message, path: str) -> str:
    return re.search(rf"https?://\S+{re.escape(path)}\?token=\S+", message.body).group(0)


def test_moderators_are_told_of_each_pending_comment(client, article, mailoutbox, committed):
    committed(lambda: post(client, article, body="A question about laser"))
    (mail,) = mailoutbox
    assert mail.to == ["team@clinic.example", "nurse@clinic.example"]
    assert mail.subject == "New comment on “Laser aftercare”"
    assert "/admin/snippets/blog/readercomment/inspect/" in mail.body


def test_urgent_comments_are_flagged_in_the_mail(client, article, mailoutbox, committed):
    committed(lambda: post(client, article, body="Spreading redness and a fever"))
    assert mailoutbox[0].subject.startswith("URGENT: ")


def test_spam_sends_no_mail(client, article, mailoutbox, committed):
    policy = CommentPolicy.load()
    policy.block_words = "casino"
    policy.save()
    committed(lambda: post(client, article, body="casino bonus"))
    assert mailoutbox == []


def test_reply_notifications_need_a_request_and_a_confirmed_address(
    client, admin_client, admin_user, article, mailoutbox, committed
):
    committed(lambda: post(client, article, body="Will it scar?", notify_on_reply=True))
    question = ReaderComment.objects.get()
    confirm = [m for m in mailoutbox if m.subject == "Confirm your email address"]
    assert confirm and confirm[0].to == ["ana@example.com"]
    verify_url = link_in(confirm[0], "/api/v1/comments/verify/")
    assert client.get(verify_url.split("testserver")[1]).status_code == 200
    question.refresh_from_db()
    assert question.email_verified

    question.status = "approved"
    question.save()
    mailoutbox.clear()
    author = AuthorFactory(name="Dr Ama")
    url = f"/admin/snippets/blog/readercomment/{question.pk}/reply/"
    committed(lambda: admin_client.post(url, {"author": author.pk, "body": "No, it heals."}))
    (mail,) = mailoutbox
    assert mail.to == ["ana@example.com"] and mail.subject == "The clinic replied to your comment"
    assert "No, it heals." in mail.body

    unsubscribe = link_in(mail, "/api/v1/comments/unsubscribe/")
    assert client.get(unsubscribe.split("testserver")[1]).status_code == 200
    question.refresh_from_db()
    assert not question.notify_on_reply


def test_no_reply_mail_without_a_confirmed_address(admin_client, article, mailoutbox, committed):
    question = make_comment(article, notify_on_reply=True, email_verified=False)
    author = AuthorFactory()
    url = f"/admin/snippets/blog/readercomment/{question.pk}/reply/"
    committed(lambda: admin_client.post(url, {"author": author.pk, "body": "Answer"}))
    assert all(m.to != [question.email] for m in mailoutbox)


def test_bad_email_links_are_400(client, db):
    assert client.get("/api/v1/comments/verify/", {"token": "forged"}).status_code == 400
    assert client.get("/api/v1/comments/unsubscribe/", {"token": ""}).status_code == 400


def test_a_failing_mail_server_never_fails_the_post(client, article, committed, settings):
    settings.EMAIL_BACKEND = "tests.failing_email.FailingBackend"
    response = committed(lambda: post(client, article, body="Still stored"))
    assert response.status_code == 201
    assert ReaderComment.objects.filter(body="Still stored").exists()


@pytest.mark.parametrize("action", ["approve", "spam", "remove"])
def test_moderation_never_resends_the_confirmation_mail(
    client, admin_client, article, mailoutbox, committed, action
):
    committed(lambda: post(client, article, body="Does it peel?", notify_on_reply=True))
    comment = ReaderComment.objects.get()
    assert [m.subject for m in mailoutbox].count("Confirm your email address") == 1
    mailoutbox.clear()

    url = f"/admin/snippets/blog/readercomment/{comment.pk}/moderate/"
    assert committed(lambda: admin_client.post(url, {"action": action})).status_code == 302
    comment.refresh_from_db()
    assert comment.status != "pending"
    assert [m.subject for m in mailoutbox if "Confirm" in m.subject] == []


def test_a_reply_mails_its_parent_once_even_if_held_and_approved_again(
    client, admin_client, article, mailoutbox, committed
):
    question = make_comment(
        article, notify_on_reply=True, email_verified=True, email="ana@example.com"
    )
    reply = make_comment(article, parent=question, status="pending", author_name="Bea")
    moderate = f"/admin/snippets/blog/readercomment/{reply.pk}/moderate/"
    committed(lambda: admin_client.post(moderate, {"action": "approve"}))
    assert [m.subject for m in mailoutbox] == ["Bea replied to your comment"]

    for n in range(3):  # readers hold it; staff look and approve it again
        committed(
            lambda n=n: client.post(
                f"/api/v1/comments/{reply.pk}/report/", REMOTE_ADDR=f"203.0.113.{n}"
            )
        )
    reply.refresh_from_db()
    assert reply.status == "pending"
    committed(lambda: admin_client.post(moderate, {"action": "approve"}))
    reply.refresh_from_db()
    assert reply.status == "approved"
    assert [m.subject for m in mailoutbox] == ["Bea replied to your comment"]
