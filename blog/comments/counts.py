"""The stored articles' comment counters (blog.models.StoredArticle.comment_count).

Recounted, not incremented, in the transaction that changes a comment: a count is then
right whatever order concurrent moderators commit in.
"""

from __future__ import annotations

from collections.abc import Iterable

from blog.comments.selectors import approved_count
from blog.models import ArticlePage, StoredArticle


def recount(article_ids: Iterable[int]) -> None:
    """Store the approved-comment counts of `article_ids`."""
    for pk in set(article_ids):
        count = ArticlePage.objects.filter(pk=pk).annotate(total=approved_count()).values("total")
        StoredArticle.objects.filter(page_id=pk).update(comment_count=count)
