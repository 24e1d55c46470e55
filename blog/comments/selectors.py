"""Reads of reader comments: keyset pages of threads, their replies, the cached policy."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from blog import cursors, generations
from blog.cursors import CursorError
from blog.models import CommentPolicy, ReaderComment

POLICY_CACHE_KEY = "blog:comment-policy"


def cached_policy() -> CommentPolicy:
    """The comment policy, cached for a minute; saving it clears the cache."""
    policy = generations.get(POLICY_CACHE_KEY)  # prefetched for public reads
    if not isinstance(policy, CommentPolicy):
        policy = CommentPolicy.load()
        cache.set(POLICY_CACHE_KEY, policy, 60)
    return policy


def approved_count() -> Coalesce:
    """An annotation: approved comments on each article, without a query per article."""
    counts = (
        ReaderComment.objects.approved()
        .filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


@dataclass(frozen=True)
class ThreadCursor:
    created_at: datetime.datetime
    id: int

    def encode(self) -> str:
        return cursors.encode({"t": self.created_at.isoformat(), "i": self.id})

    @classmethod
    def decode(cls, text: str) -> ThreadCursor:
        data = cursors.decode(text)
        try:
            created = datetime.datetime.fromisoformat(data.get("t"))
            if created.tzinfo is None:
                raise CursorError(cursors.INVALID)
            # In UTC, as the database compares it: year 1 at +05:00 would fall before year 1.
            created = created.astimezone(datetime.UTC)
        except (TypeError, ValueError, OverflowError) as error:
            raise CursorError(cursors.INVALID) from error
        return cls(created_at=created, id=cursors.counter(data, "i", minimum=1))


@dataclass
class ThreadPage:
    threads: list[ReaderComment]
    next_cursor: ThreadCursor | None


def thread_page(article_id: int, *, after: ThreadCursor | None, limit: int) -> ThreadPage:
    """Threads oldest first, each with its approved replies nested.

    A comment that is not approved (held after reports, removed, spam) hides itself only:
    when approved replies hang below it, it stays in the thread as a placeholder without its
    text (`visible` False), so every approved comment, the ones `count` counts, can be
    reached. Three queries whatever the page: the approved and the held threads (by keyset,
    so the last page costs what the first does) and the replies of those threads.
    """
    Status = ReaderComment.Status
    base = ReaderComment.objects.filter(article_id=article_id, depth=0)
    # Two keyset queries, merged: approved threads walk the comment_threads index; held
    # threads that keep approved replies are few. One query with an OR read every thread.
    approved = _after(base.filter(status=Status.APPROVED), after)
    held = _after(
        # `status IN (...)` rather than `NOT status = ...`: an IN list can use the index.
        base.filter(status__in=[s for s in Status.values if s != Status.APPROVED]).filter(
            Exists(ReaderComment.objects.filter(root=OuterRef("pk"), status=Status.APPROVED))
        ),
        after,
    )
    ordered = ("created_at", "id")
    found = [
        *approved.select_related("staff_author").order_by(*ordered)[: limit + 1],
        *held.select_related("staff_author").order_by(*ordered)[: limit + 1],
    ]
    roots = sorted(found, key=lambda comment: (comment.created_at, comment.pk))[: limit + 1]
    more = len(roots) > limit
    roots = roots[:limit]
    # Approved replies, and held ones with an approved reply below them (placeholders).
    replies = (
        list(
            ReaderComment.objects.filter(root__in=[root.pk for root in roots])
            .filter(
                Q(status=Status.APPROVED)
                | Exists(
                    ReaderComment.objects.filter(parent=OuterRef("pk"), status=Status.APPROVED)
                )
            )
            .select_related("staff_author")
            .order_by(*ordered)
        )
        if roots
        else []
    )
    nodes = {root.pk: root for root in roots}
    for comment in [*roots, *replies]:
        comment.reply_list = []
        nodes[comment.pk] = comment
    for reply in replies:
        parent = nodes.get(reply.parent_id)
        if parent is not None:
            parent.reply_list.append(reply)
    for root in roots:
        _keep_reachable(root)
    last = roots[-1] if roots else None
    cursor = ThreadCursor(last.created_at, last.pk) if more and last else None
    return ThreadPage(threads=roots, next_cursor=cursor)


def _after(threads: QuerySet, cursor: ThreadCursor | None) -> QuerySet:
    if cursor is None:
        return threads
    # A range on the index, then the ties: the OR form of the same keyset made SQLite scan
    # every thread (10 ms at 66,000 threads instead of 0.2 ms).
    return threads.filter(created_at__gte=cursor.created_at).exclude(
        created_at=cursor.created_at, id__lte=cursor.id
    )


def _keep_reachable(comment: ReaderComment) -> bool:
    """Drop the replies that show nothing; whether `comment` itself is worth showing."""
    comment.reply_list = [reply for reply in comment.reply_list if _keep_reachable(reply)]
    comment.reply_count = len(comment.reply_list)
    comment.visible = comment.status == ReaderComment.Status.APPROVED
    comment.placeholder = "" if comment.visible else placeholder_text(comment)
    return comment.visible or bool(comment.reply_list)


def placeholder_text(comment: ReaderComment) -> str:
    """What readers see in place of a comment they cannot read, worded for what happened to
    it: "no longer" only for a comment that was once shown."""
    if comment.first_approved_at is None:
        return gettext("This comment was not published.")
    if comment.status == ReaderComment.Status.PENDING:
        return gettext("This comment is being reviewed.")
    return gettext("This comment has been removed.")


def decoy_comment_id() -> int:
    """An id like the one the next real comment gets, for the answer to a caught bot: an
    answer with no id would tell it that it was caught."""
    newest = ReaderComment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return newest + 1
