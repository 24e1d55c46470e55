"""Readers' privacy: export and erasure by email (command and admin), routine purging."""

import datetime
import json

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from blog.models import ReaderComment
from tests.comment_utils import make_comment
from tests.factories import ArticlePageFactory


def test_export_command_prints_everything_about_an_email(index, capsys):
    article = ArticlePageFactory(parent=index)
    make_comment(article, email="Sam@Example.com", ip_hash="abc", user_agent="Firefox")
    make_comment(article, email="other@example.com")
    call_command("comments_export", "--email", "sam@example.com")
    data = json.loads(capsys.readouterr().out)
    assert [c["email"] for c in data["comments"]] == ["Sam@Example.com"]
    assert (
        data["comments"][0]["ip_hash"] == "abc" and data["comments"][0]["user_agent"] == "Firefox"
    )


def test_erase_command_anonymises_and_keeps_or_removes_text(index):
    article = ArticlePageFactory(parent=index)
    kept = make_comment(
        article,
        email="sam@example.com",
        website="https://sam.example",
        ip_hash="abc",
        user_agent="UA",
        body="Keep my words",
    )
    call_command("comments_erase", "--email", "sam@example.com")
    kept.refresh_from_db()
    assert (kept.author_name, kept.email, kept.website, kept.ip_hash, kept.user_agent) == (
        "Anonymous", "", "", "", "",
    )  # fmt: skip
    assert kept.body == "Keep my words"

    gone = make_comment(article, email="lee@example.com", body="Remove my words")
    call_command("comments_erase", "--email", "lee@example.com", "--remove-text")
    gone.refresh_from_db()
    assert "Remove my words" not in gone.body + gone.body_html


def test_purge_clears_old_traces_and_deletes_old_spam(index, capsys):
    article = ArticlePageFactory(parent=index)
    old = timezone.now() - datetime.timedelta(days=100)
    old_ok = make_comment(article, ip_hash="h", user_agent="ua", created_at=old)
    make_comment(article, status="spam", created_at=old)
    make_comment(article, status="removed", created_at=old)
    fresh = make_comment(article, status="spam", ip_hash="h2", user_agent="ua2")
    call_command("comments_purge", "--trace-days", "30", "--delete-days", "90")
    assert "deleted 2" in capsys.readouterr().out
    old_ok.refresh_from_db()
    fresh.refresh_from_db()
    assert (old_ok.ip_hash, old_ok.user_agent) == ("", "")
    assert fresh.ip_hash == "h2"
    assert ReaderComment.objects.count() == 2


def test_admin_privacy_requests(admin_client, index):
    article = ArticlePageFactory(parent=index)
    make_comment(article, email="kim@example.com", body="My comment")
    url = reverse("wagtailsnippets_blog_readercomment:privacy")
    assert admin_client.get(url).status_code == 200
    export = admin_client.post(url, {"email": "kim@example.com", "action": "export"})
    assert export["Content-Disposition"].startswith("attachment")
    assert json.loads(export.content)["comments"][0]["body"] == "My comment"
    admin_client.post(url, {"email": "kim@example.com", "action": "erase_text"})
    comment = ReaderComment.objects.get()
    assert comment.author_name == "Anonymous" and "My comment" not in comment.body
