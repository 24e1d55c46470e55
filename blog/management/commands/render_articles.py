"""Render the stored articles (blog.published.store): the stale ones, or with --all every one.

The worker does this after every change; run it after a deploy whose migrations mark rows
stale. --all rebuilds every row from scratch but announces nothing: after a bulk edit or an
import that bypassed Wagtail's signals, run reconcile_articles, which also sends each changed
article's event (sync, webhooks, CDN purges, response caches).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from blog.published import store


class Command(BaseCommand):
    help = "Render stale stored articles (with --all: rebuild every public article's)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="Rebuild every public article from scratch."
        )

    def handle(self, *args, all: bool = False, **options) -> None:
        started = time.monotonic()
        if all:
            rendered = store.rebuild()
        else:
            store.sync_missing()
            rendered = store.render_stale()
        elapsed = time.monotonic() - started
        self.stdout.write(f"Rendered {rendered} article(s) in {elapsed:.1f} s.")
