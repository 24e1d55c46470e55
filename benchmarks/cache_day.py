"""Hit rate of the response cache over a simulated clinic day, with precise invalidation
(blog.published.cache_tags) and without it (any change rebuilds everything).

A day, compressed: an article published every hour, a comment approved every five minutes,
and READS_PER_WINDOW reads in each five minutes (30% the article list, 60% an article's
detail, 10% the treatments and tags), all through the real views, services and cache.

    DEBUG=1 DATABASE_URL=sqlite:///day.sqlite3 python manage.py migrate
    DEBUG=1 DATABASE_URL=sqlite:///day.sqlite3 python manage.py seed_demo
    DEBUG=1 DATABASE_URL=sqlite:///day.sqlite3 python benchmarks/cache_day.py

READS_PER_WINDOW defaults to 60 (0.2 reads a second); a real site's 10 a second would raise
both hit rates, the "before" one less.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.base")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402

from blog.comments import moderation, posting  # noqa: E402
from blog.models import ArticlePage, CommentPolicy, ReaderComment  # noqa: E402

READS_PER_WINDOW = int(os.environ.get("READS_PER_WINDOW", "60"))
WINDOWS = 24 * 12  # five-minute windows in a day
RUN = os.urandom(4).hex()  # a second run on the same database posts no duplicates


def read(client: Client, articles: list[ArticlePage], rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        url = "/api/v1/articles/"
    elif roll < 0.9:
        url = f"/api/v1/articles/{rng.choice(articles).slug}/"
    else:
        url = rng.choice(["/api/v1/treatments/", "/api/v1/tags/"])
    return client.get(url).get("X-Cache", "")


def approve_a_comment(article: ArticlePage, n: int, policy: CommentPolicy) -> None:
    data = posting.CommentInput(
        name="Reader",
        email=f"reader{n}@example.com",
        body=f"Question number {n} about this treatment ({RUN}).",  # unique per run
        website="",
        parent_id=None,
        consent=True,
        notify_on_reply=False,
    )
    result = posting.post_comment(article=article, data=data, policy=policy)
    if result.comment.status != ReaderComment.Status.APPROVED:
        moderation.moderate([result.comment], status="approved", user=None)


def simulate(*, precise: bool, seed: int = 7) -> tuple[int, int]:
    settings.API_RESPONSE_CACHE_PRECISE = precise
    cache.clear()
    rng = random.Random(seed)  # noqa: S311 (a simulation, not a secret)
    client = Client()
    articles = list(ArticlePage.objects.live().order_by("pk"))
    policy = CommentPolicy.load()
    hits = misses = 0
    for window in range(WINDOWS):
        for _ in range(READS_PER_WINDOW):
            outcome = read(client, articles, rng)
            hits += outcome == "hit"
            misses += outcome == "miss"
        approve_a_comment(rng.choice(articles), window + (0 if precise else 100_000), policy)
        if window % 12 == 11:  # hourly
            rng.choice(articles).save_revision().publish()
    return hits, misses


def main() -> None:
    print(f"{READS_PER_WINDOW} reads per five minutes, {WINDOWS} windows")
    for precise in (False, True):
        hits, misses = simulate(precise=precise)
        label = "precise (tags)" if precise else "before (any change rebuilds everything)"
        print(f"{label:42} hit rate {hits / (hits + misses):6.1%}  ({hits} hits, {misses} misses)")


if __name__ == "__main__":
    main()
