"""After a bulk edit that bypassed Wagtail's signals (`QuerySet.update()`, SQL, an import):
bring the stored articles back in step with the pages and announce what changed, as
Wagtail's own publish, unpublish, move and restriction paths would have.

Every difference between a page and its stored row counts: a row for an article that is no
longer live (article.unpublished) or no longer public (article.restricted), no row for one
that is (article.published), a new path (article.moved), and any other change to what the
API shows of it, found by rendering the article and comparing the bytes with the stored
ones (article.published, as a published edit). The events reach every subscriber (the
change log and sync's tombstones, the response cache's tags in every process, webhooks, CDN
purges); the search index is updated for each article announced, and the related cards of
other articles are rendered again.

A stored copy that was already out of date (stale) and differs is announced too: a
duplicate announcement only makes front ends fetch the article again, a missing one leaves
it wrong.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db import transaction
from wagtail.search import index

from blog import events
from blog.changes import content_changed
from blog.events import ArticleRef, Event, EventType
from blog.models import ArticlePage, ContentChange, StoredArticle
from blog.published import prerender, store
from blog.published.cache_tags import EVERYTHING, article_tag, renew

CHUNK = store.RENDER_BATCH  # articles rendered in one transaction: it holds SQLite's lock


@dataclass
class Reconciliation:
    """The ids of the articles announced, by event."""

    published: list[int] = field(default_factory=list)
    unpublished: list[int] = field(default_factory=list)
    restricted: list[int] = field(default_factory=list)
    moved: list[int] = field(default_factory=list)
    # Only their related cards differed: stored, and their cached answers renewed, with no
    # event of their own (the related article's own event is the news).
    rerendered: list[int] = field(default_factory=list)

    @property
    def announced(self) -> int:
        return len(self.published) + len(self.unpublished) + len(self.restricted) + len(self.moved)


@dataclass(frozen=True)
class _Shown:
    """What front ends were shown of an article before reconciling: its place, and digests
    of the rest (holding every article's JSON at once would cost megabytes per thousand)."""

    slug: str
    url_path: str
    language: str
    columns: tuple  # what lists sort and filter on, and what a read splices in
    own: bytes  # the card and the detail
    related: bytes

    @classmethod
    def of(cls, row: dict) -> _Shown:
        return cls(
            slug=row["slug"],
            url_path=row["url_path"],
            language=row["language"],
            columns=(*(row[name] for name in store.COLUMNS), row["shown_until"]),
            own=_digest([row["card"], row["detail"]]),
            related=_digest([row["related"], row["related_ids"].encode()]),
        )

    @classmethod
    def rendered(cls, article: ArticlePage, rendered: prerender.Rendered) -> _Shown:
        row = {name: getattr(article, name) for name in store.COLUMNS if name != "language"}
        row["language"] = article.locale.language_code
        row.update(
            card=rendered.card,
            detail=rendered.detail,
            shown_until=rendered.shown_until,
            related=rendered.related,
            related_ids=store.related_ids_text(rendered.related_ids),
        )
        return cls.of(row)


def _digest(parts: list[bytes]) -> bytes:
    found = hashlib.blake2b(digest_size=16)
    for part in parts:
        found.update(len(part).to_bytes(8, "big") + bytes(part))
    return found.digest()


def reconcile_articles(article_ids: Iterable[int] | None = None) -> Reconciliation:
    """Reconcile every article (or `article_ids`) with its stored row; returns what was
    announced. Then renders what the changes left stale (other articles' related cards)."""
    if article_ids is None:
        ids = sorted(ArticlePage.objects.values_list("pk", flat=True))
    else:
        ids = sorted(set(article_ids))
    # Read before any row changes: a render by the worker or a reader meanwhile would
    # otherwise store the bulk edit's result unannounced.
    shown = _shown_before(ids)
    result = Reconciliation()
    for start in range(0, len(ids), CHUNK):
        with transaction.atomic():
            _reconcile_chunk(ids[start : start + CHUNK], shown, result)
    store.render_stale()
    return result


def _shown_before(ids: list[int]) -> dict[int, _Shown]:
    fields = ("page_id", *store.COLUMNS, "card", "detail", "shown_until", "related", "related_ids")
    shown = {}
    for start in range(0, len(ids), CHUNK):
        rows = StoredArticle.objects.filter(page_id__in=ids[start : start + CHUNK])
        for row in rows.values(*fields):
            shown[row["page_id"]] = _Shown.of(row)
    return shown


def _reconcile_chunk(ids: list[int], shown: dict[int, _Shown], result: Reconciliation) -> None:
    articles = ArticlePage.objects.filter(pk__in=ids)
    public = set(articles.live().unrestricted().values_list("pk", flat=True))
    live = set(articles.live().values_list("pk", flat=True))
    store.sync_columns(ids)  # rows deleted, added, columns copied; others' cards marked stale
    batch = []
    for pk in sorted(set(shown) & set(ids) - public):
        # The article as front ends knew it: sync's tombstone, the purged paths.
        ref = ArticleRef(
            id=pk, slug=shown[pk].slug, url_path=shown[pk].url_path, language=shown[pk].language
        )
        kind = EventType.ARTICLE_RESTRICTED if pk in live else EventType.ARTICLE_UNPUBLISHED
        batch.append(Event(type=kind, article=ref))
        (result.restricted if pk in live else result.unpublished).append(pk)
    versions = dict(
        StoredArticle.objects.filter(page_id__in=public).values_list("page_id", "version")
    )
    rerendered = []
    for article in store.articles_to_render(public):
        rendered = prerender.render(article)
        store.store_rendered(article.pk, versions.get(article.pk, 0), rendered)
        before, now = shown.get(article.pk), _Shown.rendered(article, rendered)
        ref = ArticleRef.of(article)
        if before is None:
            batch.append(Event(type=EventType.ARTICLE_PUBLISHED, article=ref))
            result.published.append(article.pk)
        elif before.url_path != now.url_path:
            moved = replace(ref, moved_from=before.url_path)
            batch.append(Event(type=EventType.ARTICLE_MOVED, article=moved))
            result.moved.append(article.pk)
        elif (before.columns, before.own) != (now.columns, now.own):
            batch.append(Event(type=EventType.ARTICLE_PUBLISHED, article=ref))
            result.published.append(article.pk)
        elif before.related != now.related:
            rerendered.append(article.pk)
    result.rerendered += rerendered
    # Wagtail's save would have updated the search index; the bulk edit did not.
    for page in ArticlePage.objects.filter(pk__in=[event.article.id for event in batch]):
        index.insert_or_update_object(page)
    events.emit(batch)
    if rerendered:
        transaction.on_commit(lambda: renew({article_tag(pk) for pk in rerendered}))


def record_change(*, kind: str, article_id: int | None = None, slug: str = "") -> None:
    """Append a change directly: every cached response is renewed, and nothing else. After
    a bulk edit of articles (QuerySet.update) use reconcile_articles
    (`manage.py reconcile_articles`), which also updates the stored articles and sends
    each changed article's event (sync, webhooks, purges, search)."""
    ContentChange.objects.create(kind=kind, article_id=article_id, slug=slug)
    transaction.on_commit(content_changed)
    renew({EVERYTHING})
