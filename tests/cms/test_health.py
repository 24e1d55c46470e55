"""The health endpoints, on real gunicorn processes: what a load balancer or an orchestrator
sees when it probes an instance by address, over plain HTTP, in good times and in outages."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import NamedTuple

import pytest

from tests.live import (
    LiveServer,
    base_env,
    free_port,
    query,
    start_all,
    stop_all,
)
from tests.live_databases import DatabaseFactory
from tests.processes import manage

CHECK_NAMES = {"database", "cache", "storage", "tasks"}
PUBLIC_HOST = "cms.example.com"
MAX_TASK_AGE = 600
A_TASK = "blog.comments.notifications.notify_moderators"
# django-tasks-db's table; the task rows are looked at in the database, not through the app.
COUNT_WAITING = (
    "SELECT count(*) FROM django_tasks_database_dbtaskresult"
    " WHERE task_path = %s AND status = 'READY'"
)
AGE_WAITING = (
    "UPDATE django_tasks_database_dbtaskresult SET enqueued_at = %s"
    " WHERE task_path = %s AND status = 'READY'"
)
FINISH_WAITING = (
    "UPDATE django_tasks_database_dbtaskresult SET status = 'SUCCESSFUL'"
    " WHERE task_path = %s AND status = 'READY'"
)


class Servers(NamedTuple):
    healthy: LiveServer
    no_database: LiveServer
    database_url: str  # the healthy server's


@pytest.fixture(scope="module")
def servers(live_databases: DatabaseFactory) -> Iterator[Servers]:
    """`healthy`: production-like (HTTPS redirect on, only the public host allowed, durable
    tasks); `no_database`: its DATABASE_URL points at a port where nothing listens."""
    database_url = live_databases.fresh()
    healthy = LiveServer(
        base_env(
            database_url,
            ALLOWED_HOSTS=PUBLIC_HOST,
            SECURE_SSL_REDIRECT="1",
            TASKS_BACKEND="database",
            HEALTH_MAX_TASK_AGE=str(MAX_TASK_AGE),
        )
    )
    no_database = LiveServer(
        base_env(f"postgres://postgres@127.0.0.1:{free_port()}/nothing", TASKS_BACKEND="database")
    )
    start_all(healthy, no_database)
    yield Servers(healthy, no_database, database_url)
    stop_all(healthy, no_database)


def probe(server: LiveServer, path: str, **headers: str) -> tuple[int, dict[str, str], dict]:
    status, response_headers, body = server.get(path, headers=headers, follow_redirects=False)
    assert response_headers.get("Content-Type") == "application/json", body[:300]
    assert response_headers.get("Cache-Control") == "no-store"
    return status, response_headers, json.loads(body)


def test_live_answers_without_any_database(servers):
    status, _, body = probe(servers.no_database, "/health/live/")
    assert (status, body) == (200, {"status": "ok"})


def test_ready_is_ok_and_names_every_check(servers):
    status, headers, body = probe(servers.healthy, "/health/ready/")
    assert status == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == CHECK_NAMES
    assert all(check["ok"] is True for check in body["checks"].values()), body
    assert "Retry-After" not in headers


def test_ready_is_503_naming_the_database_when_it_is_down(servers):
    status, headers, body = probe(servers.no_database, "/health/ready/")
    assert status == 503, body
    assert headers.get("Retry-After", "").isdigit()
    assert body["status"] == "unavailable"
    assert set(body["checks"]) == CHECK_NAMES
    assert body["checks"]["database"]["ok"] is False
    assert body["checks"]["database"]["error"] == "OperationalError"
    # Anyone can reach these endpoints: no host, port or database name in the answer.
    assert "127.0.0.1" not in json.dumps(body) and "nothing" not in json.dumps(body)
    assert body["checks"]["cache"]["ok"] is True
    # The task check reads the database: it is reported as not run, not as a second outage.
    assert body["checks"]["tasks"] == {"ok": False, "error": "not run: the database is unavailable"}


def test_probes_by_address_and_plain_http_are_answered(servers):
    healthy = servers.healthy
    # The server really refuses other hosts and redirects plain HTTP, so the health answers
    # below show the endpoints are exempt, not that the checks are off.
    assert healthy.get("/api/v1/tags/", follow_redirects=False)[0] == 400
    status, headers, _ = healthy.get(
        "/api/v1/tags/", headers={"Host": PUBLIC_HOST}, follow_redirects=False
    )
    assert status == 301 and headers["Location"].startswith("https://"), headers

    for host in (f"127.0.0.1:{healthy.port}", "10.1.2.3", PUBLIC_HOST):
        assert probe(healthy, "/health/live/", Host=host)[0] == 200
        assert probe(healthy, "/health/ready/", Host=host)[0] == 200


def _sql_time(database_url: str, moment: datetime.datetime) -> object:
    # Django keeps naive UTC text in SQLite (compared as text), timestamptz in PostgreSQL.
    if database_url.startswith("postgres"):
        return moment
    return moment.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")


def test_ready_is_503_naming_tasks_when_a_task_waits_too_long(servers):
    healthy, _, url = servers
    # A real enqueue through django-tasks (comment 0 does not exist: harmless if it ever ran).
    module, name = A_TASK.rsplit(".", 1)
    manage(healthy.env, "shell", "-c", f"from {module} import {name}; {name}.enqueue(0)")
    assert query(url, COUNT_WAITING, [A_TASK]) == [(1,)]
    # Just enqueued: a worker has had no time to take it yet, so that is no reason to fail.
    status, _, body = probe(healthy, "/health/ready/")
    assert status == 200, body

    old = datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=MAX_TASK_AGE * 6)
    try:
        query(url, AGE_WAITING, [_sql_time(url, old), A_TASK])
        status, headers, body = probe(healthy, "/health/ready/")
        assert status == 503, body
        assert headers.get("Retry-After", "").isdigit()
        assert body["checks"]["tasks"]["ok"] is False
        assert "waited" in body["checks"]["tasks"]["error"]
        assert all(body["checks"][name]["ok"] for name in ("database", "cache", "storage"))
    finally:
        query(url, FINISH_WAITING, [A_TASK])
    assert probe(healthy, "/health/ready/")[0] == 200
