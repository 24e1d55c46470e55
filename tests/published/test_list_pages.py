"""The uncached list's fast path (blog.published.list_pages), the totals kept per content state
(blog.published.tallies), and a cached body fetched in the content state's round trip: each
gives exactly what the slower way gave, and is renewed when the content changes."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, Site

from blog.api.filters import ORDERINGS
from blog.models import StoredArticle
from blog.published.selectors import stored_articles
from blog.sites import all_sites
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    HomePageFactory,
    TreatmentFactory,
)

SECOND = "second.example"


@pytest.fixture
def articles(index, committed, settings):
    """Seven articles on the default site, dated so that two share a day (the ordering's
    ties are broken by first publication, then id), and two on a second site."""
    settings.ALLOWED_HOSTS = ["testserver", "localhost", SECOND]
    settings.API_RESPONSE_CACHE_TIMEOUT = 0  # every read built, as the fast path is

    def build():
        day = datetime.date(2026, 1, 1)
        treatment = TreatmentFactory(slug="peels")
        made = []
        for n, offset in enumerate([3, 1, 1, 7, 0, 5, 2]):
            page = ArticlePageFactory(
                parent=index, slug=f"a{n}", display_date=day + datetime.timedelta(days=offset)
            )
            page.treatments.add(treatment)
            page.tags.add(f"tag-{n % 3}")
            page.save_revision().publish()
            made.append(page)
        home = HomePageFactory(parent=Page.get_first_root_node(), slug="second-clinic")
        Site.objects.create(hostname=SECOND, port=80, root_page=home, site_name="Second")
        second_index = ArticleIndexPageFactory(parent=home, slug="articles")
        for n in range(2):
            ArticlePageFactory(parent=second_index, slug=f"b{n}").save_revision().publish()
        return made

    return committed(build)


def orm_slugs(site) -> list[str]:
    rows = stored_articles(site=site).order_by(*ORDERINGS["newest"])
    return list(rows.values_list("slug", flat=True))


def listed(client, **params) -> tuple[int, list[str]]:
    response = client.get("/api/v1/articles/", params)
    assert response.status_code == 200, response.content
    data = response.json()
    return data["count"], [card["slug"] for card in data["results"]]


def test_every_page_lists_what_the_orm_orders(client, articles):
    default, second = sorted(all_sites(), key=lambda site: site.hostname != "localhost")
    expected = orm_slugs(default)
    assert len(expected) == 7
    pages = [listed(client, page=number, page_size=3) for number in (1, 2, 3)]
    assert all(count == 7 for count, _ in pages)
    assert [slug for _, slugs in pages for slug in slugs] == expected
    assert client.get("/api/v1/articles/", {"page": 4, "page_size": 3}).status_code == 404
    # The second site, by host and by parameter: its own statement, its own total.
    by_host = client.get("/api/v1/articles/", HTTP_HOST=SECOND).json()
    assert [card["slug"] for card in by_host["results"]] == orm_slugs(second)
    assert by_host["count"] == 2
    assert listed(client, site=second.id) == (2, orm_slugs(second))


def test_an_article_leaves_the_list_when_it_expires(client, articles, time_machine):
    StoredArticle.objects.filter(page_id=articles[0].pk).update(
        expire_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    assert "a0" in listed(client)[1]
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=6))
    # The statement was compiled before; the time it reads is the request's.
    assert "a0" not in listed(client)[1]


def test_totals_are_counted_once_per_content_state(client, articles, committed):
    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for url in ["/api/v1/articles/", "/api/v1/tags/", "/api/v1/treatments/"]:
        first, again = queries(url), queries(url)
        assert again == first - 1, url  # the total (or the counts) kept

    assert listed(client)[0] == 7
    tags = client.get("/api/v1/tags/").json()["results"]
    assert {tag["slug"]: tag["article_count"] for tag in tags} == {
        "tag-0": 3,
        "tag-1": 2,
        "tag-2": 2,
    }

    def add():
        page = ArticlePageFactory(parent=articles[0].get_parent(), slug="new")
        page.tags.add("tag-2")
        page.save_revision().publish()

    committed(add)  # a change: a new content state, so the totals are counted again
    assert listed(client)[0] == 8
    tags = client.get("/api/v1/tags/").json()["results"]
    assert tags[0] == {**tags[0], "slug": "tag-0", "article_count": 3}
    assert {tag["slug"]: tag["article_count"] for tag in tags}["tag-2"] == 3
    assert client.get("/api/v1/treatments/peels/").json()["article_count"] == 7


def test_a_cached_response_costs_one_round_trip_to_the_cache(client, articles, settings):
    settings.API_RESPONSE_CACHE_TIMEOUT = 300
    url = "/api/v1/articles/"
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    calls = []
    real_get, real_get_many = LocMemCache.get, LocMemCache.get_many

    inside_many = []

    def get(cache, key, *args, **kwargs):
        if not inside_many:  # LocMemCache's get_many asks get for each key
            calls.append(("get", key))
        return real_get(cache, key, *args, **kwargs)

    def get_many(cache, keys, *args, **kwargs):
        calls.append(("get_many", tuple(keys)))
        inside_many.append(True)
        try:
            return real_get_many(cache, keys, *args, **kwargs)
        finally:
            inside_many.pop()

    with (
        mock.patch.object(LocMemCache, "get", get),
        mock.patch.object(LocMemCache, "get_many", get_many),
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.get(url)
    assert response["X-Cache"] == "hit"
    many = [keys for kind, keys in calls if kind == "get_many"]
    assert len(many) == 1 and any(key.startswith("api-response:") for key in many[0])
    assert not [key for kind, key in calls if kind == "get" and "api-response" in key]
    # The embedded default reads the content state from the database (one query);
    # with a shared cache (CONTENT_STATE_IN_CACHE) it comes in the same round trip.
    assert len(queries) <= 1
