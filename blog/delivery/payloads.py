"""What a webhook says about an event: its type, the article, and exactly which API URLs and
website paths it changed, so a front end revalidates those and nothing else. Ids, slugs and
counts only: never a commenter's name, email or address."""

from __future__ import annotations

from blog.api.paths import frontend_path, lookup_url
from blog.api.selectors import articles_showing
from blog.events import COMMENT_EVENTS, NOTICES, ArticleRef, Event, EventType

LISTS = ["/api/v1/articles/", "/api/v1/sync/"]
TAXONOMY = ["/api/v1/treatments/", "/api/v1/tags/", "/api/v1/authors/"]
SITE_LISTS = ["/", "/articles/"]


def website_path(event: Event) -> str:
    """The article's path on the website ('' when the event has no article)."""
    article = event.article
    return frontend_path(article.url_path) if article and article.url_path else ""


def _article_urls(article: ArticleRef) -> tuple[list[str], list[str]]:
    detail = [f"/api/v1/articles/{article.slug}/", f"/api/v1/articles/by-id/{article.id}/"]
    comments = [f"/api/v1/articles/{article.slug}/comments/"]
    path = frontend_path(article.url_path) if article.url_path else ""
    lookup = [lookup_url(path)] if path else []
    return [*detail, *lookup, *comments], [path] if path else []


def affected(event: Event) -> tuple[list[str], list[str]]:
    """(API URLs, website paths) whose answers this event changes, each once."""
    if event.type in NOTICES:
        return [], []  # its comment.approved names them
    if event.type == EventType.REDIRECT_CHANGED:
        return [lookup_url(event.path + "/")], [event.path, event.path + "/"]
    if event.article is None:
        targets = articles_showing(event)
        api_urls, paths = [*LISTS, *TAXONOMY], [*SITE_LISTS]
    elif event.type in COMMENT_EVENTS:
        # A comment changes its article's count (the card in lists) and its thread.
        targets, api_urls, paths = [event.article], [*LISTS], [*SITE_LISTS]
    else:
        targets, api_urls, paths = [event.article], [*LISTS, *TAXONOMY], [*SITE_LISTS]
    for article in targets:
        article_api, article_paths = _article_urls(article)
        api_urls, paths = [*article_api, *api_urls], [*article_paths, *paths]
    return list(dict.fromkeys(api_urls)), list(dict.fromkeys(paths))


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
            "related_id": event.related_id,
            "api_urls": api_urls,
            "paths": paths,
        },
    }
