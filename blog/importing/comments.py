"""A post's WordPress comments become reader comments, threaded as they were.

Approved stay approved and pending stay pending; spam, trashed comments, pingbacks and
trackbacks are counted and left out. The commenter's email stays private as with live
comments, the address is kept only as the same keyed hash, the user agent is dropped. A reply
deeper than our threads allow hangs at the deepest level, as a live reply would. A comment by
a WordPress user who is one of the imported authors is a reply from the clinic. Nothing is
mailed and no spam service is asked.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.utils import timezone

from blog.comments import counts
from blog.comments.clients import ip_hash
from blog.comments.posting import attach_point
from blog.comments.rendering import clean_line, clean_text, render_body
from blog.comments.spam import is_question
from blog.importing.wxr_items import WxrComment
from blog.models import ArticlePage, CommentPolicy, ImportedObject, ReaderComment

Status = ReaderComment.Status
BODY_MAX = 5000
NAME_MAX = 80
WEBSITE_MAX = 200
_TAGS = re.compile(r"<[^>]*>")
_BREAKS = re.compile(r"<\s*(br|/p|/li|/blockquote)\b[^>]*>", re.IGNORECASE)
_STATUS = {"1": Status.APPROVED, "approve": Status.APPROVED, "0": Status.PENDING}


@dataclass
class CommentsOutcome:
    created: int = 0
    unchanged: int = 0
    spam: int = 0
    trashed: int = 0
    pings: int = 0
    notes: list[str] | None = None


def comment_text(content: str) -> str:
    """WordPress keeps comments as light HTML; ours are plain text rendered on save."""
    text = _BREAKS.sub("\n", content.replace("\r\n", "\n"))
    text = html.unescape(_TAGS.sub("", text))
    return clean_text(re.sub(r"\n{3,}", "\n\n", text))


def import_comments(
    *,
    article: ArticlePage,
    comments: tuple[WxrComment, ...],
    source: str,
    staff_authors: dict[int, int],
    policy: CommentPolicy,
    outcome: CommentsOutcome,
) -> list[ReaderComment]:
    """Create the comments not imported before, parents before replies, without the signals
    of a save (the article's stored count is updated once); returns those created (approved
    ones make the article's news)."""
    notes: list[str] = []
    wanted = {}
    for comment in comments:
        if comment.type in {"pingback", "trackback"}:
            outcome.pings += 1
        elif comment.approved == "spam":
            outcome.spam += 1
        elif comment.approved not in _STATUS:
            outcome.trashed += 1  # trash, post-trashed, anything unknown
        else:
            wanted[comment.wp_id] = comment
    done = dict(
        ImportedObject.objects.filter(
            source=source, kind=ImportedObject.Kind.COMMENT, wp_id__in=list(wanted)
        ).values_list("wp_id", "object_id")
    )
    existing = ReaderComment.objects.in_bulk(list(done.values()))
    made: dict[int, ReaderComment] = {
        wp_id: existing[pk] for wp_id, pk in done.items() if pk in existing
    }
    outcome.unchanged += len(made)
    # Generations: a comment is written after its parent, each generation in one bulk insert
    # (a post's comments cost a few queries, not one per comment).
    generation: dict[int, int] = {}

    def generation_of(comment: WxrComment, seen: frozenset[int] = frozenset()) -> int:
        if comment.wp_id not in generation:
            above = wanted.get(comment.parent_id)
            if above is None or above.wp_id in made or comment.parent_id in seen:
                generation[comment.wp_id] = 0
            else:
                generation[comment.wp_id] = generation_of(above, seen | {comment.wp_id}) + 1
        return generation[comment.wp_id]

    todo = [c for c in wanted.values() if c.wp_id not in made]
    ordered = sorted(todo, key=lambda c: (c.date or timezone.now(), c.wp_id))
    by_generation: dict[int, list[WxrComment]] = {}
    for comment in ordered:
        by_generation.setdefault(generation_of(comment), []).append(comment)
    created: list[ReaderComment] = []
    for level in sorted(by_generation):
        rows = []
        for comment in by_generation[level]:
            parent = made.get(comment.parent_id) if comment.parent_id else None
            if comment.parent_id and parent is None:
                notes.append(
                    f"A reply's comment {comment.parent_id} was not imported (spam, trash or "
                    "missing): the reply starts a thread of its own"
                )
            if parent is not None:
                parent = attach_point(parent, policy)
            rows.append(_new_comment(article, comment, parent, staff_authors, notes))
        ReaderComment.objects.bulk_create(rows, batch_size=500)
        for comment, row in zip(by_generation[level], rows, strict=True):
            made[comment.wp_id] = row
        created += rows
    ImportedObject.objects.bulk_create(
        [
            ImportedObject(
                source=source, kind=ImportedObject.Kind.COMMENT, wp_id=wp_id, object_id=row.pk
            )
            for wp_id, row in made.items()
            if wp_id not in done
        ],
        batch_size=500,
        ignore_conflicts=True,
    )
    if any(row.status == Status.APPROVED for row in created):
        counts.comments_changed([article.pk])  # what a save of each would have done
    outcome.created += len(created)
    outcome.notes = (outcome.notes or []) + list(dict.fromkeys(notes))
    return created


def _new_comment(
    article: ArticlePage,
    comment: WxrComment,
    parent: ReaderComment | None,
    staff_authors: dict[int, int],
    notes: list[str],
) -> ReaderComment:
    body = comment_text(comment.content) or "(This comment had no text in WordPress.)"
    if len(body) > BODY_MAX:
        body = body[: BODY_MAX - 1].rsplit(" ", 1)[0] + "…"
        notes.append(f"Comment {comment.wp_id} was longer than {BODY_MAX} characters: shortened")
    name = clean_line(html.unescape(comment.author))[:NAME_MAX] or "Anonymous"
    website = comment.author_url.strip()
    if not website.startswith(("http://", "https://")) or len(website) > WEBSITE_MAX:
        website = ""
    email = comment.author_email.strip()[:254]
    if "@" not in email:
        # Our comments need an address; .invalid can never receive mail (RFC 2606).
        email = f"wordpress-comment-{comment.wp_id}@import.invalid"
        notes.append(f"Comment {comment.wp_id} had no email address: a placeholder is stored")
    try:
        hashed = ip_hash(comment.author_ip) if comment.author_ip else ""
    except ValueError:
        hashed = ""
    status = _STATUS[comment.approved]
    when = comment.date or timezone.now()
    staff_author = staff_authors.get(comment.user_id) if comment.user_id else None
    return ReaderComment(
        article=article,
        parent=parent,
        root=(parent.root or parent) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        author_name=name,
        email=email,
        website=website,
        body=body,
        body_html=render_body(body),
        status=status,
        first_approved_at=when if status == Status.APPROVED else None,
        is_staff_reply=staff_author is not None,
        staff_author_id=staff_author,
        is_question=staff_author is None and is_question(body),
        created_at=when,
        ip_hash=hashed,
        moderation_note="Imported from WordPress",
    )
