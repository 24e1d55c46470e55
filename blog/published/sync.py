"""Delta sync for the mobile app: everything once, then only what changed, with tombstones.

A cursor is opaque to the app. Without one, sync pages through every public article (the
"full" phase) and remembers the newest change at its start; after the last page the cursor
moves to the "delta" phase, which reads the change log from that point. An article that was
unpublished, deleted, made private or expired since the cursor comes back as a tombstone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db.models import Q, Subquery
from django.utils import timezone

from blog import cursors
from blog.changes import current_version
from blog.cursors import CursorError
from blog.models import ArticlePage, ContentChange, StoredArticle
from blog.published.selectors import stored_articles
from blog.sites import SiteInfo

PAGE_SIZE = 50


@dataclass(frozen=True)
class Cursor:
    phase: str  # "full" or "delta"
    after: int  # full: last article id sent; delta: last change id read
    high_water: int = 0  # full: the change id when the full sync began
    site: int = 0  # the site it pages through (0: issued before sites were told apart)

    def encode(self) -> str:
        data = {"v": 1, "p": self.phase, "a": self.after, "h": self.high_water}
        return cursors.encode({**data, "s": self.site} if self.site else data)

    @classmethod
    def decode(cls, text: str) -> Cursor:
        data = cursors.decode(text)
        if data.get("v") != 1 or data.get("p") not in {"full", "delta"}:
            raise CursorError(cursors.INVALID)
        return cls(
            phase=data["p"],
            after=cursors.counter(data, "a"),
            high_water=cursors.counter(data, "h"),
            site=cursors.counter(data, "s") if "s" in data else 0,
        )


@dataclass
class SyncPage:
    articles: list[StoredArticle]
    deleted: list[dict]
    next_cursor: Cursor
    has_more: bool


class CursorPruned(Exception):
    """The change a cursor points at is older than the change log keeps."""


class CursorOfAnotherSite(Exception):
    """The cursor was issued by another site's sync: what this site changed is not in it."""


def sync_page(cursor: Cursor | None, *, site: SiteInfo | None = None) -> SyncPage:
    """One page of `site`'s sync (every site's without one)."""
    if cursor is not None and site is not None and cursor.site not in (0, site.id):
        raise CursorOfAnotherSite
    if cursor is not None:
        # A cursor always names a change that existed when it was issued; if that change
        # is gone, the log was pruned past it and what happened since cannot be told.
        mark = cursor.after if cursor.phase == "delta" else cursor.high_water
        if mark and not ContentChange.objects.filter(id=mark).exists():
            raise CursorPruned
    if cursor is None:
        cursor = Cursor(phase="full", after=0, high_water=current_version()[0])
    page = _full_page(cursor, site) if cursor.phase == "full" else _delta_page(cursor, site)
    page.next_cursor = replace(page.next_cursor, site=site.id if site is not None else 0)
    return page


def _full_page(cursor: Cursor, site: SiteInfo | None) -> SyncPage:
    articles = stored_articles(site=site).filter(page_id__gt=cursor.after)
    batch = list(articles.order_by("page_id")[: PAGE_SIZE + 1])
    more = len(batch) > PAGE_SIZE
    batch = batch[:PAGE_SIZE]
    if more:
        following = Cursor(phase="full", after=batch[-1].pk, high_water=cursor.high_water)
    else:
        following = Cursor(phase="delta", after=cursor.high_water)
    return SyncPage(articles=batch, deleted=[], next_cursor=following, has_more=more)


def _delta_page(cursor: Cursor, site: SiteInfo | None) -> SyncPage:
    changes = list(
        _changes_on(site)
        .filter(id__gt=cursor.after, article_id__isnull=False)
        .order_by("id")
        .values("id", "article_id", "slug", "at")[: PAGE_SIZE + 1]
    )
    more = len(changes) > PAGE_SIZE
    changes = changes[:PAGE_SIZE]
    latest = {change["article_id"]: change for change in changes}
    live = stored_articles(site=site).in_bulk(list(latest)) if latest else {}
    deleted = [
        {"id": article_id, "slug": change["slug"], "removed_at": change["at"]}
        for article_id, change in latest.items()
        if article_id not in live
    ]
    tombstoned = set(latest)
    expired = _expired_since(cursor.after, site)
    deleted += [gone for gone in expired if gone["id"] not in tombstoned]
    after = changes[-1]["id"] if changes else cursor.after
    return SyncPage(
        articles=[live[pk] for pk in latest if pk in live],
        deleted=deleted,
        next_cursor=Cursor(phase="delta", after=after),
        has_more=more,
    )


def _changes_on(site: SiteInfo | None):
    """The change log rows about `site`'s pages: a change to an article (or a move out of
    it) on another site is none of its apps' business. Rows from before sites were told
    apart (no url_path) count for every site."""
    changes = ContentChange.objects.all()
    if site is None:
        return changes
    # The default language's pages, until sync is per language.
    return changes.filter(site.url_paths(translations=False) | Q(url_path=""))


def _expired_since(after: int, site: SiteInfo | None) -> list[dict]:
    """Articles whose expiry time passed after change `after`: none of them is public now.

    Read from the expiry times themselves rather than only from the change log, so the app
    hears of an expiry even before its scheduled unpublish has been recorded (another process
    still at it, or publishing failed). Listing one the app never had, or twice, is harmless.
    """
    expired = ArticlePage.objects.filter(expire_at__lte=timezone.now())
    if site is not None:
        expired = expired.filter(site.pages(translations=False))
    if after:
        changed_at = ContentChange.objects.filter(id=after).values("at")
        expired = expired.filter(expire_at__gt=Subquery(changed_at))
    return [
        {"id": pk, "slug": slug, "removed_at": expire_at}
        for pk, slug, expire_at in expired.order_by("pk").values_list("pk", "slug", "expire_at")
    ]
