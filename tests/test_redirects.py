"""Redirects (wagtail.contrib.redirects): made when an article's slug changes, set by
editors in the admin, honoured by the API's path lookup and the website, and announced on
the event stream."""

from __future__ import annotations

from wagtail.contrib.redirects.models import Redirect

from blog import events
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


def test_a_redirect_is_an_event_that_changes_the_version(index, committed):
    heard: list = []
    events.subscribe(heard.extend)
    try:
        before = ContentChange.objects.count()
        committed(lambda: Redirect.add_redirect("/articles/a/", "/articles/b/"))
    finally:
        events._subscribers.remove(heard.extend)
    (event,) = heard
    assert (event.type.value, event.path) == ("redirect.changed", "/articles/a")
    assert ContentChange.objects.count() == before + 1

    from blog.delivery.payloads import affected

    api_urls, paths = affected(event)
    assert api_urls == ["/api/v1/articles/lookup/?path=/articles/a/"]
    assert paths == ["/articles/a", "/articles/a/"]


def test_a_redirect_to_a_page_readers_cannot_see_is_a_404(client, index):
    draft = ArticlePageFactory(parent=index, slug="draft-target", live=False)
    Redirect.add_redirect("/articles/teaser/", draft)
    assert client.get("/api/v1/articles/lookup/", {"path": "/articles/teaser/"}).status_code == 404
