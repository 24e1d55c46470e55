"""CDN purges: on each committed event, exactly the URLs whose answers it changed are purged
from the CDN in front of this server (its API and its server-rendered pages), through
wagtail.contrib.frontend_cache's backends and its durable purge task.

API URLs are purged on CDN_BASE_URL. Website paths are purged there too for the default
(or only) site, and on their own site's root URL for any other (blog.sites).

An event that may show in every article (blog.delivery.payloads: `all_articles`) is purged
by a task of its own, which lists every article's URLs in the worker rather than in the
request that made the change.

Backends come from the environment (cms/settings/delivery.py): Cloudflare, CloudFront, or
any cache that accepts HTTP PURGE requests (Varnish, nginx, Fastly) at
FRONTEND_CACHE_HTTP_LOCATION. Without one, nothing is sent.
"""

from __future__ import annotations

from django.conf import settings
from django_tasks import task
from wagtail.contrib.frontend_cache.utils import get_backends, purge_urls_from_cache

from blog.delivery.payloads import Affected, affected
from blog.events import Event, EventType
from blog.published.selectors import public_articles
from blog.showing import article_refs
from blog.sites import SiteInfo, is_only_or_default


def _base(site: SiteInfo | None) -> str:
    return (settings.CDN_BASE_URL if is_only_or_default(site) else site.root_url).rstrip("/")


def _urls(found: Affected) -> list[str]:
    api_base = settings.CDN_BASE_URL.rstrip("/")
    urls = [api_base + url for url in found.api_urls]
    for site, paths in found.paths.items():
        urls += [_base(site) + path for path in paths]
    return urls


def urls_to_purge(events: list[Event]) -> list[str]:
    """Absolute URLs, each once, in a stable order (events that show everywhere aside)."""
    return _purge_list([affected(event) for event in events])


def _purge_list(found: list[Affected]) -> list[str]:
    return list(dict.fromkeys(url for each in found for url in _urls(each)))


def purge_affected(events: list[Event]) -> None:
    """Event stream subscriber (a bulk change's events wait for its content.imported)."""
    events = [event for event in events if not event.bulk]
    if not events or not get_backends():
        return
    found = [affected(event) for event in events]
    if any(each.all_articles for each in found):
        purge_every_article.enqueue()
    purge_urls_from_cache(_purge_list(found))


@task()
def purge_every_article() -> int:
    """Every public article's URLs, on every site; returns how many were sent."""
    published = [
        Event(type=EventType.ARTICLE_PUBLISHED, article=ref)
        for ref in article_refs(public_articles())
    ]
    urls = urls_to_purge(published)
    purge_urls_from_cache(urls)
    return len(urls)
