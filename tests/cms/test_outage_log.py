"""A Redis outage is logged once when it begins and once when it ends, with how long it lasted
and how many requests were answered 503: not a traceback per request. Redis here is a real,
closed port; the requests go through the whole middleware stack."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from cms import outage_log
from tests.live import free_port

READS = ["/api/v1/articles/", "/api/v1/tags/", "/"]


@pytest.fixture
def redis_down(settings, monkeypatch):
    # This process's outage state starts, and is left, clear.
    monkeypatch.setattr(outage_log, "_current", None)
    settings.CACHES = {
        "default": {
            "BACKEND": "cms.redis_cache.ReusingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
        }
    }


def records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_redis_outage_is_logged_when_it_begins_and_ends(settings, index, redis_down, caplog):
    settings.OUTAGE_LOG_QUIET_SECONDS = 0
    client = Client(raise_request_exception=False)
    caplog.set_level(logging.INFO)
    answers = [client.get(path).status_code for path in READS * 10]
    assert answers == [503] * 30

    during = records(caplog)
    assert len(during) == 1, [r.getMessage() for r in during]
    began = during[0]
    assert began.name == "cms.outages" and "outage began" in began.getMessage()
    assert "ConnectionError" in began.getMessage() and began.exc_info  # the error, once

    # Redis is back.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    caplog.clear()
    assert client.get("/api/v1/articles/").status_code == 200
    assert client.get("/api/v1/tags/").status_code == 200
    after = records(caplog)
    assert len(after) == 1, [r.getMessage() for r in after]
    assert "outage ended" in after[0].getMessage()
    assert "30 requests were answered 503" in after[0].getMessage()


def test_one_good_answer_amid_failures_does_not_end_the_outage(settings, index, redis_down, caplog):
    # /health/live/ answers without Redis; the outage goes on until it has been quiet.
    settings.OUTAGE_LOG_QUIET_SECONDS = 3600
    client = Client(raise_request_exception=False)
    caplog.set_level(logging.INFO)
    for _ in range(3):
        assert client.get("/api/v1/articles/").status_code == 503
        assert client.get("/health/live/").status_code == 200
    messages = [r.getMessage() for r in records(caplog)]
    assert len(messages) == 1 and "outage began" in messages[0]
