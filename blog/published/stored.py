"""Responses assembled from stored articles (blog.published.prerender): no serialisation on read.

A card is its stored bytes and the comment counter; a detail adds the stored rest and the
comments summary, whose `open` is worked out for today from stored columns and the site's
comment policy. A row found stale is rendered on the spot (and stored for the next read).
Relative media URLs get the request's scheme and host, as the serializers would give them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from blog.comments.posting import comments_open
from blog.comments.selectors import cached_policy
from blog.models import StoredArticle
from blog.paths import comments_url
from blog.published import store
from blog.published.encoding import dumps
from blog.published.prerender import HOST_MARK_BYTES, OVERDUE_MARK_BYTES

# What a list reads of each row: not the detail.
CARD_COLUMNS = ("page_id", "card", "comment_count", "stale", "version")


def fresh(rows: Iterable[StoredArticle]) -> list[StoredArticle]:
    """`rows`, with any stale one rendered now; a row whose article stopped being public
    while this read was under way is left out."""
    rows = list(rows)
    today = timezone.localdate()
    stale = {
        row.page_id: row.version
        for row in rows
        if row.stale or not row.card or _past_its_consent(row, today)
    }
    if not stale:
        return rows
    rendered = store.render_rows(stale)
    kept = []
    for row in rows:
        if row.page_id in rendered:
            done = rendered[row.page_id]
            row.card, row.detail, row.related, row.stale = (
                done.card,
                done.detail,
                done.related,
                False,
            )
            row.related_ids = store.related_ids_text(done.related_ids)
            row.shown_until = done.shown_until
        if row.page_id not in stale or row.page_id in rendered:
            kept.append(row)
    return kept


def _past_its_consent(row: StoredArticle, today) -> bool:
    # Lists read cards only (no photos): a model row may have left the column unread.
    if isinstance(row, StoredArticle):
        shown_until = row.__dict__.get("shown_until")
    else:
        shown_until = getattr(row, "shown_until", None)
    return shown_until is not None and shown_until < today


def first(rows) -> StoredArticle | None:
    """The first of `rows` (a queryset), fresh."""
    found = fresh(rows[:1])
    return found[0] if found else None


def card(row: StoredArticle) -> bytes:
    return bytes(row.card) + str(row.comment_count).encode() + b"}"


def related_ids(row: StoredArticle) -> list[int]:
    return [int(pk) for pk in row.related_ids.strip(",").split(",") if pk]


def detail(row: StoredArticle, *, policy=None, related: bool = True) -> bytes:
    """The detail; without `related`, its related cards are left empty (sync)."""
    count = str(row.comment_count).encode()
    is_open = comments_open(row, policy or cached_policy())
    url = dumps(comments_url(row.slug, row.language))
    return b"".join(
        [
            bytes(row.card),
            count,
            _with_review_status(bytes(row.detail), row),
            bytes(row.related) if related else b"[]",
            b',"comments":{"count":',
            count,
            b',"open":true,"url":' if is_open else b',"open":false,"url":',
            url,
            b"}}",
        ]
    )


def _with_review_status(detail: bytes, row: StoredArticle) -> bytes:
    """The stored detail with the medical review's `overdue` worked out for today (the
    validators change at midnight, so a cached copy never outlives its answer)."""
    if OVERDUE_MARK_BYTES not in detail:
        return detail
    due = row.next_review_due
    overdue = due is not None and due < timezone.localdate()
    return detail.replace(
        OVERDUE_MARK_BYTES, b'"overdue":true' if overdue else b'"overdue":false', 1
    )


def json_response(request: HttpRequest, body: bytes, *, status: int = 200) -> HttpResponse:
    if HOST_MARK_BYTES in body:
        body = body.replace(HOST_MARK_BYTES, request.build_absolute_uri("/")[:-1].encode())
    return HttpResponse(body, content_type="application/json", status=status)


def json_object(head: dict, name: str, items: list[bytes], tail: dict | None = None) -> bytes:
    """`{...head, name: [items], ...tail}`, the items spliced in as they are."""
    parts = [dumps(head)[:-1] + b"," if head else b"{", dumps(name), b":[", b",".join(items), b"]"]
    if tail:
        parts += [b",", dumps(tail)[1:]]
    else:
        parts.append(b"}")
    return b"".join(parts)
