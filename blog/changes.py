"""Recording content changes: the one place that knows what a change means for readers."""

from __future__ import annotations

import datetime

from django.db import transaction
from wagtail.models import Page

from blog.models import ArticlePage, ContentChange

Kind = ContentChange.Kind


def record_change(*, kind: str, article_id: int | None = None, slug: str = "") -> None:
    """Append a change; article changes carry the id and slug the app needs for tombstones."""
    ContentChange.objects.create(kind=kind, article_id=article_id, slug=slug)


def record_change_on_commit(*, kind: str, article: ArticlePage | None = None) -> None:
    """Record after commit, so a rolled-back edit never announces itself. The article's id
    and slug are read now, while the object still has them (even when it is being deleted)."""
    article_id, slug = (article.pk, article.slug) if article is not None else (None, "")
    transaction.on_commit(
        lambda: record_change(kind=kind, article_id=article_id, slug=slug), robust=True
    )


def record_visibility_change_on_commit(page: Page, *, restricted: bool) -> None:
    """A view restriction was added to or removed from `page`: every article at or below it
    left or rejoined the public, so each gets a change (sync sends them or their tombstones)."""
    articles = list(
        ArticlePage.objects.descendant_of(page, inclusive=True).values_list("pk", "slug")
    )
    kind = Kind.RESTRICTED if restricted else Kind.UNRESTRICTED

    def record() -> None:
        rows = [ContentChange(kind=kind, article_id=pk, slug=slug) for pk, slug in articles]
        ContentChange.objects.bulk_create(rows or [ContentChange(kind=kind)])

    transaction.on_commit(record, robust=True)


EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def current_version() -> tuple[int, datetime.datetime]:
    """The newest change's id and time. Public responses read it, with the schedule, through
    blog.scheduling, in the same query that checks for a passed go-live or expiry."""
    latest = ContentChange.objects.order_by("-id").values_list("id", "at").first()
    return latest if latest is not None else (0, EPOCH)
