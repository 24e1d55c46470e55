"""Run after a bulk edit that bypassed Wagtail's signals (QuerySet.update(), SQL, an import):
the stored articles are brought back in step with the pages, and each article that changed
is announced as Wagtail's own publish or unpublish would have (blog.published.reconcile)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from blog.published.reconcile import reconcile_articles


class Command(BaseCommand):
    help = (
        "After a bulk edit: update the stored articles to match the pages and announce every "
        "article that changed (sync, webhooks, CDN purges, response caches, search)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--ids",
            nargs="+",
            type=int,
            metavar="ID",
            help="Only these articles (page ids); by default every article.",
        )

    def handle(self, *args, ids: list[int] | None = None, **options) -> None:
        started = time.monotonic()
        done = reconcile_articles(ids)
        elapsed = time.monotonic() - started
        for name in ("published", "unpublished", "restricted", "moved"):
            found = getattr(done, name)
            if found:
                self.stdout.write(f"{name}: {', '.join(str(pk) for pk in found)}")
        self.stdout.write(
            f"Announced {done.announced} article(s), rendered {len(done.rerendered)} more "
            f"for their related cards, in {elapsed:.1f} s."
        )
