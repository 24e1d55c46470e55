"""Several web processes behind one load balancer: two gunicorn servers sharing one database
and one Redis. What one process (or a management command) changes, the other serves at once,
cached responses included; throttles count a client's requests across processes."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from typing import NamedTuple
from urllib.parse import urlencode

import pytest
import redis

from tests.comment_utils import live_form_token
from tests.live import (
    LiveServer,
    base_env,
    postgres_server_url,
    reachable,
    require_redis,
    start_all,
    stop_all,
)
from tests.live_databases import postgres_databases
from tests.processes import manage

SLUG = "your-skin-after-microneedling"
DETAIL = f"/api/v1/articles/{SLUG}/"
LIST = "/api/v1/articles/"
COMMENTS = f"/api/v1/articles/{SLUG}/comments/"
RATE = 5  # comments per client per minute

# Wagtail's own publishing path, as an editor's "Publish" runs it: a new article under the
# seeded index, and a published edit of an existing one.
PUBLISH = f"""
from blog.models import ArticleIndexPage, ArticlePage
index = ArticleIndexPage.objects.get(locale__language_code="en-gb")
page = ArticlePage(title="Published on another process", slug="published-elsewhere",
                   intro="Written while the other server had the list cached.",
                   author=ArticlePage.objects.get(slug="{SLUG}").author)
index.add_child(instance=page)
page.save_revision().publish()
edited = ArticlePage.objects.get(slug="{SLUG}")
edited.title = "Edited on another process"
edited.save_revision().publish()
"""


class Cluster(NamedTuple):
    a: LiveServer
    b: LiveServer
    cache: redis.Redis
    prefix: str  # of every cache key the servers write


@pytest.fixture(scope="module")
def cluster(request: pytest.FixtureRequest) -> Iterator[Cluster]:
    redis_url = require_redis()
    cache = redis.Redis.from_url(redis_url)
    # A key prefix of our own instead of FLUSHDB: a clean cache for these servers that leaves
    # alone whatever else (a concurrent test run, a benchmark) uses this Redis database.
    prefix = f"scale-out-test-{uuid.uuid4().hex[:8]}"
    # PostgreSQL when there is one (what production runs), else a shared SQLite file.
    if reachable(postgres_server_url()):
        database_url = postgres_databases(request).fresh()
    else:
        database_url = request.getfixturevalue("live_databases").fresh()
    env = base_env(
        database_url,
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=prefix,
        COMMENTS_RATE_PER_CLIENT=f"{RATE}/min",
    )
    a, b = start_all(LiveServer(env), LiveServer(env))
    yield Cluster(a, b, cache, prefix)
    stop_all(a, b)
    for key in cache.scan_iter(match=f"{prefix}:*"):
        cache.delete(key)


def get_json(server: LiveServer, path: str) -> tuple[dict, str]:
    status, headers, body = server.get(path)
    assert status == 200, (path, status, body[:1000])
    return json.loads(body), headers.get("X-Cache", "")


def test_a_change_made_elsewhere_is_served_at_once_despite_the_shared_cache(cluster):
    a, b, cache, prefix = cluster
    before, _ = get_json(b, LIST)
    detail, _ = get_json(b, DETAIL)
    # Both responses are now in Redis, shared: the other process serves them from there.
    assert get_json(a, LIST) == (before, "hit")
    assert get_json(b, DETAIL) == (detail, "hit")
    assert any(cache.scan_iter(match=f"{prefix}:*api-response*"))

    manage(a.env, "shell", "-c", PUBLISH)

    after, source = get_json(b, LIST)
    assert source == "miss"
    slugs = [article["slug"] for article in after["results"]]
    assert "published-elsewhere" in slugs
    assert after["count"] == before["count"] + 1
    assert detail["title"] != "Edited on another process"
    assert get_json(b, DETAIL)[0]["title"] == "Edited on another process"
    assert get_json(a, DETAIL)[0]["title"] == "Edited on another process"


def post_comment(server: LiveServer, token: str, n: int) -> int:
    body = {
        "name": "Ana",
        "email": "ana@example.com",
        "website": "",
        "body": f"Question number {n} from one reader: is this normal?",
        "parent": None,
        "consent": True,
        "notify_on_reply": False,
        "form_token": token,
    }
    return server.post(COMMENTS, json.dumps(body).encode())[0]


def test_the_comment_throttle_counts_a_client_across_processes(cluster):
    a, b, _, _ = cluster
    token = live_form_token(a, COMMENTS)  # signed with the shared SECRET_KEY: good on both
    statuses = [post_comment(server, token, n) for n, server in enumerate([a, a, a, b, b, b])]
    assert statuses == [201] * RATE + [429]


def test_without_redis_each_process_throttles_on_its_own(live_databases):
    """Documents the embedded default rather than a failure: with REDIS_URL unset the cache,
    and so the throttle, is per process, and a client spread over N processes gets N times
    the rate. Production sets REDIS_URL."""
    env = base_env(live_databases.fresh(), COMMENTS_RATE_PER_CLIENT=f"{RATE}/min")
    a, b = start_all(LiveServer(env), LiveServer(env))
    try:
        token = live_form_token(a, COMMENTS)
        spread = [post_comment(server, token, n) for n, server in enumerate([a, a, a, b, b, b])]
        assert spread == [201] * 6  # neither process saw more than 3
        more = [post_comment(a, token, n) for n in range(6, 9)]
        assert more == [201, 201, 429]  # a's own count reaches the rate
    finally:
        stop_all(a, b)


def public_answers(server: LiveServer, target: dict) -> dict:
    """Where readers of `server` find the article `target` (a related card of SLUG's)."""
    word = max(re.findall(r"[a-z]+", target["title"].lower()), key=len)
    listed, _ = get_json(server, f"{LIST}?page_size=50")
    found, _ = get_json(server, f"{LIST}?q={word}")
    shown, _ = get_json(server, DETAIL)
    lookup = "/api/v1/articles/lookup/?" + urlencode({"path": target["path"]})
    return {
        "list": target["id"] in [card["id"] for card in listed["results"]],
        "search": target["id"] in [card["id"] for card in found["results"]],
        "lookup": server.get(lookup)[0],
        "detail": server.get(f"/api/v1/articles/{target['slug']}/")[0],
        "related": target["id"] in [card["id"] for card in shown["related"]],
    }


def sync_to_end(server: LiveServer, cursor: str = "") -> tuple[list[int], list[int], str]:
    seen, deleted = [], []
    while True:
        data, _ = get_json(server, "/api/v1/sync/" + (f"?since={cursor}" if cursor else ""))
        seen += [article["id"] for article in data["articles"]]
        deleted += [gone["id"] for gone in data["deleted"]]
        cursor = data["next_cursor"]
        if not data["has_more"]:
            return seen, deleted, cursor


def test_an_article_unpublished_in_bulk_leaves_both_processes_after_the_remedy(cluster):
    """An operator's QuerySet.update(live=False), then `reconcile_articles` (docs/api.md's
    remedy) on a third process: both servers stop showing the article everywhere at once,
    their cached answers included, and the app's sync hears of it as a deletion."""
    a, b, _, _ = cluster
    target = get_json(a, DETAIL)[0]["related"][0]
    public = {"list": True, "search": True, "lookup": 200, "detail": 200, "related": True}
    assert public_answers(a, target) == public_answers(b, target) == public  # now cached
    cursors = {server.port: sync_to_end(server)[2] for server in (a, b)}

    unpublish = (
        "from blog.models import ArticlePage; ArticlePage.objects.filter(pk={}).update(live=False)"
    )
    manage(a.env, "shell", "-c", unpublish.format(target["id"]))
    manage(a.env, "reconcile_articles")

    gone = {"list": False, "search": False, "lookup": 404, "detail": 404, "related": False}
    for server in (a, b):
        assert public_answers(server, target) == gone, server.port
        seen, deleted, _ = sync_to_end(server, cursors[server.port])
        assert target["id"] in deleted and target["id"] not in seen, server.port
