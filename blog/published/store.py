"""Keeps the stored articles (blog.models.StoredArticle) in step with the pages.

Two speeds, so that no read ever sees a stored copy older than what it shows:

- In the transaction that changes something, cheaply: a page saved, moved or (un)restricted
  gets its row's columns copied (or its row deleted when it is no longer public); a change to
  what articles show (a treatment, author, tag, image, linked page or site) marks the rows
  that show it stale; a comment saved or deleted recounts its article's approved comments.
- Rendering (blog.published.prerender) after the commit, in a task (`render_stale`), or by the
  first read that finds a row stale (blog.published.stored). A render is stored only if the row was
  not marked stale again meanwhile (its `version`).
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import threading
from collections.abc import Iterable, Iterator

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django_tasks import task

from blog.comments.selectors import approved_count
from blog.models import ArticlePage, StoredArticle
from blog.published.prerender import Rendered, render
from blog.search import indexing

logger = logging.getLogger(__name__)

COLUMNS = (
    "url_path",
    "slug",
    "title",
    "display_date",
    "first_published_at",
    "expire_at",
    "comments_open",
    "comments_close_date",
    "next_review_due",
    "language",
    "translation_key",
)
# Columns that related-article cards show: a change to one renders the articles showing it.
SHOWN_AS_RELATED = ("slug", "title", "url_path")
RENDER_BATCH = 50


def sort_at(display_date: datetime.date | None, first_published_at: datetime.datetime | None):
    """What the newest-first order sorts on: the display date at midnight UTC (as the
    database's cast of a date has it), else the first publication."""
    if display_date is not None:
        return datetime.datetime.combine(display_date, datetime.time.min, tzinfo=datetime.UTC)
    return first_published_at


def is_article(page) -> bool:
    if isinstance(page, ArticlePage):
        return True
    article_type = ContentType.objects.get_for_model(ArticlePage)
    return getattr(page, "content_type_id", None) == article_type.id


def mark_stale(rows: QuerySet[StoredArticle] | Q) -> int:
    """Mark rows for rendering again; returns how many."""
    if isinstance(rows, Q):
        rows = StoredArticle.objects.filter(rows)
    marked = rows.update(stale=True, version=F("version") + 1)
    if marked:
        schedule_render()
    return marked


def showing_related(article_ids: Iterable[int]) -> Q:
    found = Q(pk__in=[])
    for pk in article_ids:
        found |= Q(related_ids__contains=f",{pk},")
    return found


def sync_columns(article_ids: Iterable[int]) -> None:
    """Make the rows of `article_ids` match their pages: a row with the page's columns for
    each live, unrestricted article (marked stale), none for the others."""
    ids = set(article_ids)
    if not ids:
        return
    pages = {
        row["pk"]: row
        for row in ArticlePage.objects.filter(pk__in=ids)
        .live()
        .unrestricted()
        .annotate(approved=approved_count(), language=F("locale__language_code"))
        .values("pk", "approved", *COLUMNS)
    }
    existing = {
        row["page_id"]: row
        for row in StoredArticle.objects.filter(page_id__in=ids).values("page_id", *COLUMNS)
    }
    gone = set(existing) - set(pages)
    StoredArticle.objects.filter(page_id__in=gone).delete()
    changed_cards = set(gone)
    # Translations list each other (slug and path): one that appears, goes or moves
    # changes its siblings' details.
    switched = {existing[pk]["translation_key"] for pk in gone}
    for pk, page in pages.items():
        values = {name: page[name] for name in COLUMNS}
        values["sort_at"] = sort_at(page["display_date"], page["first_published_at"])
        before = existing.get(pk)
        if before is None:
            # Another transaction may be adding the same row: theirs has the same columns.
            new = StoredArticle(page_id=pk, comment_count=page["approved"], **values)
            StoredArticle.objects.bulk_create([new], ignore_conflicts=True)
            switched.add(page["translation_key"])
            continue
        if any(before[name] != page[name] for name in SHOWN_AS_RELATED):
            changed_cards.add(pk)
            switched.add(page["translation_key"])
        StoredArticle.objects.filter(page_id=pk).update(
            **values, stale=True, version=F("version") + 1
        )
    if changed_cards:
        mark_stale(showing_related(changed_cards))
    switched.discard(None)
    if switched:
        mark_stale(Q(translation_key__in=switched) & ~Q(page_id__in=ids))
    if pages:  # a row to render: not for a draft saved, the editor's autosave included
        schedule_render()


def related_ids_text(ids: Iterable[int]) -> str:
    """The `related_ids` column: ",12,40,7," (searchable for ",40,")."""
    return "," + "".join(f"{pk}," for pk in ids)


def store_rendered(pk: int, version: int, rendered: Rendered) -> bool:
    """Store `rendered` unless the row was marked stale again since `version` was read."""
    return bool(
        StoredArticle.objects.filter(page_id=pk, version=version).update(
            card=rendered.card,
            detail=rendered.detail,
            related=rendered.related,
            related_ids=related_ids_text(rendered.related_ids),
            shown_until=rendered.shown_until,
            stale=False,
        )
    )


def articles_to_render(ids: Iterable[int]) -> QuerySet[ArticlePage]:
    """What rendering reads: live, unrestricted articles (expired ones too: expiry is
    checked when reading)."""
    return (
        ArticlePage.objects.filter(pk__in=list(ids))
        .live()
        .unrestricted()
        .select_related("author", "reviewed_by", "hero_image", "social_image", "locale")
        .prefetch_related("treatments", "tags")
    )


def render_rows(versions: dict[int, int]) -> dict[int, Rendered]:
    """Render the articles of `versions` ({page id: row version read}) and store each render
    whose row is still at that version; returns every render."""
    rendered = {}
    articles = list(articles_to_render(versions))
    for article in articles:
        rendered[article.pk] = render(article)
        store_rendered(article.pk, versions[article.pk], rendered[article.pk])
    indexing.index_articles(articles)
    return rendered


def render_stale(*, limit: int | None = None) -> int:
    """Render stale rows, a batch at a time; returns how many were rendered."""
    done = 0
    while limit is None or done < limit:
        batch = dict(
            StoredArticle.objects.filter(stale=True)
            .order_by("-sort_at", "-page_id")
            .values_list("page_id", "version")[:RENDER_BATCH]
        )
        if not batch:
            break
        rendered = render_rows(batch)
        for pk in set(batch) - set(rendered):  # no longer public: sync_columns will drop it
            StoredArticle.objects.filter(page_id=pk).delete()
        done += len(batch)
    return done


def _sync_in_chunks(ids: list[int]) -> None:
    for start in range(0, len(ids), 500):
        with transaction.atomic():
            sync_columns(ids[start : start + 500])


def rebuild(*, article_ids: Iterable[int] | None = None) -> int:
    """Rows for every article (or `article_ids`), columns copied and JSON rendered from
    scratch; rows of articles no longer public are deleted."""
    if article_ids is None:
        article_ids = ArticlePage.objects.values_list("pk", flat=True)
    ids = list(article_ids)
    _sync_in_chunks(ids)
    StoredArticle.objects.filter(page_id__in=ids).update(stale=True, version=F("version") + 1)
    return render_stale()


def sync_missing() -> int:
    """Rows for live articles that have none, and none for pages no longer live: after
    migrating (the store's first build) or a bulk import that sent no signals. The rows
    are rendered by the task or the first read."""
    live = ArticlePage.objects.live()
    missing = live.exclude(pk__in=StoredArticle.objects.values("page_id"))
    extra = StoredArticle.objects.exclude(page_id__in=live.values("pk"))
    ids = [*missing.values_list("pk", flat=True), *extra.values_list("page_id", flat=True)]
    _sync_in_chunks(ids)
    return len(ids)


@task()
def render_stale_task() -> int:
    return render_stale()


_deferral = threading.local()


@contextlib.contextmanager
def renders_deferred() -> Iterator[None]:
    """Within: changes mark their rows stale but queue no render; `render_deferred()` (and
    the end of the block) queues one for all of them. A bulk writer (the WordPress import)
    renders fifty articles in one batch instead of one render task per article; a read
    renders a row it finds stale meanwhile, as always."""
    _deferral.depth = getattr(_deferral, "depth", 0) + 1
    try:
        yield
    finally:
        _deferral.depth -= 1
        if not _deferral.depth:
            render_deferred()


def render_deferred() -> None:
    """Queue the render that changes within `renders_deferred()` held back, if any."""
    if getattr(_deferral, "pending", False):
        _deferral.pending = False
        _enqueue_render()


def _enqueue_render() -> None:
    try:
        render_stale_task.enqueue()
    except Exception:  # a read renders what is stale; the queue being down loses nothing
        logger.exception("could not queue the rendering of stale articles")


def schedule_render() -> None:
    """Render what is stale once the transaction commits. Each task renders every stale row
    it finds, so several queued in one transaction cost one render each, not more."""
    if getattr(_deferral, "depth", 0):
        _deferral.pending = True
        return
    transaction.on_commit(_enqueue_render, robust=True)
