"""A page of the unfiltered article list (the newest first), in one prepared statement.

The most read response of the API, when it is not cached, spent two thirds of its time in
the ORM building and compiling the same query on every request (an expiry filter, the
site's paths, a subquery for the page's ids and an ordering of three columns) and
instantiating models, where the database answers in a fraction of a millisecond. The
statement is still the ORM's own (blog.published.selectors.stored_articles, so the filters are
written once), compiled once per site and page, and run again with the current time.
Filtered lists and searches keep the ORM (blog.api.pagination).
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from blog.models import StoredArticle
from blog.published.selectors import ORDERINGS, stored_articles
from blog.published.stored import CARD_COLUMNS
from blog.sites import SiteInfo

# A time no article expires at, standing in for "now" while the statement is compiled.
_SENTINEL = datetime.datetime(1970, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.UTC)


@dataclass(slots=True)
class CardRow:
    """What a list reads of a stored article: CARD_COLUMNS, in their order, then what a
    render on the spot fills in (blog.published.stored.fresh)."""

    page_id: int
    card: bytes
    comment_count: int
    stale: bool
    version: int
    detail: bytes = b""
    related: bytes = b""
    related_ids: str = ""
    shown_until: datetime.date | None = None


def _adapted(moment: datetime.datetime):
    return StoredArticle._meta.get_field("expire_at").get_db_prep_value(moment, connection)


@functools.lru_cache(maxsize=256)
def _statement(
    site: SiteInfo | None, languages: tuple[str, ...], bottom: int, size: int
) -> tuple[str, tuple, tuple[int, ...]]:
    """The page's SQL, its parameters, and which of them are the current time (compiled
    with a sentinel in its place: once, and once more per fallback language)."""
    order = ORDERINGS["newest"]
    rows = stored_articles(site=site, now=_SENTINEL, languages=languages).order_by(*order)
    window = rows.values("pk")[bottom : bottom + size]
    page = StoredArticle.objects.filter(pk__in=window).order_by(*order).values_list(*CARD_COLUMNS)
    sql, params = page.query.sql_with_params()
    marker = _adapted(_SENTINEL)
    positions = tuple(n for n, value in enumerate(params) if value == marker)
    if len(positions) != len(languages):  # never guess which parameters are the time
        raise RuntimeError("The list's statement does not hold one expiry time per language.")
    return sql, tuple(params), positions


def newest_page(
    *, site: SiteInfo | None, languages: tuple[str, ...], bottom: int, size: int
) -> list[CardRow]:
    """The cards from `bottom` (0: the first), `size` of them, of `site`'s public articles
    in `languages` (a fallback chain), as `stored_articles(site=site, languages=languages)`
    ordered newest first would give them."""
    sql, params, now_at = _statement(site, languages, bottom, size)
    values = list(params)
    now = _adapted(timezone.now())
    for position in now_at:
        values[position] = now
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return [CardRow(*row) for row in cursor.fetchall()]
