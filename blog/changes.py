"""Recording content changes: the one place that knows what a change means for readers."""

from __future__ import annotations

import datetime

from django.db import transaction

from blog.models import ArticlePage, ContentChange


def record_change(*, kind: str, article: ArticlePage | None = None) -> None:
    """Append a change; article changes carry the id and slug the app needs for tombstones."""
    ContentChange.objects.create(
        kind=kind,
        article_id=article.pk if article is not None else None,
        slug=article.slug if article is not None else "",
    )


def current_version() -> tuple[int, datetime.datetime]:
    """The newest change's id and time: what ETags, Last-Modified and cache keys build on."""
    latest = ContentChange.objects.order_by("-id").values_list("id", "at").first()
    if latest is None:
        return 0, datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    return latest


def record_change_on_commit(*, kind: str, article: ArticlePage | None = None) -> None:
    # Recorded after commit so a rolled-back edit never announces itself; the article's
    # id and slug are read now, while the object still has them (even when deleted).
    snapshot = None
    if article is not None:
        snapshot = ArticlePage(pk=article.pk, slug=article.slug)
    transaction.on_commit(lambda: record_change(kind=kind, article=snapshot), robust=True)
