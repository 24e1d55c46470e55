"""The change log: the content version behind ETags and the response cache, and sync's feed.

It is one subscriber of the event stream (blog.events): each committed event becomes a row.
Article events carry the article's id and slug, which sync needs for its tombstones.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from blog import generations
from blog.events import (
    REFERENCED_IN_ARTICLES,
    SHOWN_IN_ARTICLES,
    ArticleRef,
    Event,
    EventType,
)
from blog.models import ContentChange
from blog.showing import articles_showing, shown_everywhere

Kind = ContentChange.Kind

KIND_OF = {
    EventType.ARTICLE_PUBLISHED: Kind.PUBLISHED,
    EventType.ARTICLE_UNPUBLISHED: Kind.UNPUBLISHED,
    EventType.ARTICLE_DELETED: Kind.DELETED,
    EventType.ARTICLE_MOVED: Kind.MOVED,
    EventType.ARTICLE_RESTRICTED: Kind.RESTRICTED,
    EventType.ARTICLE_UNRESTRICTED: Kind.UNRESTRICTED,
    EventType.PAGE_CHANGED: Kind.PAGE,
    EventType.TREATMENT_CHANGED: Kind.SNIPPET,
    EventType.AUTHOR_CHANGED: Kind.SNIPPET,
    EventType.TAG_CHANGED: Kind.TAG,
    EventType.IMAGE_CHANGED: Kind.IMAGE,
    EventType.CONSENT_CHANGED: Kind.SNIPPET,
    EventType.POLICY_CHANGED: Kind.POLICY,
    EventType.REDIRECT_CHANGED: Kind.PAGE,  # the path lookup's answer changed
    EventType.COMMENT_APPROVED: Kind.COMMENT,
    EventType.COMMENT_HIDDEN: Kind.COMMENT,
    EventType.COMMENT_EDITED: Kind.COMMENT,
}


def _rows(event: Event) -> list[ContentChange]:
    kind = KIND_OF[event.type]
    if event.article is not None:
        article = event.article
        rows = [_row(kind, article)]
        if article.moved_from and article.moved_from != article.url_path:
            # The old place first: sync on the site it left sends a tombstone.
            rows.insert(0, _row(kind, article, url_path=article.moved_from))
        return rows
    if event.type in SHOWN_IN_ARTICLES or (
        event.type in REFERENCED_IN_ARTICLES and not shown_everywhere(event)
    ):
        shown = articles_showing(event)
        if shown:
            return [_row(kind, article) for article in shown]
    return [ContentChange(kind=kind)]


def _row(kind: str, article: ArticleRef, *, url_path: str | None = None) -> ContentChange:
    return ContentChange(
        kind=kind,
        article_id=article.id,
        slug=article.slug,
        url_path=article.url_path if url_path is None else url_path,
    )


STATE_GENERATION_KEY = "blog:content-state-generation"


def content_changed() -> None:
    """Content or the schedule moved: a content state read before now is no longer current
    (blog.scheduling keeps the state in a shared cache under the current generation).
    Called once the change is committed, so no reader can store an older state under the
    new generation."""
    generations.renew(STATE_GENERATION_KEY)


def record_events(events: list[Event]) -> None:
    """One row per change, in one insert (a restriction on a section can announce many);
    a renamed treatment, author or tag is a row for each article that shows it, so sync
    resends them. Notices (comment.replied) change no content and are not logged."""
    rows = [row for event in events if event.type in KIND_OF for row in _rows(event)]
    if rows:
        ContentChange.objects.bulk_create(rows)
        content_changed()


def prune_change_log(*, days: int) -> int:
    """Forget changes older than `days`, but keep the newest of them as the boundary (and
    the newest of all, the content version). A cursor at the boundary or after it lost
    nothing; one that pointed at a forgotten change answers 410: sync from scratch."""
    old = ContentChange.objects.filter(at__lt=timezone.now() - datetime.timedelta(days=days))
    boundary = old.order_by("-id").values_list("id", flat=True).first()
    newest = ContentChange.objects.order_by("-id").values_list("id", flat=True).first()
    deleted, _ = old.exclude(id__in=[boundary, newest]).delete()
    return deleted


EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def current_version() -> tuple[int, datetime.datetime]:
    """The newest change's id and time. Public responses read it, with the schedule, through
    blog.scheduling, in the same query that checks for a passed go-live or expiry."""
    latest = ContentChange.objects.order_by("-id").values_list("id", "at").first()
    return latest if latest is not None else (0, EPOCH)
