"""Go-live and expiry honoured at read time, without anyone running publish_scheduled."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog import scheduling
from blog.models import ArticlePage, ContentChange
from blog.sites import all_sites
from tests.factories import ArticlePageFactory, TreatmentFactory

START = datetime.datetime(2031, 3, 4, 9, 0, tzinfo=datetime.UTC)
EXPIRY = START + datetime.timedelta(minutes=10)
AFTER = EXPIRY + datetime.timedelta(seconds=1)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def publish(page: ArticlePage) -> ArticlePage:
    page.save_revision().publish()
    return ArticlePage.objects.get(pk=page.pk)


@pytest.fixture
def expiring(clock, index, committed) -> ArticlePage:
    """Published through Wagtail, expiring ten minutes from START."""

    def create():
        page = ArticlePageFactory(parent=index, live=False, slug="expiring", expire_at=EXPIRY)
        page.treatments.add(TreatmentFactory(slug="peel"))
        page.tags.add("aftercare")
        return publish(page)

    return committed(create)


def urls(article: ArticlePage) -> dict[str, str]:
    return {
        "detail": f"/api/v1/articles/{article.slug}/",
        "by id": f"/api/v1/articles/by-id/{article.pk}/",
        "by path": f"/api/v1/articles/lookup/?path=/articles/{article.slug}/",
        "comments": f"/api/v1/articles/{article.slug}/comments/",
    }


def listed(client) -> list[str]:
    return [card["slug"] for card in client.get("/api/v1/articles/").json()["results"]]


def sync_all(client, cursor: str | None = None) -> tuple[list[int], list[dict], str]:
    seen, deleted = [], []
    while True:
        data = client.get("/api/v1/sync/", {"since": cursor} if cursor else {}).json()
        seen += [article["id"] for article in data["articles"]]
        deleted += data["deleted"]
        cursor = data["next_cursor"]
        if not data["has_more"]:
            return seen, deleted, cursor


def test_an_article_is_public_until_its_expiry(client, clock, index, expiring):
    assert listed(client) == ["expiring"]
    for url in urls(expiring).values():
        assert client.get(url).status_code == 200, url
    assert client.get(expiring.url).status_code == 200
    assert expiring.slug.encode() in client.get(index.url).content

    clock.move_to(AFTER)
    # The site first: it reads the page tree as it is (no catch-up has run yet).
    assert ArticlePage.objects.get(pk=expiring.pk).live
    assert client.get(expiring.url).status_code == 404
    assert expiring.slug.encode() not in client.get(index.url).content
    assert listed(client) == []
    for url in urls(expiring).values():
        assert client.get(url).status_code == 404, url


def test_expiry_is_honoured_while_another_process_holds_the_catch_up(
    client, clock, index, expiring
):
    etag = client.get("/api/v1/articles/")["ETag"]
    assert client.get("/api/v1/treatments/peel/").json()["article_count"] == 1
    assert [tag["slug"] for tag in client.get("/api/v1/tags/").json()["results"]] == ["aftercare"]
    clock.move_to(AFTER)
    cache.add(scheduling.LOCK_KEY, "another process", scheduling.LOCK_SECONDS)
    response = client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response.json()["count"] == 0
    assert client.get(f"/api/v1/articles/{expiring.slug}/").status_code == 404
    assert client.get("/api/v1/treatments/peel/").json()["article_count"] == 0
    assert client.get("/api/v1/tags/").json()["results"] == []
    assert ArticlePage.objects.get(pk=expiring.pk).live  # still waiting for the catch-up


def test_the_first_read_after_expiry_unpublishes_through_wagtail(
    client, clock, index, expiring, committed
):
    before = ContentChange.objects.count()
    clock.move_to(AFTER)
    assert committed(lambda: client.get("/api/v1/articles/")).json()["count"] == 0
    page = ArticlePage.objects.get(pk=expiring.pk)
    assert not page.live and page.expired
    change = ContentChange.objects.order_by("-id").first()
    assert ContentChange.objects.count() == before + 1
    assert (change.kind, change.article_id) == ("unpublished", expiring.pk)


def test_cached_responses_and_etags_from_before_expiry_are_not_served(
    client, clock, index, expiring, committed
):
    first = client.get("/api/v1/articles/")
    detail = client.get(f"/api/v1/articles/{expiring.slug}/")
    assert client.get("/api/v1/articles/")["X-Cache"] == "hit"
    assert client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    clock.move_to(AFTER)
    # Committed, as in production: the catch-up's unpublish is recorded as a change.
    listed_after = committed(
        lambda: client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=first["ETag"])
    )
    assert listed_after.status_code == 200 and listed_after.json()["count"] == 0
    assert listed_after["ETag"] != first["ETag"]
    revalidated = client.get("/api/v1/articles/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert revalidated.status_code == 200
    gone = client.get(f"/api/v1/articles/{expiring.slug}/", HTTP_IF_NONE_MATCH=detail["ETag"])
    assert gone.status_code == 404


def test_a_delta_sync_started_before_expiry_reports_it_deleted(client, clock, index, expiring):
    seen, _, cursor = sync_all(client)
    assert seen == [expiring.pk]

    clock.move_to(AFTER)
    seen, deleted, _ = sync_all(client, cursor)
    assert seen == []
    assert [(gone["id"], gone["slug"]) for gone in deleted] == [(expiring.pk, "expiring")]


def test_sync_reports_the_expiry_before_any_catch_up(client, clock, index, expiring):
    _, _, cursor = sync_all(client)
    clock.move_to(AFTER)
    cache.add(scheduling.LOCK_KEY, "another process", scheduling.LOCK_SECONDS)
    _, deleted, _ = sync_all(client, cursor)
    assert [(gone["id"], gone["removed_at"]) for gone in deleted] == [
        (expiring.pk, EXPIRY.isoformat().replace("+00:00", "Z"))
    ]


def test_a_scheduled_article_goes_live_without_publish_scheduled(client, clock, index, committed):
    go_live = START + datetime.timedelta(minutes=5)

    def schedule():
        page = ArticlePageFactory(parent=index, live=False, slug="scheduled", go_live_at=go_live)
        page.save_revision().publish()
        return page

    page = committed(schedule)
    assert not ArticlePage.objects.get(pk=page.pk).live
    etag = client.get("/api/v1/articles/")["ETag"]
    assert listed(client) == []
    assert client.get("/api/v1/articles/scheduled/").status_code == 404

    clock.move_to(go_live + datetime.timedelta(seconds=1))
    response = client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert [card["slug"] for card in response.json()["results"]] == ["scheduled"]
    assert client.get("/api/v1/articles/scheduled/").status_code == 200
    assert client.get(page.url).status_code == 200  # the page tree caught up


def test_a_scheduled_article_page_opens_on_the_site_at_go_live(client, clock, index, committed):
    """A reader who goes straight to the website, with no API read and no worker, finds the
    article from its go-live on."""
    go_live = START + datetime.timedelta(minutes=5)

    def schedule():
        page = ArticlePageFactory(parent=index, live=False, slug="on-the-site", go_live_at=go_live)
        page.save_revision().publish()
        return page

    page = committed(schedule)
    url = f"{index.url}on-the-site/"
    assert client.get(url).status_code == 404
    assert b"on-the-site" not in client.get(index.url).content

    clock.move_to(go_live + datetime.timedelta(seconds=1))
    assert client.get(url).status_code == 200
    assert ArticlePage.objects.get(pk=page.pk).live


def test_a_scheduled_update_of_a_live_article_is_noticed_at_once(client, clock, index, committed):
    article = committed(lambda: publish(ArticlePageFactory(parent=index, live=False)))
    client.get("/api/v1/articles/")  # the state is cached: no boundary ahead
    go_live = START + datetime.timedelta(seconds=30)  # well within RECHECK_SECONDS

    def schedule_update():
        article.title = "Updated at go-live"
        article.go_live_at = go_live
        article.save_revision().publish()  # records no change: the article stays as it was

    committed(schedule_update)
    assert client.get(f"/api/v1/articles/{article.slug}/").json()["title"] != "Updated at go-live"
    clock.move_to(go_live + datetime.timedelta(seconds=1))
    assert client.get(f"/api/v1/articles/{article.slug}/").json()["title"] == "Updated at go-live"


def test_a_304_with_a_boundary_ahead_still_costs_one_query(client, clock, index, expiring):
    url = f"/api/v1/articles/{expiring.slug}/"
    etag = client.get(url)["ETag"]
    clock.move_to(EXPIRY - datetime.timedelta(seconds=1))
    all_sites()  # the directory of sites, re-read now and then, is not what this is about
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert len(queries) == 1


def test_catch_up_runs_in_one_process_at_a_time(clock, index, expiring):
    clock.move_to(AFTER)
    cache.add(scheduling.LOCK_KEY, "another process", scheduling.LOCK_SECONDS)
    assert scheduling.catch_up() is False
    assert ArticlePage.objects.get(pk=expiring.pk).live
    cache.delete(scheduling.LOCK_KEY)
    assert scheduling.catch_up() is True
    assert not ArticlePage.objects.get(pk=expiring.pk).live
    assert cache.get(scheduling.LOCK_KEY) is None


def test_a_failed_catch_up_leaves_reads_working_and_retries_later(
    client, clock, index, expiring, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("a revision that no longer loads")

    monkeypatch.setattr(scheduling, "call_command", broken)
    clock.move_to(AFTER)
    assert client.get("/api/v1/articles/").json()["count"] == 0
    assert "Scheduled publishing failed" in caplog.text
    assert cache.get(scheduling.LOCK_KEY) is not None  # no retry on every request
    clock.move_to(AFTER + datetime.timedelta(seconds=scheduling.RETRY_SECONDS + 1))
    assert cache.get(scheduling.LOCK_KEY) is None


def test_within_schedule_and_past_expiry(clock, index, expiring):
    assert expiring.past_expiry() is False
    assert ArticlePage.objects.within_schedule().filter(pk=expiring.pk).exists()
    assert expiring.past_expiry(now=EXPIRY) is True
    assert not ArticlePage.objects.within_schedule(now=EXPIRY).filter(pk=expiring.pk).exists()
    assert timezone.now() == START
