"""One stream of content events: everything that changes what readers and front ends see.

Signal handlers and services emit typed events; once the surrounding transaction commits
(never for a rolled-back change), every subscriber receives the batch: the change log behind
ETags, the response cache and sync (blog.changes), and, as durable tasks, webhooks and CDN
purges. Emitting is cheap and never fails the caller; a failing subscriber is logged and
the others still run.

Subscribers register in BlogConfig.ready, so this module imports no subscriber.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import partial

from django.db import transaction
from django.utils import timezone

from blog.models.language_chains import language_of_locale

logger = logging.getLogger(__name__)


class EventType(StrEnum):
    ARTICLE_PUBLISHED = "article.published"
    ARTICLE_UNPUBLISHED = "article.unpublished"
    ARTICLE_DELETED = "article.deleted"
    ARTICLE_MOVED = "article.moved"
    ARTICLE_RESTRICTED = "article.restricted"  # a password, login or group now guards it
    ARTICLE_UNRESTRICTED = "article.unrestricted"
    PAGE_CHANGED = "page.changed"  # a page that is not an article (home, index)
    TREATMENT_CHANGED = "treatment.changed"
    AUTHOR_CHANGED = "author.changed"
    TAG_CHANGED = "tag.changed"
    IMAGE_CHANGED = "image.changed"
    # A patient's consent changed (withdrawn, expired, channels): the articles showing
    # their before/after photos change. The event names no patient, only the record's id.
    CONSENT_CHANGED = "consent.changed"
    POLICY_CHANGED = "comment_policy.changed"
    REDIRECT_CHANGED = "redirect.changed"  # an old website path now leads elsewhere (or not)
    COMMENT_APPROVED = "comment.approved"  # shown: posted approved, approved, staff reply
    COMMENT_HIDDEN = "comment.hidden"  # no longer shown: held, spam, removed
    COMMENT_EDITED = "comment.edited"  # still shown, text changed (anonymised)
    # A notice, not a change: an approved reply to a reader who asked to hear of replies and
    # confirmed their address (for the app's push notifications). comment.approved also comes.
    COMMENT_REPLIED = "comment.replied"
    # A bulk change (a WordPress import) is over: front ends fetch everything again once,
    # instead of one delivery and purge per article. object_id: the import's id.
    CONTENT_IMPORTED = "content.imported"


# Comment changes readers see (the thread and the article's count).
COMMENT_EVENTS = frozenset(
    {EventType.COMMENT_APPROVED, EventType.COMMENT_HIDDEN, EventType.COMMENT_EDITED}
)
# Notices tell of something; they change no content (no log row, purge or cache renewal).
NOTICES = frozenset({EventType.COMMENT_REPLIED})
# Objects shown inside articles: a change to one changes every article that shows it.
SHOWN_IN_ARTICLES = frozenset(
    {EventType.TREATMENT_CHANGED, EventType.AUTHOR_CHANGED, EventType.TAG_CHANGED}
)


# Objects articles refer to (an image shown, a page linked): found through Wagtail's
# reference index; a change to one changes the articles that refer to it.
REFERENCED_IN_ARTICLES = frozenset(
    {EventType.IMAGE_CHANGED, EventType.PAGE_CHANGED, EventType.CONSENT_CHANGED}
)


@dataclass(frozen=True)
class ArticleRef:
    id: int
    slug: str
    url_path: str = ""  # Wagtail's, from the site root: the website path is derived from it
    # For article.moved: the url_path before the move (or the slug change).
    moved_from: str = ""
    # The article's language (its Wagtail locale's code, "fr"); empty where unknown.
    language: str = ""

    @classmethod
    def of(cls, article) -> ArticleRef:
        return cls(
            id=article.pk,
            slug=article.slug,
            url_path=article.url_path or "",
            language=language_of_locale(getattr(article, "locale_id", None)),
        )


@dataclass(frozen=True)
class Event:
    type: EventType
    article: ArticleRef | None = None
    # The treatment, author, tag, image or comment the event is about.
    object_id: int | None = None
    # For comment.replied: the comment replied to.
    related_id: int | None = None
    # For redirect.changed: the old website path.
    path: str = ""
    # Emitted inside a bulk change (in_bulk): the change log, caches and sync take it as
    # usual; webhooks and CDN purges leave it to the one content.imported event at the end.
    bulk: bool = False
    # Stable across retries and redeliveries: receivers drop duplicates by it.
    id: str = field(default_factory=lambda: f"evt_{uuid.uuid4().hex}")
    at: datetime.datetime = field(default_factory=timezone.now)


Subscriber = Callable[[list[Event]], None]
_subscribers: list[Subscriber] = []


def subscribe(subscriber: Subscriber) -> Subscriber:
    """Register `subscriber` (once) to receive every committed batch of events."""
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)
    return subscriber


_in_bulk: contextvars.ContextVar[bool] = contextvars.ContextVar("in_bulk", default=False)


@contextlib.contextmanager
def in_bulk() -> Iterator[None]:
    """Mark every event emitted inside as part of one bulk change (see Event.bulk)."""
    token = _in_bulk.set(True)
    try:
        yield
    finally:
        _in_bulk.reset(token)


def emit(events: Iterable[Event]) -> None:
    """Announce `events` once the current transaction commits (at once outside one)."""
    batch = list(events)
    if _in_bulk.get():
        batch = [replace(event, bulk=True) for event in batch]
    if batch:
        transaction.on_commit(partial(_deliver, batch), robust=True)


def emit_one(type: EventType, *, article=None, object_id: int | None = None) -> None:
    ref = ArticleRef.of(article) if article is not None else None
    emit([Event(type=type, article=ref, object_id=object_id)])


def comment_event(type: EventType, comment) -> Event:
    """An event about one comment: its article (for precise invalidation) and its id. Never
    the commenter's name, email or address."""
    return Event(type=type, article=ArticleRef.of(comment.article), object_id=comment.pk)


def _deliver(batch: list[Event]) -> None:
    for subscriber in list(_subscribers):
        try:
            subscriber(batch)
        except Exception:
            logger.exception("event subscriber %r failed on %d events", subscriber, len(batch))
