"""Benchmark reader comments: 100,000 on one article, first page against last page.

    DEBUG=1 DATABASE_URL=sqlite:///bench.sqlite3 python manage.py migrate
    DEBUG=1 DATABASE_URL=sqlite:///bench.sqlite3 python manage.py seed_demo
    DEBUG=1 DATABASE_URL=sqlite:///bench.sqlite3 python benchmarks/comments.py

Adds the comments once (bulk insert; a third are replies), then times the comment list's
first and last keyset pages and a POST, with the queries each makes.
"""

from __future__ import annotations

import datetime
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
from django.utils import timezone  # noqa: E402

from blog.comments.selectors import ThreadCursor  # noqa: E402
from blog.comments.tokens import issue_form_token  # noqa: E402
from blog.models import ArticlePage, ReaderComment  # noqa: E402

TOTAL = int(os.environ.get("BENCH_COMMENTS", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
SLUG = "your-skin-after-microneedling"


def ensure_comments(article: ArticlePage) -> None:
    have = ReaderComment.objects.filter(article=article).count()
    if have >= TOTAL:
        return
    start = timezone.now() - datetime.timedelta(days=400)
    roots = [
        ReaderComment(
            article=article,
            author_name=f"Reader {n}",
            email=f"reader{n}@example.org",
            body=f"Comment number {n} about healing skin.",
            body_html=f"<p>Comment number {n} about healing skin.</p>",
            status="approved",
            created_at=start + datetime.timedelta(seconds=n * 60),
        )
        for n in range(have, have + (TOTAL - have) * 2 // 3)
    ]
    ReaderComment.objects.bulk_create(roots, batch_size=2000)
    roots = list(
        ReaderComment.objects.filter(article=article, depth=0).order_by("-id")[: len(roots)]
    )
    replies = [
        ReaderComment(
            article=article,
            parent=root,
            root=root,
            depth=1,
            author_name="Replier",
            email="replier@example.org",
            body="A reply.",
            body_html="<p>A reply.</p>",
            status="approved",
            created_at=root.created_at + datetime.timedelta(seconds=30),
        )
        # Spread replies evenly so the first and last pages hold the same shape of threads.
        for root in roots[::2][: TOTAL - have - len(roots)]
    ]
    ReaderComment.objects.bulk_create(replies, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(client: Client, method: str, url: str, **kwargs) -> tuple[float, int, int]:
    timings, queries, status = [], 0, 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = getattr(client, method)(url, **kwargs)
            timings.append(time.perf_counter() - start)
        queries = len([q for q in captured if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))])
        status = response.status_code
    return statistics.median(timings) * 1000, queries, status


def main() -> None:
    article = ArticlePage.objects.get(slug=SLUG)
    ensure_comments(article)
    client = Client(HTTP_HOST="127.0.0.1")
    url = f"/api/v1/articles/{SLUG}/comments/"
    threads = ReaderComment.objects.approved().filter(article=article, depth=0)
    count = threads.count()
    before_last = threads.order_by("created_at", "id")[count - 21]
    last_url = f"{url}?after={ThreadCursor(before_last.created_at, before_last.pk).encode()}"
    client.get(url)  # warm the cached policy

    total = ReaderComment.objects.filter(article=article).count()
    print(
        f"{total} comments on one article ({count} threads), {connection.vendor}, median of {RUNS}"
    )
    first_ms, first_q, _ = timed(client, "get", url)
    last_ms, last_q, _ = timed(client, "get", last_url)
    print(f"first page    {first_ms:7.1f} ms  {first_q} queries")
    print(f"last page     {last_ms:7.1f} ms  {last_q} queries  ratio {last_ms / first_ms:.2f}")
    token = issue_form_token(article_id=article.pk, now=time.time() - 10)
    payload = {
        "name": "Bench", "email": "bench@example.org", "consent": True, "form_token": token,
    }  # fmt: skip
    post_times, post_queries = [], 0
    for n in range(RUNS):
        payload["body"] = f"Benchmark comment {time.time()} {n}"
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.post(
                url, payload, content_type="application/json", REMOTE_ADDR=f"198.51.100.{n}"
            )
            post_times.append(time.perf_counter() - start)
        post_queries = len(captured)
        assert response.status_code == 201, response.content
    print(f"POST          {statistics.median(post_times) * 1000:7.1f} ms  {post_queries} queries")
    ReaderComment.objects.filter(email="bench@example.org").delete()


if __name__ == "__main__":
    main()
