"""The change log: the content version behind ETags and the response cache, and sync's feed.

It is one subscriber of the event stream (blog.events): each committed event becomes a row.
Article events carry the article's id and slug, which sync needs for its tombstones.
"""

from __future__ import annotations

import datetime

from blog.events import Event, EventType
from blog.models import ContentChange

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
    EventType.POLICY_CHANGED: Kind.POLICY,
    EventType.COMMENT_APPROVED: Kind.COMMENT,
    EventType.COMMENT_HIDDEN: Kind.COMMENT,
    EventType.COMMENT_EDITED: Kind.COMMENT,
}


def record_events(events: list[Event]) -> None:
    """One row per change, in one insert (a restriction on a section can announce many).
    Notices (comment.replied) change no content and are not logged."""
    ContentChange.objects.bulk_create(
        ContentChange(
            kind=KIND_OF[event.type],
            article_id=event.article.id if event.article else None,
            slug=event.article.slug if event.article else "",
        )
        for event in events
        if event.type in KIND_OF
    )


def record_change(*, kind: str, article_id: int | None = None, slug: str = "") -> None:
    """Append a change directly, for bulk edits that bypass signals (QuerySet.update)."""
    ContentChange.objects.create(kind=kind, article_id=article_id, slug=slug)


EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def current_version() -> tuple[int, datetime.datetime]:
    """The newest change's id and time. Public responses read it, with the schedule, through
    blog.scheduling, in the same query that checks for a passed go-live or expiry."""
    latest = ContentChange.objects.order_by("-id").values_list("id", "at").first()
    return latest if latest is not None else (0, EPOCH)
