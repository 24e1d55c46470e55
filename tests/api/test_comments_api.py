"""Readers post and read comments through the API; every rule answers with a clear status."""

import datetime
import json

import pytest
from django.utils import timezone

from blog.models import CommentPolicy, ReaderComment
from tests.comment_utils import form_token, make_comment, payload, post
from tests.factories import ArticlePageFactory, AuthorFactory


@pytest.fixture
def article(index):
    return ArticlePageFactory(parent=index)


def comments_url(article) -> str:
    return f"/api/v1/articles/{article.slug}/comments/"


def test_post_holds_a_comment_for_moderation(client, article):
    response = post(client, article)
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "pending" and "once a member of our team" in data["message"]
    comment = ReaderComment.objects.get(pk=data["id"])
    assert comment.status == "pending" and comment.consent
    assert comment.ip_hash and comment.ip_hash != "127.0.0.1"
    assert client.get(comments_url(article)).json()["results"] == []


def test_readers_cannot_set_status_id_time_or_staff_flag(client, article):
    response = post(
        client, article, status="approved", id=999, created_at="2020-01-01", is_staff_reply=True
    )
    comment = ReaderComment.objects.get(pk=response.json()["id"])
    assert comment.status == "pending" and comment.pk != 999
    assert not comment.is_staff_reply and comment.created_at.year == timezone.now().year


def test_list_shows_approved_threads_oldest_first_without_private_data(client, article):
    first = make_comment(article, body="First!", email="first@example.com")
    reply = make_comment(article, parent=first, body="A reply")
    make_comment(article, parent=reply, body="A reply to the reply")
    make_comment(article, parent=first, status="pending", body="Not yet")
    make_comment(article, status="spam", body="Buy now")
    staff = AuthorFactory(name="Dr Lee", role="Dermatologist", credentials="MBBS")
    make_comment(article, body="Second", is_staff_reply=True, staff_author=staff)

    response = client.get(comments_url(article))
    data = response.json()
    assert data["count"] == 4 and data["open"] is True
    assert "not medical advice" in data["notice"]
    first_out, second_out = data["results"]
    assert first_out["body_html"] == "<p>First!</p>" and first_out["reply_count"] == 1
    assert first_out["replies"][0]["replies"][0]["body_html"] == "<p>A reply to the reply</p>"
    assert second_out["staff"] == {"name": "Dr Lee", "role": "Dermatologist", "credentials": "MBBS"}
    raw = response.content.decode()
    for private in ("first@example.com", "ip_hash", "user_agent", "email", "127.0.0.1"):
        assert private not in raw
    assert response["ETag"]
    assert client.get(comments_url(article), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_keyset_pages_walk_every_thread(client, article, settings):
    settings.COMMENTS_PAGE_SIZE = 3
    start = timezone.now() - datetime.timedelta(days=1)
    for n in range(8):
        make_comment(article, body=f"Comment {n}", created_at=start)  # equal times: id breaks ties
    seen, url = [], comments_url(article)
    while url:
        data = client.get(url).json()
        seen += [c["body_html"] for c in data["results"]]
        url = data["next"]
    assert seen == [f"<p>Comment {n}</p>" for n in range(8)]


def test_article_cards_count_approved_comments(client, article):
    make_comment(article)
    make_comment(article, status="pending")
    from tests.api_utils import fresh_get

    card = fresh_get(client, "/api/v1/articles/").json()["results"][0]
    assert card["comment_count"] == 1
    detail = fresh_get(client, f"/api/v1/articles/{article.slug}/").json()
    assert detail["comments"]["count"] == 1


def test_an_expired_form_is_refused(client, article):
    response = post(client, article, form_token=form_token(article, age=7 * 3600))
    assert response.status_code == 403
    assert "expired" in response.json()["form_token"][0]
    assert not ReaderComment.objects.exists()


def test_form_token_of_another_article_is_refused(client, article, index):
    other = ArticlePageFactory(parent=index)
    response = post(client, article, form_token=form_token(other))
    assert response.status_code == 403 and "form_token" in response.json()


def test_form_token_endpoint(client, article):
    data = client.get(f"{comments_url(article)}form-token/").json()
    assert data["min_seconds"] == 3 and data["form_token"]


def test_honeypot_answers_like_success_and_stores_nothing(client, article):
    response = post(client, article, homepage="http://spam.example")
    assert response.status_code == 201 and response.json()["status"] == "pending"
    assert not ReaderComment.objects.exists()


@pytest.mark.parametrize(
    "setup",
    [
        lambda a: setattr(a, "comments_open", False),
        lambda a: setattr(a, "comments_close_date", datetime.date(2020, 1, 1)),
    ],
)
def test_closed_article_is_403(client, article, setup):
    setup(article)
    article.save()
    response = post(client, article)
    assert response.status_code == 403
    assert response.json()["detail"] == "Comments are closed for this article."


def test_auto_close_after_days(client, article):
    policy = CommentPolicy.load()
    policy.auto_close_days = 30
    policy.save()
    article.first_published_at = timezone.now() - datetime.timedelta(days=31)
    article.save()
    assert post(client, article).status_code == 403
    assert client.get(comments_url(article)).json()["open"] is False
    from tests.api_utils import fresh_get

    assert (
        fresh_get(client, f"/api/v1/articles/{article.slug}/").json()["comments"]["open"] is False
    )
    assert "Comments are closed" in client.get(article.url).content.decode()


def test_unknown_article_is_404(client, db):
    response = client.post(
        "/api/v1/articles/nope/comments/", {"name": "x"}, content_type="application/json"
    )
    assert response.status_code == 404


def test_parent_on_another_article_is_404_naming_it(client, article, index):
    elsewhere = make_comment(ArticlePageFactory(parent=index))
    response = post(client, article, parent=elsewhere.pk)
    assert response.status_code == 404
    assert response.json()["parent"] == ["That comment belongs to another article."]


def test_reply_past_the_maximum_depth_becomes_a_sibling(client, article):
    top = make_comment(article)
    second = make_comment(article, parent=top)
    third = make_comment(article, parent=second)  # depth 2: the deepest of three levels
    response = post(client, article, parent=third.pk)
    reply = ReaderComment.objects.get(pk=response.json()["id"])
    assert reply.parent == second and reply.depth == 2 and reply.root == top


def test_duplicate_comment_is_refused(client, article):
    assert post(client, article).status_code == 201
    response = post(client, article)
    assert response.status_code == 409
    assert response.json()["body"] == ["You have already posted this comment."]


def test_spam_layers(client, article):
    policy = CommentPolicy.load()
    policy.block_words = "casino"
    policy.hold_words = "discount"
    policy.save()
    assert post(client, article, body="Best CASINO here").json()["status"] == "pending"
    assert ReaderComment.objects.get(body="Best CASINO here").status == "spam"
    post(client, article, body="Any discount codes?", email="b@example.com")
    held = ReaderComment.objects.get(body="Any discount codes?")
    assert held.status == "pending" and "held" in held.moderation_note
    links = "See https://a.example and https://b.example and https://c.example"
    post(client, article, body=links, email="c@example.com")
    assert "too many links" in ReaderComment.objects.get(body=links).moderation_note


def test_question_and_urgent_flags(client, article):
    post(client, article, body="How long does redness last?")
    assert ReaderComment.objects.get().is_question
    post(client, article, body="I think I have an infection and a fever", email="u@example.com")
    urgent = ReaderComment.objects.get(email="u@example.com")
    assert urgent.is_urgent and urgent.status == "pending"


def test_trusted_readers_are_published_at_once_when_the_policy_says_so(client, article):
    policy = CommentPolicy.load()
    policy.moderation_mode = CommentPolicy.Moderation.TRUSTED
    policy.save()
    assert post(client, article, email="new@example.com").json()["status"] == "pending"
    make_comment(article, email="known@example.com", email_verified=True)
    assert post(client, article, email="known@example.com").json()["status"] == "approved"
    make_comment(article, email="unverified@example.com")
    assert post(client, article, email="unverified@example.com").json()["status"] == "pending"


def report(client, comment, address: str = "203.0.113.1"):
    return client.post(f"/api/v1/comments/{comment.pk}/report/", REMOTE_ADDR=address)


def test_reports_by_distinct_readers_send_a_comment_back_to_moderation(client, article):
    comment = make_comment(article)
    for n in range(2):
        assert report(client, comment, f"203.0.113.{n}").status_code == 202
    comment.refresh_from_db()
    assert comment.status == "approved" and comment.report_count == 2
    report(client, comment, "203.0.113.9")
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_a_comment_staff_approved_again_needs_fresh_reports_to_be_held(
    client, admin_client, article
):
    comment = make_comment(article)
    for n in range(3):
        report(client, comment, f"203.0.113.{n}")
    comment.refresh_from_db()
    assert comment.status == "pending"
    moderate = f"/admin/snippets/blog/readercomment/{comment.pk}/moderate/"
    assert admin_client.post(moderate, {"action": "approve"}).status_code == 302

    # The reports staff have already weighed do not count again.
    for n in range(3, 5):
        report(client, comment, f"203.0.113.{n}")
    comment.refresh_from_db()
    assert comment.status == "approved" and comment.report_count == 2
    report(client, comment, "203.0.113.9")
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_one_reader_counts_once_however_often_they_report(client, article):
    """One reader cannot silence a comment: repeats are accepted and change nothing."""
    comment = make_comment(article)
    for _ in range(5):
        assert report(client, comment).status_code == 202
    comment.refresh_from_db()
    assert comment.status == "approved" and comment.report_count == 1


def test_one_ipv6_network_counts_as_one_reader(client, article):
    """A /64 is one home or phone: its many addresses are one reader, for reports and for
    the posting throttle alike."""
    comment = make_comment(article)
    for n in range(1, 6):
        assert report(client, comment, f"2001:db8:7:1::{n}").status_code == 202
    comment.refresh_from_db()
    assert comment.status == "approved" and comment.report_count == 1
    report(client, comment, "2001:db8:7:2::1")  # the next /64: another reader
    comment.refresh_from_db()
    assert comment.report_count == 2

    answers = [
        client.post(
            comments_url(article),
            payload(article, body=f"Comment {n}"),
            content_type="application/json",
            REMOTE_ADDR=f"2001:db8:9:1::{n}",
        ).status_code
        for n in range(1, 8)
    ]
    assert answers == [201] * 5 + [429] * 2


def test_comments_of_articles_readers_cannot_see_cannot_be_reported(client, index):
    from wagtail.models import PageViewRestriction

    private = ArticlePageFactory(parent=index)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    comment = make_comment(private)
    assert report(client, comment).status_code == 404


def test_readers_cannot_hold_the_clinics_own_replies(client, article):
    reply = make_comment(article, is_staff_reply=True)
    for n in range(5):
        assert report(client, reply, f"203.0.113.{n}").status_code == 202
    reply.refresh_from_db()
    assert reply.status == "approved" and reply.report_count == 0


def test_reports_have_a_rate_limit_of_their_own(client, article, settings):
    comments = [make_comment(article, body=f"Comment {n}") for n in range(11)]
    answers = [report(client, comment).status_code for comment in comments]
    assert answers == [202] * 10 + [429]
    # ...which leaves the reader's comment budget untouched.
    assert post(client, article, body="Still allowed to comment").status_code == 201


def test_report_of_a_bad_or_unknown_id(client, db):
    assert client.post("/api/v1/comments/abc/report/").status_code == 400
    assert client.post("/api/v1/comments/²/report/").status_code == 400
    assert client.post(f"/api/v1/comments/{10**30}/report/").status_code == 400
    assert client.post("/api/v1/comments/999999/report/").status_code == 404


def test_throttle_per_client_cannot_be_dodged_with_a_forged_header(client, article, settings):
    settings.COMMENTS_TRUSTED_PROXIES = ["10.0.0.0/8"]
    codes = []
    for n in range(7):
        response = client.post(
            comments_url(article),
            payload(article, body=f"Comment number {n}"),
            content_type="application/json",
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.9",  # the first entry is forged
        )
        codes.append(response.status_code)
    assert codes[:5] == [201] * 5 and codes[5:] == [429, 429]


def all_comments(tree: list[dict]) -> list[dict]:
    return [c for comment in tree for c in [comment, *all_comments(comment["replies"])]]


def test_a_held_comment_hides_itself_only(client, article):
    """Reports hold a comment; its approved replies, the clinic's included, stay under a
    placeholder, and `count` is exactly what a client can page through."""
    root = make_comment(article, author_name="Reported Reader", body="Contested text")
    replies = [make_comment(article, parent=root, body=f"Reply {n}") for n in range(3)]
    make_comment(article, parent=replies[0], is_staff_reply=True, body="Clinic answer")
    make_comment(article, author_name="Lonely", body="Pending, no replies", status="pending")
    for n in range(3):
        report(client, root, f"203.0.113.{n}")
    root.refresh_from_db()
    assert root.status == "pending"

    page = client.get(f"/api/v1/articles/{article.slug}/comments/").json()
    comments = all_comments(page["results"])
    shown = [c for c in comments if c["visible"]]
    assert page["count"] == len(shown) == 4
    [placeholder] = [c for c in comments if not c["visible"]]
    assert placeholder["id"] == root.pk and placeholder["reply_count"] == 3
    assert placeholder["author_name"] == placeholder["body_html"] == placeholder["website"] == ""
    text = json.dumps(page)
    assert "Reported Reader" not in text and "Contested text" not in text
    assert "Lonely" not in text
