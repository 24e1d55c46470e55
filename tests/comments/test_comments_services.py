"""Rendering, client addresses and query budgets of the comment services."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from blog.comments.clients import client_ip, ip_hash
from blog.comments.rendering import render_body
from blog.models.language_chains import language_of_locale
from tests.comment_utils import make_comment, payload
from tests.factories import ArticlePageFactory


def test_render_links_paragraphs_and_escapes():
    html = render_body("Hello <b>there</b>\nsecond line\n\nSee https://example.com/a?b=1.")
    assert html == (
        "<p>Hello &lt;b&gt;there&lt;/b&gt;<br>second line</p>"
        '<p>See <a href="https://example.com/a?b=1" rel="nofollow ugc noopener">'
        "https://example.com/a?b=1</a>.</p>"
    )


def test_render_removes_bidirectional_overrides():
    assert render_body("abc\u202edcba\u202c") == "<p>abcdcba</p>"


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "expected"),
    [
        ("203.0.113.9", "1.2.3.4", [], "203.0.113.9"),  # no trusted proxy: header ignored
        ("10.0.0.2", "1.2.3.4, 203.0.113.9", ["10.0.0.0/8"], "203.0.113.9"),
        ("10.0.0.2", "203.0.113.9, 10.0.0.7", ["10.0.0.0/8"], "203.0.113.9"),
        ("10.0.0.2", "not-an-ip", ["10.0.0.0/8"], "10.0.0.2"),
        ("10.0.0.2", "", ["10.0.0.0/8"], "10.0.0.2"),
    ],
)
def test_client_address_trusts_only_configured_proxies(
    settings, remote, forwarded, trusted, expected
):
    settings.COMMENTS_TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_ip_hash_is_keyed_and_stable(settings):
    assert ip_hash("203.0.113.9") == ip_hash("203.0.113.9") != ip_hash("203.0.113.10")
    settings.COMMENTS_IP_HASH_KEY = "another key"
    assert len(ip_hash("203.0.113.9")) == 64 and "203" not in ip_hash("203.0.113.9")


def _queries(client, method, url, **kwargs) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, **kwargs)
    assert response.status_code in {200, 201}, response.content
    return len([q for q in captured if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))])


def test_comment_list_makes_four_queries_at_two_sizes(client, index):
    """The article with the content version, approved threads, held threads that keep
    approved replies, and the replies of the page's threads."""
    article = ArticlePageFactory(parent=index)
    url = f"/api/v1/articles/{article.slug}/comments/"

    def add(threads):
        for _ in range(threads):
            top = make_comment(article)
            make_comment(article, parent=make_comment(article, parent=top))

    add(2)
    client.get(url)  # the cached policy
    small = _queries(client, "get", url)
    add(10)
    assert small == _queries(client, "get", url) <= 4


def test_posting_a_reply_makes_at_most_ten_queries(
    client, index, django_capture_on_commit_callbacks
):
    from blog.models import CommentPolicy

    policy = CommentPolicy.load()
    policy.moderator_emails = "team@clinic.example"
    policy.save()
    article = ArticlePageFactory(parent=index)
    parent = make_comment(article)
    language_of_locale(article.locale_id)  # read once per process, not per post
    # Counted with the after-commit work (the moderators' mail task), which runs in-process.
    with (
        CaptureQueriesContext(connection) as captured,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            f"/api/v1/articles/{article.slug}/comments/",
            payload(article, parent=parent.pk),
            content_type="application/json",
        )
    assert response.status_code == 201
    queries = [q for q in captured if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    # Two of them count the form's posts in the database (a cache loss must not renew them).
    assert len(queries) <= 10, [q["sql"][:60] for q in queries]
