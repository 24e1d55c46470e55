"""CDN purges: on each committed event, exactly the URLs whose answers it changed are purged
from the CDN in front of this server (its API and its server-rendered pages), through
wagtail.contrib.frontend_cache's backends and its durable purge task.

Backends come from the environment (cms/settings/delivery.py): Cloudflare, CloudFront, or
any cache that accepts HTTP PURGE requests (Varnish, nginx, Fastly) at
FRONTEND_CACHE_HTTP_LOCATION. Without one, nothing is sent.
"""

from __future__ import annotations

from django.conf import settings
from wagtail.contrib.frontend_cache.utils import get_backends, purge_urls_from_cache

from blog.delivery.payloads import affected
from blog.events import Event


def urls_to_purge(events: list[Event]) -> list[str]:
    """Absolute URLs on CDN_BASE_URL, each once, in a stable order."""
    base = settings.CDN_BASE_URL.rstrip("/")
    found: dict[str, None] = {}
    for event in events:
        api_urls, paths = affected(event)
        found.update(dict.fromkeys(base + url for url in [*api_urls, *paths]))
    return list(found)


def purge_affected(events: list[Event]) -> None:
    """Event stream subscriber."""
    if get_backends():
        purge_urls_from_cache(urls_to_purge(events))
