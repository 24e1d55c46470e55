"""What a webhook says about an event: its type, the article, and exactly which API URLs and
website paths it changed, so a front end revalidates those and nothing else. Ids, slugs and
counts only: never a commenter's name, email or address."""

from __future__ import annotations

from blog.api.paths import frontend_path
from blog.events import Event, EventType

LISTS = ["/api/v1/articles/", "/api/v1/sync/"]
TAXONOMY = ["/api/v1/treatments/", "/api/v1/tags/", "/api/v1/authors/"]
SITE_LISTS = ["/", "/articles/"]

ARTICLE_EVENTS = {
    EventType.ARTICLE_PUBLISHED,
    EventType.ARTICLE_UNPUBLISHED,
    EventType.ARTICLE_DELETED,
    EventType.ARTICLE_MOVED,
    EventType.ARTICLE_RESTRICTED,
    EventType.ARTICLE_UNRESTRICTED,
}
COMMENT_EVENTS = {EventType.COMMENT_APPROVED, EventType.COMMENT_HIDDEN, EventType.COMMENT_EDITED}


def website_path(event: Event) -> str:
    """The article's path on the website ('' when the event has no article)."""
    article = event.article
    return frontend_path(article.url_path) if article and article.url_path else ""


def affected(event: Event) -> tuple[list[str], list[str]]:
    """(API URLs, website paths) whose answers this event changes."""
    article = event.article
    if article is None:
        # A treatment, author, tag, image, page or the comment policy: it may show anywhere.
        return [*LISTS, *TAXONOMY, "/api/v1/articles/*"], [*SITE_LISTS, "/articles/*"]
    detail = [f"/api/v1/articles/{article.slug}/", f"/api/v1/articles/by-id/{article.id}/"]
    comments = f"/api/v1/articles/{article.slug}/comments/"
    path = website_path(event)
    lookup = [f"/api/v1/articles/lookup/?path={path}"] if path else []
    paths = [path] if path else []
    if event.type in COMMENT_EVENTS:
        # A comment changes the article's count (its card in lists) and its thread.
        return [*detail, *lookup, comments, *LISTS], [*paths, *SITE_LISTS]
    return [*detail, *lookup, comments, *LISTS, *TAXONOMY], [*paths, *SITE_LISTS]


def payload(event: Event) -> dict:
    api_urls, paths = affected(event)
    article = event.article
    return {
        "type": event.type.value,
        "id": event.id,
        "timestamp": event.at.isoformat(),
        "data": {
            "article": (
                {"id": article.id, "slug": article.slug, "path": website_path(event) or None}
                if article
                else None
            ),
            "object_id": event.object_id,
            "api_urls": api_urls,
            "paths": paths,
        },
    }
