"""Staff moderate reader comments through the real Wagtail admin views."""

import re

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from blog.models import CommentPolicy, ReaderComment
from tests.comment_utils import make_comment
from tests.factories import ArticlePageFactory, AuthorFactory

QUEUE = "wagtailsnippets_blog_readercomment:list"


@pytest.fixture
def article(index):
    return ArticlePageFactory(parent=index, title="Peel aftercare")


def queue(admin_client, **params) -> str:
    return admin_client.get(reverse(QUEUE), params).content.decode()


def test_queue_filters_and_search(admin_client, article, index):
    make_comment(article, status="pending", body="Pending about peeling", email="p@example.com")
    make_comment(article, status="spam", body="Spammy casino text")
    other = ArticlePageFactory(parent=index)
    make_comment(other, status="pending", body="On another article")

    pending = queue(admin_client, status="pending")
    assert "Pending about peeling" in pending and "Spammy casino" not in pending
    by_article = queue(admin_client, article=article.pk)
    assert "On another article" not in by_article and "Spammy casino" in by_article
    assert "Pending about peeling" in queue(admin_client, q="peeling")
    assert "Pending about peeling" in queue(admin_client, q="p@example.com")
    assert "Spammy casino" not in queue(admin_client, q="peeling")


def test_urgent_comments_come_first(admin_client, article):
    make_comment(article, status="pending", body="Ordinary question")
    make_comment(article, status="pending", body="Fever since yesterday", is_urgent=True)
    html = queue(admin_client)
    assert html.index("Fever since yesterday") < html.index("Ordinary question")


def test_unanswered_questions_until_the_clinic_replies(admin_client, article):
    question = make_comment(article, body="Can I swim after a peel?", is_question=True)
    assert "Can I swim" in queue(admin_client, unanswered="true")
    url = reverse("wagtailsnippets_blog_readercomment:reply", args=[question.pk])
    author = AuthorFactory(name="Nurse Kim")
    admin_client.post(url, {"author": author.pk, "body": "Wait 48 hours."})
    assert "Can I swim" not in queue(admin_client, unanswered="true")


def test_staff_cannot_add_a_comment_by_hand(admin_client, db):
    assert admin_client.get(reverse("wagtailsnippets_blog_readercomment:add")).status_code in {
        302,
        403,
    }
    assert ">Add reader comment<" not in queue(admin_client)


def test_thread_page_and_moderation_buttons(admin_client, admin_user, article):
    top = make_comment(article, body="Top comment")
    reply = make_comment(article, parent=top, status="pending", body="A pending reply")
    url = reverse("wagtailsnippets_blog_readercomment:inspect", args=[reply.pk])
    html = admin_client.get(url).content.decode()
    assert "Top comment" in html and "A pending reply" in html and "Approve and reply" in html
    assert "reader@example.com" in html  # staff see the email; readers never do

    moderate = reverse("wagtailsnippets_blog_readercomment:moderate", args=[reply.pk])
    assert admin_client.post(moderate, {"action": "approve"}).status_code == 302
    reply.refresh_from_db()
    assert reply.status == "approved" and reply.moderated_by == admin_user
    entry = ModelLogEntry.objects.get(object_id=str(reply.pk))
    assert entry.action == "blog.comment.approved" and entry.user == admin_user


def test_reply_as_clinic_is_published_with_the_staff_badge(
    admin_client, admin_user, article, client
):
    question = make_comment(article, body="Is redness normal?", is_question=True)
    author = AuthorFactory(
        name="Dr Osei", role="Dermatologist", credentials="MBChB", user=admin_user
    )
    inspect = admin_client.get(
        reverse("wagtailsnippets_blog_readercomment:inspect", args=[question.pk])
    ).content.decode()
    assert f'<option value="{author.pk}" selected>' in inspect  # their own profile preselected
    url = reverse("wagtailsnippets_blog_readercomment:reply", args=[question.pk])
    admin_client.post(url, {"author": author.pk, "body": "Yes, for a day or two."})

    reply = ReaderComment.objects.get(is_staff_reply=True)
    assert reply.status == "approved" and reply.parent == question and reply.staff_author == author
    assert ModelLogEntry.objects.filter(action="blog.comment.staff_reply").exists()
    thread = client.get(f"/api/v1/articles/{article.slug}/comments/").json()["results"][0]
    assert thread["replies"][0]["staff"] == {
        "name": "Dr Osei", "role": "Dermatologist", "credentials": "MBChB",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("action", "status"), [("approve", "approved"), ("spam", "spam"), ("remove", "removed")]
)
def test_bulk_actions(admin_client, article, action, status):
    comments = [make_comment(article, status="pending", body=f"Bulk {n}") for n in range(3)]
    url = reverse("wagtail_bulk_action", args=["blog", "readercomment", action])
    query = "&".join(f"id={c.pk}" for c in comments)
    confirm = admin_client.get(f"{url}?{query}")
    assert confirm.status_code == 200 and "Bulk 0" in confirm.content.decode()
    response = admin_client.post(f"{url}?{query}", {})
    assert response.status_code == 302
    assert set(ReaderComment.objects.values_list("status", flat=True)) == {status}
    assert ModelLogEntry.objects.filter(action=f"blog.comment.{status}").count() == 3


def test_dashboard_panel_and_menu_badge(admin_client, article):
    make_comment(article, status="pending")
    make_comment(article, status="pending", is_urgent=True)
    make_comment(article, is_question=True)
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "2 awaiting moderation" in html and "1 urgent" in html
    assert "1 unanswered question" in html
    assert "Comments (2)" in html


def test_article_editor_shows_its_comments(admin_client, article):
    make_comment(article, body="Seen in the editor")
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert "Seen in the editor" in html and "1 reader comment" in html


def test_policy_is_edited_in_settings(admin_client, db, client, index):
    # The settings menu link redirects to the policy's own edit URL, where editors land.
    url = admin_client.get(reverse("wagtailsettings:edit", args=["blog", "commentpolicy"]))[
        "Location"
    ]
    form = {
        "moderation_mode": "trusted",
        "auto_close_days": "0",
        "max_depth": "2",
        "link_threshold": "1",
        "hold_words": "",
        "block_words": "casino",
        "report_threshold": "5",
        "moderator_emails": "team@clinic.example",
        "urgent_words": "fever",
        "medical_notice": "Ask your clinician.",
        "urgent_guidance": "Call us now.",
    }
    assert admin_client.post(url, form).status_code == 302
    policy = CommentPolicy.load()
    assert policy.max_depth == 2 and policy.block_words == "casino"
    article = ArticlePageFactory(parent=index)
    notice = client.get(f"/api/v1/articles/{article.slug}/comments/").json()["notice"]
    assert notice == "Ask your clinician."  # the policy cache was cleared on save


def test_moderators_group_can_moderate(client, article, django_user_model):
    from django.contrib.auth.models import Group

    moderator = django_user_model.objects.create_user("mod", password="pw")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    comment = make_comment(article, status="pending", body="Awaiting a moderator")
    assert "Awaiting a moderator" in client.get(reverse(QUEUE)).content.decode()
    client.post(
        reverse("wagtailsnippets_blog_readercomment:moderate", args=[comment.pk]),
        {"action": "approve"},
    )
    comment.refresh_from_db()
    assert comment.status == "approved"


def test_each_comment_in_the_queue_opens_where_it_can_be_moderated(admin_client, article):
    comment = make_comment(article, status="pending", author_name="Queued reader")
    inspect = reverse("wagtailsnippets_blog_readercomment:inspect", args=[comment.pk])
    html = queue(admin_client)
    assert f'href="{inspect}"' in html
    edit = reverse("wagtailsnippets_blog_readercomment:edit", args=[comment.pk])
    assert f'href="{edit}"' not in html  # no empty edit form with only a Save button
    response = admin_client.get(edit)
    assert response.status_code == 302 and response["Location"] == inspect


def test_the_queue_header_leads_to_privacy_requests_and_unanswered_questions(admin_client):
    html = queue(admin_client)
    privacy = reverse("wagtailsnippets_blog_readercomment:privacy")
    assert f'href="{privacy}"' in html and "Privacy requests" in html
    assert "?unanswered=true" in html and "Unanswered questions" in html


def test_after_approval_the_primary_button_is_not_back_to_pending(admin_client, article):
    comment = make_comment(article, status="approved")
    html = admin_client.get(
        reverse("wagtailsnippets_blog_readercomment:inspect", args=[comment.pk])
    ).content.decode()
    buttons = re.findall(r'<button type="submit" name="action" value="(\w+)" class="([^"]+)"', html)
    assert [name for name, _ in buttons] == ["pending", "spam", "remove"]
    assert all("button-secondary" in classes for _, classes in buttons)


def test_a_user_without_an_author_profile_is_told_how_to_get_one(admin_client, article):
    comment = make_comment(article)
    html = admin_client.get(
        reverse("wagtailsnippets_blog_readercomment:inspect", args=[comment.pk])
    ).content.decode()
    assert "link your user account to your author profile" in html


def status_tags(html: str) -> list[str]:
    """The labels of Wagtail's status tags on a page, filled ("primary") ones starred."""
    hidden = r'(?:<span class="w-sr-only">(.*?)</span>)?'
    tags = re.findall(
        rf'<span class="w-status( w-status--primary)?">\s*{hidden}(.*?)</span>', html, re.S
    )
    return [
        " ".join(f"{hint} {label}".split()) + ("*" if primary else "")
        for primary, hint, label in tags
    ]


def test_the_queue_shows_flags_and_status_as_wagtail_status_tags(admin_client, article):
    make_comment(
        article, status="pending", body="It is day four and hot", is_urgent=True,
        is_question=True, report_count=2,
    )  # fmt: skip
    html = queue(admin_client)
    assert status_tags(html) == ["Urgent*", "Question", "Reported by 2 readers", "Pending*"]
    assert "URGENT" not in html and "? It is day four" not in html
    assert "It is day four and hot" in html


def test_a_comments_page_is_titled_with_its_articles_title(admin_client, article):
    comment = make_comment(article, author_name="Hana", body="Can I swim?")
    html = admin_client.get(
        reverse("wagtailsnippets_blog_readercomment:inspect", args=[comment.pk])
    ).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "Hana on “Peel aftercare”" in title and f"on {article.pk}" not in title


def test_a_question_is_open_until_the_clinic_answers_everywhere_it_shows(admin_client, article):
    question = make_comment(article, author_name="Hana", body="Can I swim?", is_question=True)
    inspect = reverse("wagtailsnippets_blog_readercomment:inspect", args=[question.pk])
    editor = reverse("wagtailadmin_pages:edit", args=[article.pk])
    dashboard = reverse("wagtailadmin_home")
    assert "Question" in status_tags(admin_client.get(inspect).content.decode())
    assert "Question" in status_tags(queue(admin_client))
    assert "Question" in status_tags(admin_client.get(editor).content.decode())
    assert "1 unanswered question" in admin_client.get(dashboard).content.decode()

    url = reverse("wagtailsnippets_blog_readercomment:reply", args=[question.pk])
    admin_client.post(url, {"author": AuthorFactory().pk, "body": "After 48 hours."})
    assert status_tags(admin_client.get(inspect).content.decode()) == ["Status: Approved"]
    assert "Question" not in status_tags(queue(admin_client))
    assert "Question" not in status_tags(admin_client.get(editor).content.decode())
    assert "0 unanswered questions" in admin_client.get(dashboard).content.decode()


def test_the_dashboards_unanswered_count_is_the_list_its_link_opens(admin_client, article):
    make_comment(article, body="Shown: can I swim?", is_question=True)
    make_comment(article, status="pending", body="Waiting: can I run?", is_question=True)
    make_comment(article, status="spam", body="Cheap pills?", is_question=True)
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "2 unanswered questions" in html
    listed = queue(admin_client, unanswered="true")
    assert "Shown: can I swim?" in listed and "Waiting: can I run?" in listed
    assert "Cheap pills?" not in listed


def test_a_question_at_the_deepest_level_is_answered_by_the_reply_beside_it(admin_client, article):
    """Past the policy's depth the clinic's answer hangs beside the question (under its
    parent): it still answers it, and only questions asked before it."""
    top = make_comment(article, body="Top")
    middle = make_comment(article, parent=top, body="Middle")
    question = make_comment(article, parent=middle, body="Can I swim?", is_question=True)
    assert question.depth + 1 == CommentPolicy.load().max_depth
    url = reverse("wagtailsnippets_blog_readercomment:reply", args=[question.pk])
    admin_client.post(url, {"author": AuthorFactory().pk, "body": "After 48 hours."})
    make_comment(article, parent=middle, body="And the sauna?", is_question=True)
    assert ReaderComment.objects.get(is_staff_reply=True).parent == middle

    unanswered = queue(admin_client, unanswered="true")
    assert "Can I swim?" not in unanswered and "And the sauna?" in unanswered
    inspect = reverse("wagtailsnippets_blog_readercomment:inspect", args=[question.pk])
    assert "Question" not in status_tags(admin_client.get(inspect).content.decode())
