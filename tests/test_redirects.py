"""Redirects (wagtail.contrib.redirects): made when an article's slug changes, set by
editors in the admin, honoured by the API's path lookup and the website, and announced on
the event stream."""

from __future__ import annotations

from wagtail.contrib.redirects.models import Redirect

from blog.models import ContentChange
from tests.factories import ArticlePageFactory


def test_a_changed_slug_leaves_a_redirect_that_the_lookup_answers(client, index, committed):
    article = committed(lambda: ArticlePageFactory(parent=index, slug="old-name"))
    article.slug = "new-name"
    committed(lambda: article.save_revision().publish())

    response = client.get("/api/v1/articles/lookup/", {"path": "/articles/old-name/"})
    assert response.status_code == 301
    assert response.json() == {"redirect": {"status": 301, "to": "/articles/new-name/"}}
    followed = client.get(response["Location"])
    assert followed.status_code == 200 and followed.json()["id"] == article.pk
    # The website's own page answers the old path too.
    page = client.get("/articles/old-name/")
    assert page.status_code == 301 and page["Location"] == "/articles/new-name/"


def test_an_editors_temporary_redirect_elsewhere(client, index, admin_client):
    assert admin_client.get("/admin/redirects/").status_code == 200
    Redirect.add_redirect(
        "/articles/winter-offer/", "https://book.example-clinic.com/winter", is_permanent=False
    )
    response = client.get("/api/v1/articles/lookup/", {"path": "/articles/winter-offer/"})
    assert response.status_code == 302
    assert response["Location"] == "https://book.example-clinic.com/winter"
    assert response.json()["redirect"]["to"] == "https://book.example-clinic.com/winter"


def test_an_unknown_path_is_still_a_404(client, index):
    assert client.get("/api/v1/articles/lookup/", {"path": "/nowhere/"}).status_code == 404


def test_a_redirect_is_an_event_that_changes_the_version(index, heard, committed):
    before = ContentChange.objects.count()
    committed(lambda: Redirect.add_redirect("/articles/a/", "/articles/b/"))
    heard = [event for batch in heard for event in batch]
    (event,) = heard
    assert (event.type.value, event.path) == ("redirect.changed", "/articles/a")
    assert ContentChange.objects.count() == before + 1

    from blog.delivery.payloads import affected

    found = affected(event)
    assert found.api_urls == ["/api/v1/articles/lookup/?path=/articles/a/"]
    assert found.all_paths() == ["/articles/a", "/articles/a/"]


def test_a_redirect_to_a_page_readers_cannot_see_is_a_404(client, index):
    draft = ArticlePageFactory(parent=index, slug="draft-target", live=False)
    Redirect.add_redirect("/articles/teaser/", draft)
    assert client.get("/api/v1/articles/lookup/", {"path": "/articles/teaser/"}).status_code == 404


def test_a_changed_slug_announces_the_new_path_and_the_old_one(index, heard, committed, settings):
    from blog.delivery.purges import urls_to_purge

    article = committed(lambda: ArticlePageFactory(parent=index, slug="before"))
    article.slug = "after"
    committed(lambda: article.save_revision().publish())
    heard = [event for batch in heard for event in batch]
    found = {(e.type.value, e.article.slug if e.article else e.path) for e in heard}
    assert {("article.moved", "after"), ("redirect.changed", "/articles/before")} <= found
    settings.CDN_BASE_URL = "https://cms.example"
    purged = urls_to_purge(heard)
    assert "https://cms.example/articles/before/" in purged  # the CDN forgets the old page
    assert "https://cms.example/api/v1/articles/lookup/?path=/articles/before/" in purged
    assert "https://cms.example/api/v1/articles/after/" in purged


def test_moving_a_section_moves_every_article_in_it(index, heard, committed):
    from blog.models import ArticleIndexPage

    section = committed(
        lambda: index.add_child(instance=ArticleIndexPage(title="Lasers", slug="lasers"))
    )
    inside = [
        committed(lambda n=n: ArticlePageFactory(parent=section, slug=f"laser-{n}"))
        for n in range(2)
    ]
    home = index.get_parent()
    committed(lambda: section.move(home, pos="last-child"))
    heard = [event for batch in heard for event in batch]
    moved = {e.article.id for e in heard if e.type.value == "article.moved"}
    assert moved == {article.pk for article in inside}
    assert ("redirect.changed", "/articles/lasers") in {(e.type.value, e.path) for e in heard}
