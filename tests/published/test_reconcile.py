"""After a bulk edit that bypassed Wagtail's signals, `reconcile_articles` does what Wagtail's
own publish and unpublish would have: stored rows, related cards, events (sync, caches,
webhooks, purges) and the search index."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from blog.models import ArticlePage
from blog.paths import frontend_path
from blog.published import store
from tests.factories import ArticlePageFactory, TreatmentFactory, body, paragraph

WORD = "microneedling"


@pytest.fixture
def articles(index, committed):
    """Four public articles about one treatment (so each is among the others' related
    cards), found by one search word, rendered and announced."""

    def publish():
        treatment = TreatmentFactory(name="Skin needling")
        made = []
        for n in range(4):
            text = paragraph(f"<p>About {WORD}, part {n}.</p>")
            page = ArticlePageFactory(parent=index, title=f"Needling {n}", body=body(text))
            page.treatments.add(treatment)
            page.save_revision().publish()
            made.append(ArticlePage.objects.get(pk=page.pk))
        return made

    made = committed(publish)
    store.render_stale()
    return made


def sync_all(client, cursor=None) -> tuple[list[int], list[int], str]:
    seen, deleted = [], []
    while True:
        data = client.get("/api/v1/sync/", {"since": cursor} if cursor else {}).json()
        seen += [article["id"] for article in data["articles"]]
        deleted += [gone["id"] for gone in data["deleted"]]
        cursor = data["next_cursor"]
        if not data["has_more"]:
            return seen, deleted, cursor


def what_readers_see(client, articles) -> dict:
    """Each way the API shows articles, read as a front end reads it (response cache on)."""
    lookups = {
        article.pk: client.get(
            "/api/v1/articles/lookup/", {"path": frontend_path(article.url_path)}
        ).status_code
        for article in articles
    }
    kept = articles[0]
    return {
        "list": {
            card["id"]: card["title"] for card in client.get("/api/v1/articles/").json()["results"]
        },
        "search": {
            card["id"] for card in client.get("/api/v1/articles/", {"q": WORD}).json()["results"]
        },
        "lookup": lookups,
        "related": {
            card["id"]: card["title"]
            for card in client.get(f"/api/v1/articles/{kept.slug}/").json()["related"]
        },
    }


def bulk_edit(unpublished: ArticlePage, restricted: ArticlePage, retitled: ArticlePage) -> None:
    """What an operator's script does: no page is saved, no signal is sent."""
    ArticlePage.objects.filter(pk=unpublished.pk).update(live=False)
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=restricted, restriction_type="password", password="x")]
    )
    ArticlePage.objects.filter(pk=retitled.pk).update(title="Renamed in bulk")


def test_a_bulk_unpublish_then_the_remedy_leaves_every_public_answer(
    client, articles, committed, heard
):
    kept, unpublished, restricted, retitled = articles
    before = what_readers_see(client, articles)
    assert set(before["list"]) == set(before["search"]) == {a.pk for a in articles}
    assert set(before["lookup"].values()) == {200}
    assert {unpublished.pk, restricted.pk, retitled.pk} == set(before["related"])
    _, _, cursor = sync_all(client)
    heard.clear()

    bulk_edit(unpublished, restricted, retitled)
    committed(lambda: call_command("reconcile_articles"))

    after = what_readers_see(client, articles)
    assert after["list"] == {kept.pk: kept.title, retitled.pk: "Renamed in bulk"}
    assert after["search"] == {kept.pk, retitled.pk}
    assert after["lookup"] == {
        kept.pk: 200,
        unpublished.pk: 404,
        restricted.pk: 404,
        retitled.pk: 200,
    }
    assert after["related"] == {retitled.pk: "Renamed in bulk"}
    assert client.get(f"/api/v1/articles/{unpublished.slug}/").status_code == 404
    seen, deleted, _ = sync_all(client, cursor)
    assert (seen, sorted(deleted)) == ([retitled.pk], sorted([unpublished.pk, restricted.pk]))
    # The events Wagtail's own unpublish, restriction and publish would have sent: webhooks,
    # CDN purges and every process's response cache follow them.
    announced = {(event.type.value, event.article.id) for batch in heard for event in batch}
    assert announced == {
        ("article.unpublished", unpublished.pk),
        ("article.restricted", restricted.pk),
        ("article.published", retitled.pk),
    }


def test_a_bulk_publish_and_a_bulk_edit_reach_search_and_lists(client, articles, committed):
    kept, hidden, _, _ = articles
    committed(lambda: hidden.unpublish())
    ArticlePage.objects.filter(pk=hidden.pk).update(live=True)
    ArticlePage.objects.filter(pk=kept.pk).update(title="Aftercare for laser resurfacing")
    committed(lambda: call_command("reconcile_articles", "--ids", str(hidden.pk), str(kept.pk)))
    results = client.get("/api/v1/articles/", {"q": "resurfacing"}).json()["results"]
    assert [card["id"] for card in results] == [kept.pk]  # the search index has the new title
    listed = [card["id"] for card in client.get("/api/v1/articles/").json()["results"]]
    assert hidden.pk in listed


def test_a_bulk_change_of_address_is_a_move(client, articles, committed, heard):
    moved = articles[1]
    old_path = frontend_path(moved.url_path)
    new_url_path = moved.url_path.replace(moved.slug, "needling-aftercare")
    ArticlePage.objects.filter(pk=moved.pk).update(slug="needling-aftercare", url_path=new_url_path)
    heard.clear()
    committed(lambda: call_command("reconcile_articles", "--ids", str(moved.pk)))
    (event,) = [event for batch in heard for event in batch]
    assert (event.type.value, event.article.moved_from) == ("article.moved", moved.url_path)
    lookup = "/api/v1/articles/lookup/"
    assert client.get(lookup, {"path": old_path}).status_code == 404
    found = client.get(lookup, {"path": frontend_path(new_url_path)})
    assert found.json()["slug"] == "needling-aftercare"


def test_nothing_changed_announces_nothing(client, articles, committed, heard):
    heard.clear()
    committed(lambda: call_command("reconcile_articles"))
    assert heard == []


def test_the_demo_content_reconciles_to_itself(db, committed, heard, capsys):
    """Rendering every demo article again gives exactly the stored bytes: no announcement
    is made for an article nobody changed (tags, images, consents and dates included)."""
    call_command("seed_demo")
    # The demo backdates its articles with a bulk update: the first run stores those dates.
    committed(lambda: call_command("reconcile_articles"))
    heard.clear()
    capsys.readouterr()
    committed(lambda: call_command("reconcile_articles"))
    assert heard == []
    assert "Announced 0 article(s)" in capsys.readouterr().out
