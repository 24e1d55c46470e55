"""The WordPress import end to end: a hand-written export of a clinic's site, with its
uploads folder, imported by the command into the real models, then imported again."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image as PILImage
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction, Revision

from blog.models import (
    ArticlePage,
    Author,
    ImportedObject,
    ReaderComment,
    WebhookDelivery,
    WebhookEndpoint,
)

EXPORTS = Path(__file__).parent / "exports"


def write_image(root: Path, path: str, size=(64, 48)) -> None:
    file = root / path
    file.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", size, (120, 160, 200)).save(file, "JPEG")


@pytest.fixture
def uploads(tmp_path) -> Path:
    root = tmp_path / "uploads"
    write_image(root, "2024/06/knee-brace.jpg")
    return root


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_wordpress", *args, stdout=out)
    return out.getvalue()


def test_a_gutenberg_export_becomes_articles_comments_and_redirects(index, uploads):
    report = run(str(EXPORTS / "gutenberg.xml"), "--uploads", str(uploads))

    article = ArticlePage.objects.get(title="Five exercises after a knee replacement")
    assert article.live and article.slug == "five-exercises-after-knee-replacement"
    assert article.intro == "Five gentle exercises for the first six weeks with a new knee."
    assert article.author == Author.objects.get(name="Nadia Okafor")
    assert article.hero_image is not None and article.hero_image.title
    types = [block.block_type for block in article.body]
    assert types[:2] == ["paragraph", "heading"] and "image" in types and "embed" in types
    assert article.first_published_at.isoformat().startswith("2024-06-10T08:15")

    comments = ReaderComment.objects.filter(article=article)
    assert comments.count() == 3  # spam and the pingback are left out
    reply = comments.get(parent__isnull=False)
    assert reply.parent.status == "approved" and reply.depth == 1
    assert comments.filter(status="pending").count() == 1
    assert all(len(c.ip_hash) == 64 and not c.user_agent for c in comments)

    draft = ArticlePage.objects.get(title="What to bring to your first appointment")
    assert not draft.live
    private = ArticlePage.objects.get(title="Notes for the team rota")
    assert private.live and PageViewRestriction.objects.get(page=private).restriction_type == (
        PageViewRestriction.LOGIN
    )
    protected = ArticlePage.objects.get(title="Patient stories")
    restriction = PageViewRestriction.objects.get(page=protected)
    assert (restriction.restriction_type, restriction.password) == ("password", "knees2024")
    assert not ArticlePage.objects.filter(title__startswith="Winter opening").exists()
    assert not ArticlePage.objects.filter(title="About us").exists()

    old = Redirect.objects.get(old_path="/five-exercises-after-knee-replacement")
    assert old.redirect_page_id == article.pk and old.is_permanent
    assert Redirect.objects.get(old_path="/?p=12").redirect_page_id == article.pk
    assert "posts created" in report and "skipped: WordPress pages" in report
    assert "Sticky in WordPress" in report

    # The same export again: nothing new, no new revision, no new comment, no new image.
    before = (Revision.objects.count(), ReaderComment.objects.count())
    images = get_image_model().objects.count()
    again = run(str(EXPORTS / "gutenberg.xml"), "--uploads", str(uploads))
    assert (Revision.objects.count(), ReaderComment.objects.count()) == before
    assert get_image_model().objects.count() == images
    assert "posts unchanged" in again and "posts created" not in again


def test_old_wordpress_addresses_lead_to_the_article_on_the_website_and_in_the_api(
    index, uploads, client, committed
):
    committed(lambda: run(str(EXPORTS / "gutenberg.xml"), "--uploads", str(uploads)))
    article = ArticlePage.objects.get(title="Five exercises after a knee replacement")
    new_path = article.get_url_parts()[2]

    for old in (
        "/?p=12",
        "/?p=12&utm_source=newsletter",
        "/five-exercises-after-knee-replacement/",
    ):
        answer = client.get(old)
        assert (answer.status_code, answer["Location"]) == (301, new_path), old
    assert client.get(new_path).status_code == 200
    # The attachment's page leads to the article it belonged to.
    assert client.get("/?attachment_id=40")["Location"] == new_path
    # An id that is not one of the imported posts is the home page, as before.
    assert client.get("/?p=999").status_code == 200
    # A private post's old address reveals nothing.
    assert client.get("/?p=19").status_code == 200

    found = client.get("/api/v1/articles/lookup/", {"path": "/?p=12"})
    assert found.status_code == 301 and found.json()["redirect"]["to"] == new_path
    detail = client.get("/api/v1/articles/lookup/", {"path": new_path}).json()
    assert detail["title"] == article.title
    thread = client.get(f"/api/v1/articles/{article.slug}/comments/").json()["results"]
    assert thread and "@" not in str(thread)  # no commenter's email


@pytest.mark.parametrize(
    "name", ["billion_laughs.xml", "external_entity.xml", "truncated.xml", "not_wxr_rss.xml"]
)
def test_a_hostile_or_broken_file_is_a_clear_error_and_imports_nothing(index, name):
    with pytest.raises(CommandError) as refused:
        run(str(EXPORTS / name))
    assert str(refused.value)  # the reader's message, e.g. "… declares a DTD …"
    assert not ArticlePage.objects.exists() and not Author.objects.exists()
    assert not ImportedObject.objects.exists()


def test_front_ends_hear_of_an_import_once(index, uploads, committed, heard):
    from blog.events import EventType

    endpoint = WebhookEndpoint.objects.create(url="http://127.0.0.1:9/hook", secret="s" * 32)
    committed(lambda: run(str(EXPORTS / "gutenberg.xml"), "--uploads", str(uploads)))
    events = [event for batch in heard for event in batch]
    articles = [e for e in events if e.type == EventType.ARTICLE_PUBLISHED]
    assert len(articles) >= 3 and all(e.bulk for e in articles)
    imported = [e for e in events if e.type == EventType.CONTENT_IMPORTED]
    assert len(imported) == 1 and not imported[0].bulk
    sent = WebhookDelivery.objects.filter(endpoint=endpoint)
    assert list(sent.values_list("event_type", flat=True)) == ["content.imported"]
    assert sent.get().payload["data"]["all_articles"] is True

    # The same export again changes nothing, and tells front ends nothing.
    heard.clear()
    committed(lambda: run(str(EXPORTS / "gutenberg.xml"), "--uploads", str(uploads)))
    assert not [e for batch in heard for e in batch if e.type == EventType.CONTENT_IMPORTED]
    assert sent.count() == 1


def test_a_mapping_that_is_not_wordpress_equals_ours_is_refused_by_name(index):
    with pytest.raises(CommandError) as refused:
        run(str(EXPORTS / "gutenberg.xml"), "--category", "skin")
    assert "--category" in str(refused.value) and "“skin”" in str(refused.value)
    assert not ArticlePage.objects.exists()
