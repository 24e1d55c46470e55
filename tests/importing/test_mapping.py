"""How each WordPress thing maps into our model, with exports written for each case
(tests/importing/builder.py): statuses, dates, links between posts, categories, authors,
threads, our own rules, and what a second or later import changes."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from wagtail.models import Revision

from blog.importing.wordpress import ImportOptions, import_wordpress
from blog.models import ArticlePage, ComplianceRule, ReaderComment
from tests.factories import AuthorFactory, TreatmentFactory
from tests.importing.builder import Comment, Post, attachment, write_export
from tests.importing.test_import import write_image

UTC = datetime.UTC


def export(tmp_path: Path, posts: list[Post], name: str = "export.xml", **kwargs) -> Path:
    path = tmp_path / name
    with path.open("w") as out:
        write_export(out, posts, **kwargs)
    return path


def do_import(path: Path, **options):
    return import_wordpress(path, options=ImportOptions(**options))


def test_statuses_become_live_scheduled_or_draft_with_wordpress_dates(index, tmp_path):
    future = timezone.now() + datetime.timedelta(days=10)
    published = datetime.datetime(2023, 5, 4, 10, 30)
    do_import(
        export(
            tmp_path,
            [
                Post(1, "Live one", date=published, modified=datetime.datetime(2024, 1, 2, 8)),
                Post(2, "Coming soon", status="future", date=future.replace(tzinfo=None)),
                Post(3, "Still a draft", status="draft"),
                Post(4, "Waiting for review", status="pending"),
            ],
        )
    )
    live = ArticlePage.objects.get(title="Live one")
    assert live.live and live.first_published_at == published.replace(tzinfo=UTC)
    assert live.last_published_at == datetime.datetime(2024, 1, 2, 8, tzinfo=UTC)
    assert live.display_date == datetime.date(2023, 5, 4)
    scheduled = ArticlePage.objects.get(title="Coming soon")
    assert not scheduled.live
    assert scheduled.get_latest_revision().approved_go_live_at is not None
    for title in ("Still a draft", "Waiting for review"):
        assert not ArticlePage.objects.get(title=title).live


def test_links_between_posts_become_page_links_even_to_later_posts(index, tmp_path):
    later = Post(20, "Aftercare", slug="aftercare")
    first = Post(
        10,
        "Booking",
        content=f'<p>Read <a href="{later.permalink()}">our aftercare</a> and '
        '<a href="https://clinic.example/?p=20">again</a> first.</p>',
    )
    do_import(export(tmp_path, [first, later]))
    target = ArticlePage.objects.get(title="Aftercare")
    text = str(ArticlePage.objects.get(title="Booking").body.raw_data[0]["value"])
    assert text.count(f'linktype="page" id="{target.pk}"') == 2
    # Importing again finds every link at once: nothing changes.
    revisions = Revision.objects.count()
    report = do_import(export(tmp_path, [first, later]))
    assert Revision.objects.count() == revisions and report.counts["posts unchanged"] == 2


def test_categories_map_to_treatments_and_the_rest_become_tags(index, tmp_path):
    needling = TreatmentFactory(name="Microneedling", slug="microneedling")
    peel = TreatmentFactory(name="Chemical peel", slug="chemical-peel")
    post = Post(
        1,
        "Which treatment",
        categories=[("skin", "Skin"), ("chemical-peel", "Chemical peel"), ("uncategorized", "x")],
        tags=[("aftercare", "Aftercare")],
    )
    do_import(export(tmp_path, [post]), category_map={"skin": "microneedling"})
    article = ArticlePage.objects.get()
    assert set(article.treatments.all()) == {needling, peel}
    assert [tag.name for tag in article.tags.all()] == ["Aftercare"]


def test_authors_are_matched_or_made_and_their_comments_are_clinic_replies(index, tmp_path):
    amira = AuthorFactory(name="Dr Amira Haddad")
    post = Post(
        1,
        "Questions",
        author="ben",
        comments=[
            Comment(1, "Does it hurt?"),
            Comment(2, "A little, for a minute.", parent=1, user_id=2, author="Amira"),
        ],
    )
    report = do_import(export(tmp_path, [post]))
    article = ArticlePage.objects.get()
    assert article.author.name == "Ben Carter"
    article.author.full_clean()  # a valid author staff can save as it is
    assert any("Ben Carter" in note for note in report.general)
    reply = ReaderComment.objects.get(parent__isnull=False)
    assert reply.is_staff_reply and reply.staff_author == amira
    assert report.counts["authors matched"] == 1 and report.counts["authors created"] == 1
    assert not ReaderComment.objects.get(parent__isnull=True).is_staff_reply


def test_deep_threads_attach_at_the_deepest_level_and_junk_is_left_out(index, tmp_path):
    chain = [Comment(1, "Top")] + [Comment(n, f"Reply {n}", parent=n - 1) for n in range(2, 8)]
    junk = [
        Comment(20, "Buy pills", approved="spam"),
        Comment(21, "Gone", approved="trash"),
        Comment(22, "Linked to you", type="pingback"),
        Comment(23, "A reply to spam", parent=20),
        Comment(24, "No address", email=""),
    ]
    report = do_import(export(tmp_path, [Post(1, "Thread", comments=chain + junk)]))
    comments = ReaderComment.objects.all()
    assert comments.count() == 9
    assert max(c.depth for c in comments) < 8
    orphan = comments.get(body="A reply to spam")
    assert orphan.parent is None
    placeholder = comments.get(body="No address").email
    assert placeholder.endswith("@import.invalid")
    assert report.counts["spam comments (not imported)"] == 1
    assert report.counts["pingbacks and trackbacks (not imported)"] == 1
    notes = report.posts[1].notes
    assert any("no email address" in note for note in notes)


def test_a_post_with_a_blocking_finding_or_a_pair_photo_is_kept_as_a_draft(index, tmp_path):
    ComplianceRule.objects.create(
        name="Guarantee", pattern="guaranteed", severity="block", explanation="No promises."
    )
    root = tmp_path / "uploads"
    write_image(root, "2024/01/face.jpg")
    posts = [
        Post(1, "Results", content="<p>Results guaranteed after one session.</p>"),
        attachment(30, "2024/01/face.jpg", parent=2, alt="Before and after three sessions"),
        Post(
            2,
            "Our results",
            content='<p>Look:</p><img src="https://clinic.example/wp-content/uploads/2024/01/'
            'face.jpg" class="wp-image-30" alt="Before and after three sessions">',
        ),
    ]
    report = do_import(export(tmp_path, posts), uploads=root)
    for wp_id, title, words in ((1, "Results", "compliance"), (2, "Our results", "before/after")):
        assert not ArticlePage.objects.get(title=title).live
        assert report.posts[wp_id].status == "draft"
        assert any(words in note for note in report.posts[wp_id].notes)


def test_a_later_export_updates_what_changed_and_never_overwrites_an_edit(index, tmp_path):
    posts = [Post(1, "First"), Post(2, "Second")]
    do_import(export(tmp_path, posts))
    edited = ArticlePage.objects.get(title="Second")
    edited.intro = "Rewritten by the clinic."
    edited.save_revision().publish()

    posts = [
        Post(1, "First, updated", content="<p>New words.</p>"),
        Post(2, "Second, changed in WordPress too"),
        Post(3, "Third"),
    ]
    before = Revision.objects.count()
    report = do_import(export(tmp_path, posts))
    assert report.counts["posts updated"] == 1 and report.counts["posts created"] == 1
    assert report.counts["posts conflict"] == 1
    assert ArticlePage.objects.filter(title="First, updated").exists()
    assert ArticlePage.objects.get(pk=edited.pk).intro == "Rewritten by the clinic."
    assert Revision.objects.count() == before + 2  # one for the update, one for the new post
    assert any("Edited here" in note for note in report.posts[2].notes)


@pytest.mark.parametrize("forms", ["http", "https"])
def test_both_namespace_forms_import_the_same(index, tmp_path, forms):
    do_import(export(tmp_path, [Post(1, "Namespaces")], forms=forms))
    assert ArticlePage.objects.get().title == "Namespaces"


def test_missing_titles_content_and_media_are_placeholders_listed_in_the_report(index, tmp_path):
    posts = [
        Post(1, "", content="<p>Words without a title.</p>"),
        Post(2, "Empty", content=""),
        Post(3, "Gone image", meta={"_thumbnail_id": "99"}),
        attachment(99, "2020/01/lost.jpg", parent=3),
    ]
    report = do_import(export(tmp_path, posts))
    assert ArticlePage.objects.filter(title="Untitled WordPress post 1").exists()
    assert ArticlePage.objects.get(title="Empty").body.raw_data
    assert ArticlePage.objects.get(title="Gone image").hero_image is None
    assert any("no title" in n for n in report.posts[1].notes)
    assert any("no text" in n for n in report.posts[2].notes)
    assert any("lost.jpg" in n for n in report.posts[3].notes)


def test_imported_articles_without_a_medical_review_are_due_for_one(index, tmp_path):
    from blog.governance.reviews import reviews_due

    do_import(export(tmp_path, [Post(1, "Never reviewed here")]))
    due = reviews_due(today=timezone.localdate())
    assert [article.title for article in due] == ["Never reviewed here"]
