"""Dependency outages on real gunicorn processes: while PostgreSQL or Redis cannot be reached,
every request answers 503 with Retry-After (JSON under /api/ and /health/), never a 500 or a
traceback; liveness stays 200; and once the dependency is back, the same processes serve again
by themselves, with every accepted comment kept and no refused one half-stored."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
import redis

from tests.comment_utils import live_form_token
from tests.live import (
    LiveServer,
    base_env,
    free_port,
    query,
    redis_server_url,
    require_redis,
    start_all,
    stop_all,
)
from tests.live_databases import DatabaseFactory, postgres_databases
from tests.tcp_proxy import TcpProxy

SLUG = "your-skin-after-microneedling"
COMMENTS = f"/api/v1/articles/{SLUG}/comments/"
API_READS = [
    "/api/v1/articles/",
    f"/api/v1/articles/{SLUG}/",
    "/api/v1/tags/",
    COMMENTS,
]
SITE_PAGES = ["/", "/articles/"]


def comment_body(text: str, token: str, **fields: object) -> bytes:
    data = {
        "name": "Ana",
        "email": "ana@example.com",
        "website": "",
        "body": text,
        "parent": None,
        "consent": True,
        "notify_on_reply": False,
        "form_token": token,
        **fields,
    }
    return json.dumps(data).encode()


def assert_unavailable(answer: tuple[int, dict[str, str], bytes], *, as_json: bool) -> dict:
    status, headers, body = answer
    assert status == 503, (status, body[:2000])
    assert headers.get("Retry-After", "").isdigit(), headers
    assert b"Traceback" not in body and b'File "/' not in body
    if not as_json:
        assert headers.get("Content-Type", "").startswith("text/html")
        return {}
    assert headers.get("Content-Type") == "application/json", headers
    return json.loads(body)


def assert_all_unavailable(server: LiveServer, *, post: bytes) -> None:
    for path in API_READS:
        assert_unavailable(server.get(path), as_json=True)
    assert_unavailable(server.post(COMMENTS, post), as_json=True)
    for path in SITE_PAGES:
        assert_unavailable(server.get(path), as_json=False)
    assert server.get("/health/live/")[0] == 200


def assert_serving(server: LiveServer) -> None:
    for path in [*API_READS, *SITE_PAGES, "/health/ready/"]:
        status, _, body = server.get(path)
        assert status == 200, (path, status, body[:1000])


def assert_same_processes(server: LiveServer) -> None:
    """Recovery happened in the processes that saw the outage: none exited or was replaced."""
    assert server.process is not None and server.process.poll() is None
    assert server.log().count("Booting worker") == server.workers, server.log()[-3000:]


def _through(url: str, port: int) -> str:
    """The same service, reached through a proxy on `port` (credentials kept)."""
    parts = urlsplit(url)
    credentials = parts.netloc.rpartition("@")[0]
    address = f"127.0.0.1:{port}"
    return urlunsplit(parts._replace(netloc=f"{credentials}@{address}" if credentials else address))


@pytest.fixture(scope="module")
def read_only_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A redis-server of our own that replicates a master that is not there: it answers reads
    and refuses writes (READONLY), as a demoted primary does during a failover."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    args = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    args += ["--dir", str(tmp_path_factory.mktemp("redis")), "--replicaof", "127.0.0.1"]
    process = subprocess.Popen([binary, *args, str(free_port())], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 30
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            assert process.poll() is None and time.monotonic() < deadline, "redis-server failed"
            time.sleep(0.05)
    with pytest.raises(redis.exceptions.ReadOnlyError):
        client.set("probe", "1")
    yield url
    process.terminate()
    process.wait(10)


class Broken(NamedTuple):
    no_database: LiveServer
    no_redis: LiveServer
    redis_proxy: TcpProxy  # stopped: the Redis port of `no_redis` is closed
    read_only_redis: LiveServer


@pytest.fixture(scope="module")
def broken(live_databases: DatabaseFactory, read_only_redis: str) -> Iterator[Broken]:
    """One server whose PostgreSQL is a closed port; one whose Redis is a proxy to the real
    Redis, stopped unless a test starts it; one whose Redis refuses writes."""
    no_database = LiveServer(base_env(f"postgres://postgres@127.0.0.1:{free_port()}/clinic"))
    redis_url = redis_server_url()
    target = urlsplit(redis_url)
    redis_proxy = TcpProxy(target.hostname or "127.0.0.1", target.port or 6379, port=free_port())
    no_redis = LiveServer(
        base_env(
            live_databases.fresh(),
            REDIS_URL=_through(redis_url, redis_proxy.port),
            # Keys of their own: other processes may share this Redis database.
            CACHE_KEY_PREFIX=f"outage-test-{uuid.uuid4().hex[:8]}",
        )
    )
    read_only = LiveServer(base_env(live_databases.fresh(), REDIS_URL=read_only_redis))
    start_all(no_database, no_redis, read_only)
    yield Broken(no_database, no_redis, redis_proxy, read_only)
    stop_all(no_database, no_redis, read_only)
    redis_proxy.stop()


def test_database_unreachable_everything_is_503_and_live_is_200(broken):
    server = broken.no_database
    assert_all_unavailable(server, post=comment_body("Is this normal?", "a-token"))
    ready = assert_unavailable(server.get("/health/ready/"), as_json=True)
    assert ready["checks"]["database"]["ok"] is False


def test_redis_unreachable_api_is_503_not_500(broken):
    # The response cache, the comment throttles and Wagtail's site-root cache all live in
    # Redis. Serving on without it would mean unthrottled comment posting and every request
    # rebuilt by every process, so the chosen behaviour is 503 with Retry-After.
    assert not broken.redis_proxy.running
    server = broken.no_redis
    assert_all_unavailable(server, post=comment_body("Is this normal?", "a-token"))
    ready = assert_unavailable(server.get("/health/ready/"), as_json=True)
    assert ready["checks"]["cache"]["ok"] is False
    assert ready["checks"]["database"]["ok"] is True


def test_a_read_only_redis_is_an_outage_too(broken):
    # Reads of the cache work, writes fail: a failover's demoted primary, until clients
    # reconnect to the new one. Not a bug of ours, so not a 500.
    server = broken.read_only_redis
    assert_all_unavailable(server, post=comment_body("Is this normal?", "a-token"))
    ready = assert_unavailable(server.get("/health/ready/"), as_json=True)
    assert ready["checks"]["cache"]["ok"] is False
    assert ready["checks"]["cache"]["error"] == "ReadOnlyError"


def test_recovers_by_itself_after_a_redis_outage(broken):
    require_redis()
    server, proxy = broken.no_redis, broken.redis_proxy
    try:
        proxy.start()
        assert_serving(server)
        proxy.stop()  # drops the pooled connections too
        assert_all_unavailable(server, post=comment_body("Is this normal?", "a-token"))
        proxy.start()
        assert_serving(server)
        assert_same_processes(server)
    finally:
        proxy.stop()


# Recovery through a proxy in front of the real PostgreSQL: stopping the proxy is the outage.

TASK_TABLE = "django_tasks_database_dbtaskresult"
STORED = "SELECT id, body FROM blog_readercomment WHERE body = ANY(%s)"


class Proxied(NamedTuple):
    database_url: str  # direct, for the test's own look at what was stored
    proxy: TcpProxy
    server: LiveServer


@pytest.fixture(scope="module")
def proxied(request: pytest.FixtureRequest) -> Iterator[Proxied]:
    database_url = postgres_databases(request).fresh()
    parts = urlsplit(database_url)
    proxy = TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5432).start()
    # Durable tasks: a comment's notification task is written in the comment's transaction.
    # Refused attempts count against the comment throttle too; these tests post a dozen.
    env = base_env(
        _through(database_url, proxy.port),
        TASKS_BACKEND="database",
        COMMENTS_RATE_PER_CLIENT="1000/min",
    )
    server = LiveServer(env)
    try:
        server.start()
        yield Proxied(database_url, proxy, server)
    finally:
        server.stop()
        proxy.stop()


def stored(database_url: str, texts: list[str]) -> dict[str, int]:
    found = query(database_url, STORED, [texts])
    return {text: comment_id for comment_id, text in found}


def test_recovers_by_itself_after_a_database_outage(proxied):
    database_url, proxy, server = proxied
    token = live_form_token(server, COMMENTS)
    assert_serving(server)
    # A blip between two requests: the worker's persistent connection is dead when the next
    # request comes, with no failed request in between to have discarded it.
    proxy.stop()
    proxy.start()
    assert_serving(server)
    accepted: dict[str, int] = {}

    def post(text: str) -> tuple[int, dict[str, str], bytes]:
        answer = server.post(COMMENTS, comment_body(text, token))
        if answer[0] == 201:
            accepted[text] = json.loads(answer[2])["id"]
        return answer

    assert post("Before the outage: is redness normal?")[0] == 201

    proxy.stop()
    assert_all_unavailable(server, post=comment_body("During the outage?", token))
    for attempt in range(3):
        assert_unavailable(post(f"During the outage, attempt {attempt}?"), as_json=True)
    ready = assert_unavailable(server.get("/health/ready/"), as_json=True)
    assert ready["checks"]["database"]["ok"] is False

    proxy.start()  # same port: the server's settings are unchanged
    assert_serving(server)  # the very next requests, on the same processes
    assert post("After the outage: is redness normal?")[0] == 201

    assert_same_processes(server)
    texts = [
        *accepted,
        "During the outage?",
        *(f"During the outage, attempt {n}?" for n in range(3)),
    ]
    assert stored(database_url, texts) == accepted  # every 201 kept, nothing refused stored


def test_a_website_page_rides_through_a_database_restart(proxied):
    """The first request after a restart is a page view, whose go-live check (middleware)
    is its first query: the page is served, not a 503. (CONN_HEALTH_CHECKS replaces the dead
    connection at the request's start; a restart later in the request is retried.)"""
    _, proxy, server = proxied
    proxy.stop()
    proxy.start()
    for _ in range(server.workers * 2):  # every worker's persistent connection broke
        for path in SITE_PAGES:
            status, _, body = server.get(path)
            assert status == 200, (path, status, body[:500])


def _blocked_on_the_task_insert(database_url: str) -> bool:
    rows = query(
        database_url,
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND wait_event_type = 'Lock' AND query LIKE %s",
        [f'INSERT INTO "{TASK_TABLE}"%'],
    )
    return rows[0][0] == 1


def _the_blocked_transaction_has_written_a_comment(database_url: str) -> bool:
    rows = query(
        database_url,
        "SELECT count(*) FROM pg_locks JOIN pg_stat_activity USING (pid)"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        " AND relation = 'blog_readercomment'::regclass AND mode = 'RowExclusiveLock'"
        " AND granted",
    )
    return rows[0][0] == 1


def test_a_comment_cut_off_mid_transaction_is_not_half_stored(proxied):
    database_url, proxy, server = proxied
    proxy.start()
    token = live_form_token(server, COMMENTS)
    text = "Cut off while being saved: is swelling normal?"
    # notify_on_reply from a new address queues a verification mail: a task row written in
    # the same transaction, after the comment row.
    body = comment_body(text, token, email="cut-off@example.com", notify_on_reply=True)
    answers: list[tuple[int, dict[str, str], bytes]] = []
    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as locker:
        # Holding this lock stops the POST after its comment INSERT, inside its transaction.
        locker.execute(f'LOCK TABLE "{TASK_TABLE}" IN ACCESS EXCLUSIVE MODE')
        poster = threading.Thread(target=lambda: answers.append(server.post(COMMENTS, body)))
        poster.start()
        deadline = time.monotonic() + 60
        while not _blocked_on_the_task_insert(database_url):
            assert poster.is_alive() and time.monotonic() < deadline, answers
            time.sleep(0.05)
        assert _the_blocked_transaction_has_written_a_comment(database_url)
        proxy.stop()  # the connection drops mid-transaction
        poster.join(60)
        locker.rollback()
    assert_unavailable(answers[0], as_json=True)
    assert stored(database_url, [text]) == {}

    proxy.start()
    # Had the first attempt been stored, this would be refused as a duplicate (400).
    status, _, answer = server.post(COMMENTS, body)
    assert status == 201, answer
    assert list(stored(database_url, [text])) == [text]


def test_a_read_only_database_refuses_writes_with_503(proxied):
    """A failover's demoted primary (or a hot standby behind the primary's address) answers
    reads and refuses writes; emulated here with default_transaction_read_only."""
    database_url, proxy, server = proxied
    proxy.start()
    token = live_form_token(server, COMMENTS)
    assert_serving(server)  # image renditions are made (written) at the first reads
    admin = urlunsplit(urlsplit(database_url)._replace(scheme="postgresql", path="/postgres"))
    name = urlsplit(database_url).path.lstrip("/")
    text = "Posted while the database is read-only: is this normal?"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    try:
        proxy.stop()  # new sessions take the setting
        proxy.start()
        assert_serving(server)  # reads go on
        assert_unavailable(server.post(COMMENTS, comment_body(text, token)), as_json=True)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'ALTER DATABASE "{name}" RESET default_transaction_read_only')
        proxy.stop()
        proxy.start()
    assert stored(database_url, [text]) == {}
    assert server.post(COMMENTS, comment_body(text, token))[0] == 201
