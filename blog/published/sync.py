"""Delta sync for the mobile app: everything once, then only what changed, with tombstones.

A cursor is opaque to the app. Without one, sync pages through every public article (the
"full" phase) and remembers the newest change at its start; after the last page the cursor
moves to the "delta" phase, which reads the change log from that point. An article that was
unpublished, deleted, made private or expired since the cursor comes back as a tombstone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.conf import settings
from django.db.models import Q, QuerySet, Subquery
from django.utils import timezone

from blog import cursors
from blog.changes import current_version
from blog.cursors import CursorError
from blog.models import ArticlePage, ContentChange, StoredArticle
from blog.models.language_chains import in_any_of
from blog.published.selectors import stored_articles
from blog.sites import SiteInfo

PAGE_SIZE = 50


@dataclass(frozen=True)
class Cursor:
    phase: str  # "full" or "delta"
    after: int  # full: last article id sent; delta: last change id read
    high_water: int = 0  # full: the change id when the full sync began
    site: int = 0  # the site it pages through (0: issued before sites were told apart)
    # The languages it syncs ("fr" or "fr,de"; "": the default language's).
    languages: str = ""

    def encode(self) -> str:
        data = {"v": 1, "p": self.phase, "a": self.after, "h": self.high_water}
        if self.site:
            data["s"] = self.site
        if self.languages:
            data["l"] = self.languages
        return cursors.encode(data)

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
            languages=_languages_of(data),
        )


def _languages_of(data: dict) -> str:
    languages = data.get("l", "")
    if not isinstance(languages, str) or len(languages) > 200:
        raise CursorError(cursors.INVALID)
    return languages


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


class CursorOfOtherLanguages(Exception):
    """The cursor was issued by a sync of other languages: what it sent is not what these
    languages serve."""


@dataclass(frozen=True)
class Languages:
    """What a sync serves: each article once along each chain (blog.languages)."""

    locales: tuple[str, ...]  # as asked: ("fr",) or ("fr", "de")
    chains: tuple[tuple[str, ...], ...]

    @property
    def token(self) -> str:
        """The cursor's record of them: none for the default language alone."""
        default = (settings.LANGUAGE_CODE,)
        return "" if self.locales == default else ",".join(self.locales)

    def rows(self, site: SiteInfo | None) -> QuerySet[StoredArticle]:
        rows = stored_articles(site=site, every_language=True)
        return in_any_of(rows, self.chains, language="language")


def default_languages() -> Languages:
    return Languages(
        (settings.LANGUAGE_CODE,), (tuple(settings.LANGUAGE_FALLBACKS[settings.LANGUAGE_CODE]),)
    )


def sync_page(
    cursor: Cursor | None, *, site: SiteInfo | None = None, languages: Languages | None = None
) -> SyncPage:
    """One page of `site`'s sync (every site's without one) in `languages` (by default
    the default language)."""
    languages = languages or default_languages()
    if cursor is not None and site is not None and cursor.site not in (0, site.id):
        raise CursorOfAnotherSite
    if cursor is not None and cursor.languages != languages.token:
        raise CursorOfOtherLanguages
    if cursor is not None:
        # A cursor always names a change that existed when it was issued; if that change
        # is gone, the log was pruned past it and what happened since cannot be told.
        mark = cursor.after if cursor.phase == "delta" else cursor.high_water
        if mark and not ContentChange.objects.filter(id=mark).exists():
            raise CursorPruned
    if cursor is None:
        cursor = Cursor(phase="full", after=0, high_water=current_version()[0])
    if cursor.phase == "full":
        page = _full_page(cursor, site, languages)
    else:
        page = _delta_page(cursor, site, languages)
    page.next_cursor = replace(
        page.next_cursor, site=site.id if site is not None else 0, languages=languages.token
    )
    return page


def _full_page(cursor: Cursor, site: SiteInfo | None, languages: Languages) -> SyncPage:
    articles = languages.rows(site).filter(page_id__gt=cursor.after)
    batch = list(articles.order_by("page_id")[: PAGE_SIZE + 1])
    more = len(batch) > PAGE_SIZE
    batch = batch[:PAGE_SIZE]
    if more:
        following = Cursor(phase="full", after=batch[-1].pk, high_water=cursor.high_water)
    else:
        following = Cursor(phase="delta", after=cursor.high_water)
    return SyncPage(articles=batch, deleted=[], next_cursor=following, has_more=more)


def _delta_page(cursor: Cursor, site: SiteInfo | None, languages: Languages) -> SyncPage:
    changes = list(
        _changes_on(site)
        .filter(id__gt=cursor.after, article_id__isnull=False)
        .order_by("id")
        .values("id", "article_id", "slug", "at")[: PAGE_SIZE + 1]
    )
    more = len(changes) > PAGE_SIZE
    changes = changes[:PAGE_SIZE]
    latest = {change["article_id"]: change for change in changes}
    # A translation published or withdrawn changes which language of its article a
    # language serves: its siblings are sent again, or removed, with it.
    siblings = _translations_of(latest) if latest and len(settings.LANGUAGES) > 1 else {}
    for article_id, (slug, source) in siblings.items():
        latest.setdefault(article_id, {**latest[source], "article_id": article_id, "slug": slug})
    live = languages.rows(site).in_bulk(list(latest)) if latest else {}
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


def _translations_of(changed: dict[int, dict]) -> dict[int, tuple[str, int]]:
    """The other translations of the `changed` articles: {id: (slug, changed id)}."""
    keys = dict(
        ArticlePage.objects.filter(pk__in=list(changed)).values_list("translation_key", "pk")
    )
    found = ArticlePage.objects.filter(translation_key__in=list(keys)).exclude(pk__in=list(changed))
    return {
        pk: (slug, keys[key])
        for pk, slug, key in found.values_list("pk", "slug", "translation_key")
    }


def _changes_on(site: SiteInfo | None):
    """The change log rows about `site`'s pages: a change to an article (or a move out of
    it) on another site is none of its apps' business. Rows from before sites were told
    apart (no url_path) count for every site."""
    changes = ContentChange.objects.all()
    if site is None:
        return changes
    return changes.filter(site.url_paths() | Q(url_path=""))


def _expired_since(after: int, site: SiteInfo | None) -> list[dict]:
    """Articles whose expiry time passed after change `after`: none of them is public now.

    Read from the expiry times themselves rather than only from the change log, so the app
    hears of an expiry even before its scheduled unpublish has been recorded (another process
    still at it, or publishing failed). Listing one the app never had, or twice, is harmless.
    """
    expired = ArticlePage.objects.filter(expire_at__lte=timezone.now())
    if site is not None:
        expired = expired.filter(site.pages())
    if after:
        changed_at = ContentChange.objects.filter(id=after).values("at")
        expired = expired.filter(expire_at__gt=Subquery(changed_at))
    return [
        {"id": pk, "slug": slug, "removed_at": expire_at}
        for pk, slug, expire_at in expired.order_by("pk").values_list("pk", "slug", "expire_at")
    ]
