"""Benchmark the content API: query counts and response times at scale.

    DEBUG=1 DATABASE_URL=sqlite:///bench.sqlite3 python manage.py migrate
    DEBUG=1 DATABASE_URL=sqlite:///bench.sqlite3 python manage.py seed_demo --scale 10000
    DEBUG=1 DATABASE_URL=sqlite:///bench.sqlite3 python benchmarks/api.py

Each case is requested once to warm caches that live across requests (renditions, site root
paths), then timed over several runs with the response cache cleared, so the figures are for
building the response, not for serving it from the cache. Prints one line per case.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.base")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from blog.models import ArticlePage  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def measure(client: Client, url: str, **headers: str) -> tuple[int, float, int]:
    client.get(url, **headers)
    timings, queries, status = [], 0, 0
    for _ in range(RUNS):
        new_content_version()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url, **headers)
            timings.append(time.perf_counter() - start)
        queries, status = len(captured), response.status_code
    return status, statistics.median(timings) * 1000, queries


def new_content_version() -> None:
    # Response bodies are keyed on the content version; a new version empties them all.
    from blog.published.reconcile import record_change

    record_change(kind="page")


def main() -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    total = ArticlePage.objects.live().count()
    article = ArticlePage.objects.live().order_by("pk").first()
    cases = [
        ("list, 20 per page", "/api/v1/articles/", {}),
        ("list, 100 per page", "/api/v1/articles/?page_size=100", {}),
        ("list, last page", f"/api/v1/articles/?page={max(1, total // 20)}", {}),
        ("list, filtered by treatment", "/api/v1/articles/?treatment=microneedling", {}),
        ("search, common word 'skin'", "/api/v1/articles/?q=skin", {}),
        ("search, two words", "/api/v1/articles/?q=collagen+barrier", {}),
        ("search, rare word", "/api/v1/articles/?q=hyaluronic", {}),
        ("detail", f"/api/v1/articles/{article.slug}/", {}),
        ("sync, first page", "/api/v1/sync/", {}),
        ("treatments", "/api/v1/treatments/", {}),
        ("tags", "/api/v1/tags/", {}),
    ]
    print(f"{total} live articles, database {connection.vendor}, median of {RUNS} runs")
    for name, url, headers in cases:
        status, ms, queries = measure(client, url, **headers)
        print(f"{name:32} {status}  {ms:8.1f} ms  {queries:2d} queries")

    # A conditional request and a cache hit, without a new version in between.
    etag = client.get("/api/v1/articles/")["ETag"]
    for label, headers in (("304 Not Modified", {"HTTP_IF_NONE_MATCH": etag}), ("cache hit", {})):
        timings = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get("/api/v1/articles/", **headers)
                timings.append(time.perf_counter() - start)
        ms = statistics.median(timings) * 1000
        print(f"{label:32} {response.status_code}  {ms:8.1f} ms  {len(captured):2d} queries")


if __name__ == "__main__":
    main()
