"""The stored articles' comment counters and first thread pages (blog.models.StoredArticle).

In the transaction that changes a comment, the counter is recounted (not incremented: it is
then right whatever order concurrent moderators commit in) and the stored first page of
threads is forgotten, to be built again by the next read of the comment list.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F

from blog.comments.selectors import approved_count
from blog.models import ArticlePage, StoredArticle


def comments_changed(article_ids: Iterable[int]) -> None:
    """Store the approved-comment counts of `article_ids` and forget their threads."""
    for pk in set(article_ids):
        count = ArticlePage.objects.filter(pk=pk).annotate(total=approved_count()).values("total")
        StoredArticle.objects.filter(page_id=pk).update(comment_count=count, **forgotten_thread())


def forgotten_thread() -> dict:
    return {"thread": b"", "thread_next": "", "thread_version": F("thread_version") + 1}


def store_thread(article_id: int, version: int, *, thread: bytes, next_cursor: str) -> None:
    """Keep a first page built from the comments as they were at `version`, unless a
    comment changed since."""
    StoredArticle.objects.filter(page_id=article_id, thread_version=version).update(
        thread=thread, thread_next=next_cursor
    )
