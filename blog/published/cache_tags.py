"""Precise invalidation of the response cache.

Each cached body records what it depends on: tags such as one article (`article-id:12`), the
article lists, the taxonomy endpoints, the path lookups, and `everything`, each with the
token it had when the body was built. Events renew only the tags whose answers they change,
so an approved comment on one article renews that article's count (its detail) and the lists
(its card), not every other article's detail.

A tag's token is random and lives in the cache; a lost token reads as new (a miss, never a
stale hit). Bulk edits that bypass events are announced by blog.published.reconcile (or, renewing
everything and nothing more, blog.published.reconcile.record_change).
"""

from __future__ import annotations

import re
import secrets

from django.core.cache import cache

from blog.events import (
    COMMENT_EVENTS,
    NOTICES,
    REFERENCED_IN_ARTICLES,
    SHOWN_IN_ARTICLES,
    Event,
    EventType,
)
from blog.showing import articles_showing, shown_everywhere

EVERYTHING = "everything"
LISTS = "lists"  # article lists and sync: anything that shows cards or full articles
TAXONOMY = "taxonomy"  # treatments, tags and authors, with their article counts
PATHS = "paths"  # the path lookup: moves, slugs, redirects

ARTICLE_DETAIL = re.compile(r"^/api/v1/articles/(?!lookup/|by-id/)([^/]+)/$")
COMMENT_LIST = re.compile(r"^/api/v1/articles/([^/]+)/comments/$")
TAXONOMY_PATHS = ("/api/v1/treatments/", "/api/v1/tags/", "/api/v1/authors/")


def article_tag(article_id: int) -> str:
    return f"article-id:{article_id}"


def slug_tag(slug: str) -> str:
    return f"article:{slug}"


def tags_for_path(path: str) -> list[str]:
    """What the answer at `path` depends on before it is built (views add the articles a
    detail shows, see `depend_on`)."""
    if match := COMMENT_LIST.match(path):
        return [slug_tag(match.group(1)), PATHS]  # the view adds the article and its thread
    if match := ARTICLE_DETAIL.match(path):
        return [slug_tag(match.group(1)), PATHS]  # PATHS: a slug can move to another article
    if path.startswith(("/api/v1/articles/lookup/", "/api/v1/articles/by-id/")):
        return [PATHS]
    if path.startswith(TAXONOMY_PATHS):
        return [TAXONOMY]
    if path in ("/api/v1/articles/", "/api/v1/sync/"):
        return [LISTS]
    return []


def comments_tag(article_id: int) -> str:
    return f"comments:{article_id}"


def depend_on(request, article_ids, *, comments_of: int | None = None) -> None:
    """Record that the response being built shows these articles (itself, the titles and
    paths of related cards) and, for `comments_of`, that article's comment count."""
    tags = getattr(request, "cache_tags", None)
    if tags is not None:
        tags.extend(article_tag(pk) for pk in article_ids)
        if comments_of is not None:
            tags.append(comments_tag(comments_of))


def tags_for_event(event: Event) -> set[str]:
    """The tags whose answers `event` changes."""
    if event.type in NOTICES:
        return set()  # its comment.approved renews what changed
    if event.type == EventType.REDIRECT_CHANGED:
        return {PATHS}
    if event.type in COMMENT_EVENTS:
        return {comments_tag(event.article.id), LISTS}  # its count: its detail, its card
    if event.article is not None:
        article = event.article
        own = {article_tag(article.id), slug_tag(article.slug), comments_tag(article.id)}
        return {*own, LISTS, TAXONOMY, PATHS}
    if event.type in SHOWN_IN_ARTICLES or event.type in REFERENCED_IN_ARTICLES:
        if shown_everywhere(event):
            return {EVERYTHING}  # the comment policy, a site, an object deleted
        shown = {article_tag(article.id) for article in articles_showing(event)}
        return {*shown, LISTS, TAXONOMY}
    return {EVERYTHING}


def _keys(tags) -> list[str]:
    return [f"cache-tag:{tag}" for tag in tags]


def snapshot(tags: list[str]) -> dict[str, str]:
    """The current token of each tag (and of everything), made when missing."""
    names = sorted({EVERYTHING, *tags})
    keys = _keys(names)
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    for key in missing:  # add, not set: a token another process just made wins
        cache.add(key, secrets.token_hex(8), None)
    if missing:
        found = {**found, **cache.get_many(missing)}
    return {name: found.get(key, "") for name, key in zip(names, keys, strict=True)}


def still_current(tokens: dict[str, str]) -> bool:
    keys = _keys(tokens)
    found = cache.get_many(keys)
    return all(found.get(key) == token for key, token in zip(keys, tokens.values(), strict=True))


GENERATION = "cache-tag-generation"


def generation() -> str | None:
    """Changes with every renewal: a body whose build saw it change is not stored, since
    what it read may predate a change whose renewal its tag snapshot already includes."""
    return cache.get(GENERATION)


def renew(tags: set[str]) -> None:
    if tags:
        cache.set(GENERATION, secrets.token_hex(8), None)
        cache.set_many({key: secrets.token_hex(8) for key in _keys(tags)}, None)


def renew_for_events(events: list[Event]) -> None:
    """Event stream subscriber."""
    renew({tag for event in events for tag in tags_for_event(event)})
