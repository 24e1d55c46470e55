"""Totals that change only with the content: how many public articles a site has, and how
many of them each treatment and tag has.

Counting them read every stored article's index entry (or every link) on each read: a few
milliseconds at 200 articles, tens at 10,000. They are kept in the shared cache under the
content state's token (blog.scheduling: the version, which every recorded change moves, and
the next scheduled go-live or expiry), the same token that the API's ETags are made of: a
total is counted again after any change and once a scheduled boundary passes, and served
as is until then, to every process. This is not the response cache: it stays on with
API_RESPONSE_CACHE_TIMEOUT=0.

A total counted while a change commits may already include it and be kept under the older
token; it is never older than its token, so no read gets a total older than the ETag it
sends.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from typing import TypeVar

from django.core.cache import cache

from blog import generations, sites
from blog.scheduling import current_state
from blog.sites import SiteInfo

T = TypeVar("T")

# Long enough to outlast a quiet week; any change or boundary makes a new token anyway.
TIMEOUT = 7 * 24 * 3600


# The state's token that a public read (blog.published.caching) already read: its ETag's.
_token: contextvars.ContextVar[str | None] = contextvars.ContextVar("tally_token", default=None)


@contextlib.contextmanager
def under(token: str) -> Iterator[None]:
    """Tallies in the block are those of the content state with `token`."""
    reset = _token.set(token)
    try:
        yield
    finally:
        _token.reset(reset)


def articles_tally(languages: tuple[str, ...]) -> str:
    """The name of the tally of a site's public articles served along `languages` (a
    fallback chain): one per chain, as each counts each article once in its language."""
    return "articles:" + "|".join(languages)


def tally_key(name: str, site_key: str) -> str:
    """The cache key of a tally; `site_key` as blog.sites.site_key names sites."""
    return f"blog:tally:{name}:{site_key}"


def tally(name: str, *, site: SiteInfo | None, count: Callable[[], T]) -> T:
    """The total `name` for `site` under the current content state, counted by `count`
    when this state has none yet."""
    token = _token.get()
    if token is None:
        token = current_state().token
    key = tally_key(name, sites.site_key(site))
    found = generations.get(key)  # fetched with the content state when it could be
    if isinstance(found, tuple) and len(found) == 2 and found[0] == token:
        return found[1]
    value = count()
    cache.set(key, (token, value), TIMEOUT)
    return value
