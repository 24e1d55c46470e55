"""With a shared cache (CONTENT_STATE_IN_CACHE), cached responses and 304s make no query at
all, and still change the moment content or the schedule does."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticlePageFactory


@pytest.fixture(autouse=True)
def state_in_cache(settings):
    settings.CONTENT_STATE_IN_CACHE = True


def test_a_cached_response_and_a_304_make_no_query(client, index):
    ArticlePageFactory(parent=index, slug="peels")
    etag = client.get("/api/v1/articles/")["ETag"]
    with CaptureQueriesContext(connection) as queries:
        hit = client.get("/api/v1/articles/")
        unchanged = client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=etag)
    assert hit["X-Cache"] == "hit"
    assert unchanged.status_code == 304
    assert len(queries) == 0


def test_a_committed_change_is_served_at_once(client, index, committed):
    article = committed(lambda: ArticlePageFactory(parent=index, slug="peels", title="Before"))
    etag = client.get("/api/v1/articles/")["ETag"]
    article.title = "After"
    committed(lambda: article.save_revision().publish())
    response = client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["results"][0]["title"] == "After"


def test_a_page_log_entry_has_the_state_read_again(client, index, committed):
    """Wagtail logs scheduling (a go-live approved, a schedule cancelled) without always
    recording a content change; the state, which holds the next go-live and expiry, must
    then be read again from the database rather than served from the cache."""
    from wagtail.log_actions import log

    article = committed(lambda: ArticlePageFactory(parent=index, slug="peels"))
    client.get("/api/v1/articles/")
    with CaptureQueriesContext(connection) as before:
        client.get("/api/v1/articles/")
    committed(lambda: log(instance=article, action="wagtail.schedule.cancel"))
    with CaptureQueriesContext(connection) as after:
        client.get("/api/v1/articles/")
    assert (len(before), len(after)) == (0, 1)
