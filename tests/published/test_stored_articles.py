"""Render on write: the stored card and detail JSON are exactly what the serializers would
send now, and stay so through every change that shows in them."""

from __future__ import annotations

import orjson
import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from blog.api.renderers import dumps
from blog.comments.selectors import approved_count
from blog.models import ArticlePage, StoredArticle
from blog.published import prerender, selectors, serializers, store, stored
from blog.published.body import BodyContext
from tests.api_utils import fresh_get
from tests.comment_utils import make_comment
from tests.factories import ArticlePageFactory, AuthorFactory, TreatmentFactory


def live_detail_bytes(article: ArticlePage) -> bytes:
    """The detail as the serializers build it for a request now, written as the API does."""
    request = RequestFactory().get("/api/v1/articles/x/")
    # As live reads built it: the page, its relations and its approved-comment count.
    rendered = store.articles_to_render([article.pk])
    article = rendered.annotate(approved_comment_count=approved_count()).get()
    context = {
        "request": request,
        "body_context": BodyContext.for_pages([article], request),
        "related": {article.pk: selectors.related_articles(article)},
    }
    return dumps(serializers.ArticleDetailSerializer(article, context=context).data)


def stored_detail_bytes(article: ArticlePage) -> bytes:
    row = StoredArticle.objects.get(page_id=article.pk)
    request = RequestFactory().get("/api/v1/articles/x/")
    return stored.json_response(request, stored.detail(row)).content


@pytest.fixture
def demo(db, capsys):
    call_command("seed_demo")
    store.render_stale()


def test_every_demo_article_is_stored_byte_for_byte_as_rendered_from_scratch(demo):
    articles = list(ArticlePage.objects.live())
    assert len(articles) >= 5
    assert StoredArticle.objects.count() == len(articles)
    assert not StoredArticle.objects.filter(stale=True).exists()
    for article in articles:
        row = StoredArticle.objects.get(page_id=article.pk)
        fresh = prerender.render(store.articles_to_render([article.pk]).get())
        assert bytes(row.card) == fresh.card, article.slug
        assert bytes(row.detail) == fresh.detail, article.slug
        assert stored_detail_bytes(article) == live_detail_bytes(article), article.slug


def test_the_api_sends_the_stored_bytes_the_serializers_would_send(demo, client):
    article = ArticlePage.objects.live().order_by("pk").first()
    response = fresh_get(client, f"/api/v1/articles/{article.slug}/")
    assert response.content == live_detail_bytes(article)
    cards = fresh_get(client, "/api/v1/articles/", page_size=100).json()["results"]
    assert {card["id"] for card in cards} == set(
        ArticlePage.objects.live().values_list("pk", flat=True)
    )


def test_renaming_a_treatment_or_author_reaches_every_stored_card_that_shows_it(demo, client):
    treatment = TreatmentFactory(name="Chemical peels")
    author = AuthorFactory(name="Dr Ada Byline")
    showing = list(ArticlePage.objects.live().order_by("pk")[:3])
    for article in showing:
        article.treatments.add(treatment)
        article.author = author
        article.save_revision().publish()
    store.render_stale()
    treatment.name = "Skin peels"
    treatment.save()
    author.name = "Dr Ada Renamed"
    author.save()
    marked = StoredArticle.objects.filter(stale=True)
    assert set(marked.values_list("page_id", flat=True)) == {a.pk for a in showing}
    store.render_stale()
    for article in showing:
        card = orjson.loads(bytes(StoredArticle.objects.get(page_id=article.pk).card) + b"0}")
        assert {"id": treatment.pk, "slug": treatment.slug, "name": "Skin peels"} in card[
            "treatments"
        ]
        assert card["author"]["name"] == "Dr Ada Renamed"
        assert stored_detail_bytes(article) == live_detail_bytes(article)
    listed = fresh_get(client, "/api/v1/articles/", treatment=treatment.slug).json()["results"]
    assert {card["author"]["name"] for card in listed} == {"Dr Ada Renamed"}


def test_a_stale_row_is_rendered_by_the_first_read_and_stored(demo, client):
    article = ArticlePage.objects.live().order_by("pk").first()
    article.title = "Retitled in the editor"
    article.save_revision().publish()
    row = StoredArticle.objects.get(page_id=article.pk)
    assert row.stale  # marked in the publishing transaction, rendered after it
    response = fresh_get(client, f"/api/v1/articles/{article.slug}/")
    assert response.json()["title"] == "Retitled in the editor"
    assert not StoredArticle.objects.get(page_id=article.pk).stale


def test_a_render_never_overwrites_a_change_made_while_it_ran(demo):
    article = ArticlePage.objects.live().order_by("pk").first()
    row = StoredArticle.objects.get(page_id=article.pk)
    rendered = prerender.render(store.articles_to_render([article.pk]).get())
    store.mark_stale(StoredArticle.objects.filter(pk=row.pk))  # a change meanwhile
    assert store.store_rendered(article.pk, row.version, rendered) is False
    assert StoredArticle.objects.get(pk=row.pk).stale


def test_related_cards_follow_a_renamed_or_unpublished_related_article(demo):
    rows = StoredArticle.objects.exclude(related_ids=",")
    row = rows.order_by("pk").first()
    assert row is not None, "the demo has related articles"
    related = ArticlePage.objects.get(pk=stored.related_ids(row)[0])
    related.title = "A new title for the related one"
    related.save_revision().publish()
    assert StoredArticle.objects.get(pk=row.pk).stale
    store.render_stale()
    detail = orjson.loads(stored.detail(StoredArticle.objects.get(pk=row.pk)))
    assert "A new title for the related one" in [card["title"] for card in detail["related"]]
    related.unpublish()
    store.render_stale()
    detail = orjson.loads(stored.detail(StoredArticle.objects.get(pk=row.pk)))
    assert related.pk not in [card["id"] for card in detail["related"]]


def test_the_comment_counter_changes_in_the_moderating_transaction(demo, client):
    article = ArticlePage.objects.live().order_by("pk").first()
    before = StoredArticle.objects.get(page_id=article.pk).comment_count
    with transaction.atomic():
        comment = make_comment(article, status="pending")
        assert StoredArticle.objects.get(page_id=article.pk).comment_count == before
        comment.status = "approved"
        comment.save()
        assert StoredArticle.objects.get(page_id=article.pk).comment_count == before + 1
    detail = fresh_get(client, f"/api/v1/articles/{article.slug}/").json()
    assert detail["comment_count"] == detail["comments"]["count"] == before + 1
    comment.delete()
    assert StoredArticle.objects.get(page_id=article.pk).comment_count == before


def test_only_public_articles_have_rows(index):
    article = ArticlePageFactory(parent=index)
    assert StoredArticle.objects.filter(page_id=article.pk).exists()
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type="password", password="x"
    )
    assert not StoredArticle.objects.filter(page_id=article.pk).exists()
    restriction.delete()
    assert StoredArticle.objects.filter(page_id=article.pk).exists()
    article.unpublish()
    assert not StoredArticle.objects.filter(page_id=article.pk).exists()
    draft = ArticlePageFactory(parent=index, live=False)
    assert not StoredArticle.objects.filter(page_id=draft.pk).exists()


def test_articles_without_rows_get_them_after_migrating(index, client):
    article = ArticlePageFactory(parent=index, slug="imported")
    StoredArticle.objects.all().delete()  # as before the store existed, or a bulk import
    assert fresh_get(client, "/api/v1/articles/imported/").status_code == 404
    assert store.sync_missing() == 1
    assert fresh_get(client, "/api/v1/articles/imported/").json()["id"] == article.pk


def test_relative_media_urls_get_the_requests_host(index, client, image):
    ArticlePageFactory(parent=index, slug="pictured", hero_image=image)
    store.render_stale()
    row = StoredArticle.objects.get(slug="pictured")
    assert prerender.HOST_MARK_BYTES in bytes(row.card)
    card = fresh_get(client, "/api/v1/articles/").json()["results"][0]
    assert card["hero_image"]["url"].startswith("http://testserver/media/")
    assert card["hero_image"]["srcset"].count("http://testserver/media/") == 2
    assert prerender.HOST_MARK not in fresh_get(client, "/api/v1/articles/pictured/").text


def test_the_first_page_of_comments_is_stored_and_forgotten_when_a_comment_changes(index, client):
    article = ArticlePageFactory(parent=index, slug="discussed")
    url = "/api/v1/articles/discussed/comments/"
    first = make_comment(article, body="First question")
    assert [c["id"] for c in fresh_get(client, url).json()["results"]] == [first.pk]
    assert b"First question" in bytes(StoredArticle.objects.get(page_id=article.pk).thread)
    second = make_comment(article, body="Second question", status="pending")
    second.status = "approved"
    second.save()
    assert bytes(StoredArticle.objects.get(page_id=article.pk).thread) == b""
    page = fresh_get(client, url).json()
    assert [c["id"] for c in page["results"]] == [first.pk, second.pk]
    assert page["count"] == 2


def test_a_renamed_clinician_shows_in_stored_threads(index, client):
    article = ArticlePageFactory(parent=index, slug="answered")
    clinician = AuthorFactory(name="Nurse Before")
    question = make_comment(article, body="Does it hurt?")
    make_comment(article, parent=question, is_staff_reply=True, staff_author=clinician)
    url = "/api/v1/articles/answered/comments/"
    assert "Nurse Before" in fresh_get(client, url).text
    clinician.name = "Nurse After"
    clinician.save()
    text = fresh_get(client, url).text
    assert "Nurse After" in text and "Nurse Before" not in text


def test_a_thread_built_before_a_change_is_not_stored_over_it(index):
    from blog.comments import counts

    article = ArticlePageFactory(parent=index)
    version = StoredArticle.objects.get(page_id=article.pk).thread_version
    make_comment(article)  # approved: the thread is forgotten, its version moves
    counts.store_thread(article.pk, version, thread=b"[]", next_cursor="")
    assert bytes(StoredArticle.objects.get(page_id=article.pk).thread) == b""


def test_render_articles_renders_what_is_stale_and_rebuilds_with_all(index, capsys):
    articles = [ArticlePageFactory(parent=index) for _ in range(3)]
    assert StoredArticle.objects.filter(stale=True).count() == 3
    call_command("render_articles")
    assert "Rendered 3 article(s)" in capsys.readouterr().out
    assert not StoredArticle.objects.filter(stale=True).exists()
    StoredArticle.objects.filter(page_id=articles[0].pk).update(card=b"{broken")
    call_command("render_articles", "--all")
    assert "Rendered 3 article(s)" in capsys.readouterr().out
    fresh = prerender.render(store.articles_to_render([articles[0].pk]).get())
    assert bytes(StoredArticle.objects.get(page_id=articles[0].pk).card) == fresh.card


def test_sync_sends_details_without_related_cards(demo, client):
    row = StoredArticle.objects.exclude(related_ids=",").order_by("pk").first()
    synced = {a["id"]: a for a in fresh_get(client, "/api/v1/sync/").json()["articles"]}
    assert synced[row.page_id]["related"] == []
    detail = fresh_get(client, f"/api/v1/articles/by-id/{row.page_id}/").json()
    assert detail["related"] and {**detail, "related": []} == synced[row.page_id]


def test_saving_a_draft_of_a_published_article_leaves_its_stored_copy_alone(index):
    article = ArticlePageFactory(parent=index, title="Published title")
    store.render_stale()
    version = StoredArticle.objects.get(page_id=article.pk).version
    article.title = "A draft title"
    article.save_revision()
    row = StoredArticle.objects.get(page_id=article.pk)
    assert (row.version, row.stale, row.title) == (version, False, "Published title")
    article.save_revision().publish()
    assert StoredArticle.objects.get(page_id=article.pk).title == "A draft title"


def test_a_search_page_brings_its_total_and_a_page_past_the_last_is_a_404(
    index, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # search indexing runs on commit
        for n in range(3):
            ArticlePageFactory(parent=index, title=f"Peel guide {n}")
    page = fresh_get(client, "/api/v1/articles/", q="peel", page_size=2).json()
    assert (page["count"], page["num_pages"], len(page["results"])) == (3, 2, 2)
    second = fresh_get(client, "/api/v1/articles/", q="peel", page_size=2, page=2).json()
    assert [card["title"] for card in second["results"]] == ["Peel guide 0"]
    past = fresh_get(client, "/api/v1/articles/", q="peel", page_size=2, page=3)
    assert past.status_code == 404
    assert past.json()["page"] == ["There is no page 3; the last page is 2."]
    nothing = fresh_get(client, "/api/v1/articles/", q="zzzunknown").json()
    assert (nothing["count"], nothing["results"]) == (0, [])


def test_a_bulk_writer_renders_its_articles_together_when_it_says(index, committed):
    """The WordPress import defers renders: each article's row waits, stale, until the
    importer asks for one render of them all (a read still renders a row it needs)."""
    deferred = store.renders_deferred()
    deferred.__enter__()
    articles = [committed(lambda: ArticlePageFactory(parent=index)) for _ in range(3)]
    rows = StoredArticle.objects.filter(page_id__in=[a.pk for a in articles])
    assert rows.count() == 3 and all(row.stale for row in rows)
    committed(store.render_deferred)
    assert not any(row.stale for row in rows.all())
    late = committed(lambda: ArticlePageFactory(parent=index))
    assert StoredArticle.objects.get(page_id=late.pk).stale
    committed(lambda: deferred.__exit__(None, None, None))  # the block's end renders the rest
    assert not StoredArticle.objects.get(page_id=late.pk).stale
