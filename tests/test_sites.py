"""Two clinics on one server: each Wagtail Site's front end reads only its own articles,
comments, taxonomy counts and tombstones, by host or by the `site` parameter."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import Page, Site

from blog.delivery.payloads import affected
from blog.delivery.purges import urls_to_purge
from blog.events import ArticleRef, Event, EventType
from blog.models import ArticlePage
from tests.admin_forms import article_form
from tests.comment_utils import make_comment
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    AuthorFactory,
    HomePageFactory,
    TreatmentFactory,
)

SECOND = "second.example"


@pytest.fixture
def clinics(index, settings, committed):
    """The default site (localhost) and a second one, each with an article at the same slug."""
    settings.ALLOWED_HOSTS = ["testserver", "localhost", SECOND]
    treatment = TreatmentFactory(slug="peels")
    second_home = HomePageFactory(parent=Page.get_first_root_node(), slug="second-clinic")
    second_site = Site.objects.create(
        hostname=SECOND, port=80, root_page=second_home, site_name="Second clinic"
    )
    second_index = ArticleIndexPageFactory(parent=second_home, slug="articles")

    def build():
        first = ArticlePageFactory(parent=index, slug="peel-aftercare", title="First clinic")
        first.treatments.set([treatment])
        first.tags.add("aftercare")
        first.save_revision().publish()
        sibling = ArticlePageFactory(parent=index, slug="peel-prep", title="First sibling")
        sibling.treatments.set([treatment])
        sibling.save_revision().publish()
        second = ArticlePageFactory(
            parent=second_index, slug="peel-aftercare", title="Second clinic"
        )
        only = ArticlePageFactory(parent=second_index, slug="only-here", title="Only second")
        only.treatments.set([treatment])
        only.tags.add("second-only")
        only.save_revision().publish()
        return [ArticlePage.objects.get(pk=p.pk) for p in (first, sibling, second, only)]

    first, sibling, second, only = committed(build)
    return {
        "first": first,
        "sibling": sibling,
        "second": second,
        "only": only,
        "second_site": second_site,
        "second_index": second_index,
        "treatment": treatment,
    }


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(card["slug"] for card in response.json()["results"])


def test_each_host_lists_only_its_own_articles(client, clinics):
    assert slugs(client.get("/api/v1/articles/")) == ["peel-aftercare", "peel-prep"]
    on_second = client.get("/api/v1/articles/", HTTP_HOST=SECOND)
    assert slugs(on_second) == ["only-here", "peel-aftercare"]
    assert slugs(client.get("/api/v1/articles/", {"site": SECOND})) == slugs(on_second)
    by_id = client.get("/api/v1/articles/", {"site": str(clinics["second_site"].pk)})
    assert slugs(by_id) == slugs(on_second)
    searched = client.get("/api/v1/articles/", {"site": SECOND, "q": "clinic"})
    assert slugs(searched) == ["peel-aftercare"]
    assert searched.json()["results"][0]["title"] == "Second clinic"


def test_the_same_slug_reads_each_sites_own_article(client, clinics):
    first = client.get("/api/v1/articles/peel-aftercare/").json()
    second = client.get("/api/v1/articles/peel-aftercare/", HTTP_HOST=SECOND).json()
    assert (first["title"], second["title"]) == ("First clinic", "Second clinic")
    # Related articles come from the same site only.
    assert [card["slug"] for card in first["related"]] == ["peel-prep"]
    assert second["related"] == []
    assert second["seo"]["canonical_url"] == f"http://{SECOND}/articles/peel-aftercare/"
    # Served from the cache, still each site's own (the cache is keyed by site).
    again = client.get("/api/v1/articles/peel-aftercare/", HTTP_HOST=SECOND)
    assert (again["X-Cache"], again.json()["title"]) == ("hit", "Second clinic")
    assert client.get("/api/v1/articles/peel-aftercare/").json()["title"] == "First clinic"


def test_no_article_crosses_over_by_id_path_or_slug(client, clinics):
    only = clinics["only"]
    assert client.get(f"/api/v1/articles/by-id/{only.pk}/").status_code == 404
    assert client.get(f"/api/v1/articles/by-id/{only.pk}/", HTTP_HOST=SECOND).status_code == 200
    assert client.get("/api/v1/articles/only-here/").status_code == 404
    assert client.get("/api/v1/articles/peel-prep/", {"site": SECOND}).status_code == 404
    lookup = {"path": "/articles/only-here/"}
    assert client.get("/api/v1/articles/lookup/", lookup).status_code == 404
    found = client.get("/api/v1/articles/lookup/", lookup, HTTP_HOST=SECOND)
    assert found.json()["id"] == only.pk


def test_a_site_that_does_not_exist_is_named_in_the_error(client, clinics):
    missing = client.get("/api/v1/articles/", {"site": "nowhere.example"})
    assert missing.status_code == 404
    assert "site" in missing.json()
    assert client.get("/api/v1/articles/", {"site": ""}).status_code == 400
    assert client.get("/api/v1/sync/", {"site": "nowhere.example"}).status_code == 404
    # An unknown host is served the default site, as Wagtail's own pages are.
    assert slugs(client.get("/api/v1/articles/")) == ["peel-aftercare", "peel-prep"]


def test_comments_stay_on_their_own_site(client, clinics):
    make_comment(clinics["first"], body="A question on the first clinic's article.")
    second_comment = make_comment(clinics["second"], body="One for the second clinic.")
    first_thread = client.get("/api/v1/articles/peel-aftercare/comments/").json()
    second_thread = client.get("/api/v1/articles/peel-aftercare/comments/", HTTP_HOST=SECOND)
    first_bodies = [c["body_html"] for c in first_thread["results"]]
    second_bodies = [c["body_html"] for c in second_thread.json()["results"]]
    assert len(first_bodies) == len(second_bodies) == 1
    assert "first clinic" in first_bodies[0] and "second clinic" in second_bodies[0]
    # A comment is reported on its own site only.
    report = f"/api/v1/comments/{second_comment.pk}/report/"
    assert client.post(report, content_type="application/json").status_code == 404
    reported = client.post(report, content_type="application/json", HTTP_HOST=SECOND)
    assert reported.status_code == 202
    # A form token for the second site's article is for that article.
    token = client.get("/api/v1/articles/only-here/comments/form-token/", HTTP_HOST=SECOND)
    assert token.status_code == 200
    assert client.get("/api/v1/articles/only-here/comments/form-token/").status_code == 404


def test_taxonomy_counts_only_the_sites_articles(client, clinics):
    (first,) = client.get("/api/v1/treatments/").json()["results"]
    (second,) = client.get("/api/v1/treatments/", HTTP_HOST=SECOND).json()["results"]
    assert (first["article_count"], second["article_count"]) == (2, 1)
    first_tags = [t["name"] for t in client.get("/api/v1/tags/").json()["results"]]
    second_tags = [
        t["name"] for t in client.get("/api/v1/tags/", {"site": SECOND}).json()["results"]
    ]
    assert (first_tags, second_tags) == (["aftercare"], ["second-only"])


def sync_all(client, host, cursor=None) -> tuple[list[int], list[int], str]:
    seen, deleted = [], []
    while True:
        params = {"since": cursor} if cursor else {}
        data = client.get("/api/v1/sync/", params, HTTP_HOST=host).json()
        seen += [a["id"] for a in data["articles"]]
        deleted += [gone["id"] for gone in data["deleted"]]
        cursor = data["next_cursor"]
        if not data["has_more"]:
            return seen, deleted, cursor


def test_sync_sends_each_site_only_its_own_articles_and_tombstones(client, clinics, committed):
    first, sibling = clinics["first"], clinics["sibling"]
    second, only = clinics["second"], clinics["only"]
    seen_first, _, cursor_first = sync_all(client, "localhost")
    seen_second, _, cursor_second = sync_all(client, SECOND)
    assert sorted(seen_first) == sorted([first.pk, sibling.pk])
    assert sorted(seen_second) == sorted([second.pk, only.pk])

    committed(lambda: sibling.unpublish())
    seen, deleted, cursor_first = sync_all(client, "localhost", cursor_first)
    assert (seen, deleted) == ([], [sibling.pk])
    seen, deleted, cursor_second = sync_all(client, SECOND, cursor_second)
    assert (seen, deleted) == ([], [])  # the first site's tombstone is not the second's


def test_an_article_moved_to_another_site_leaves_a_tombstone_behind(client, clinics, committed):
    sibling = clinics["sibling"]
    _, _, cursor_first = sync_all(client, "localhost")
    _, _, cursor_second = sync_all(client, SECOND)
    committed(lambda: sibling.move(clinics["second_index"], pos="last-child"))
    seen, deleted, _ = sync_all(client, "localhost", cursor_first)
    assert (seen, deleted) == ([], [sibling.pk])
    seen, deleted, _ = sync_all(client, SECOND, cursor_second)
    assert (seen, deleted) == ([sibling.pk], [])


def test_webhooks_and_purges_name_the_site(clinics, settings):
    only = clinics["only"]
    event = Event(type=EventType.ARTICLE_PUBLISHED, article=ArticleRef.of(only))
    found = affected(event)
    assert f"/api/v1/articles/only-here/?site={SECOND}" in found.api_urls
    assert f"/api/v1/articles/lookup/?path=/articles/only-here/&site={SECOND}" in found.api_urls
    assert "/api/v1/articles/" not in found.api_urls  # the first site's list is untouched
    settings.CDN_BASE_URL = "https://api.clinic.example"
    purged = urls_to_purge([event])
    assert f"http://{SECOND}/articles/only-here/" in purged
    assert f"https://api.clinic.example/api/v1/articles/?site={SECOND}" in purged
    assert "https://api.clinic.example/articles/only-here/" not in purged


def test_a_slug_is_unique_per_site_in_the_editor(admin_client, index, clinics):
    """The first site has "peel-aftercare" in another section; the second site's own
    article with that slug does not stop the first site's editors from anything else."""
    other_section = ArticleIndexPageFactory(parent=index.get_parent(), slug="news")
    url = reverse("wagtailadmin_pages:add", args=["blog", "articlepage", other_section.pk])
    author = AuthorFactory()
    taken = admin_client.post(url, article_form(slug="peel-aftercare", author=author.pk))
    assert taken.status_code == 200
    assert "already uses the slug" in str(taken.context["form"].errors["slug"])
    on_second = reverse(
        "wagtailadmin_pages:add", args=["blog", "articlepage", clinics["second_index"].pk]
    )
    fresh = admin_client.post(on_second, article_form(slug="peel-prep", author=author.pk))
    assert fresh.status_code == 302  # "peel-prep" is the first site's, not the second's


def test_moving_an_article_onto_a_namesake_is_refused(admin_client, clinics):
    # Another section of the second site: Wagtail's own check only looks at siblings.
    news = ArticleIndexPageFactory(parent=clinics["second_index"].get_parent(), slug="news")
    first = clinics["first"]
    url = reverse("wagtailadmin_pages:move_confirm", args=[first.pk, news.pk])
    response = admin_client.post(url)
    assert response.status_code == 302
    (message,) = get_messages(response.wsgi_request)
    assert "already uses the slug" in str(message)
    first.refresh_from_db()
    assert first.get_parent().pk != news.pk


def test_reordering_the_sites_roots_keeps_each_site_to_itself(client, clinics, committed):
    """A reorder renumbers tree paths (the site roots' too) without changing any URL: the
    directory of sites is read again, so no site starts to match the other's pages."""
    first_root = clinics["first"].get_parent().get_parent()
    second_root = clinics["second_index"].get_parent()
    assert slugs(client.get("/api/v1/articles/")) == ["peel-aftercare", "peel-prep"]
    committed(lambda: second_root.move(first_root, pos="left"))
    assert slugs(client.get("/api/v1/articles/")) == ["peel-aftercare", "peel-prep"]
    on_second = client.get("/api/v1/articles/", HTTP_HOST=SECOND)
    assert slugs(on_second) == ["only-here", "peel-aftercare"]


def test_a_move_to_another_site_names_the_lists_of_both(clinics):
    sibling = clinics["sibling"]
    moved_to = clinics["second_index"].url_path + "peel-prep/"
    event = Event(
        type=EventType.ARTICLE_MOVED,
        article=ArticleRef(
            id=sibling.pk, slug="peel-prep", url_path=moved_to, moved_from=sibling.url_path
        ),
    )
    found = affected(event)
    assert "/api/v1/articles/" in found.api_urls  # the first site's list, which it left
    assert f"/api/v1/articles/?site={SECOND}" in found.api_urls


def test_a_sync_cursor_of_one_site_is_refused_by_the_other(client, clinics):
    _, _, cursor = sync_all(client, "localhost")
    refused = client.get("/api/v1/sync/", {"since": cursor}, HTTP_HOST=SECOND)
    assert refused.status_code == 410
    assert "another site" in refused.json()["since"][0]
    assert client.get("/api/v1/sync/", {"since": cursor}).status_code == 200
