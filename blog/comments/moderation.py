"""Staff decisions on comments, each written to Wagtail's audit log."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from blog import events
from blog.comments import counts, notifications
from blog.comments.posting import attach_point
from blog.comments.rendering import clean_text, render_body
from blog.events import EventType, comment_event
from blog.models import Author, CommentPolicy, CommentReport, ReaderComment

Status = ReaderComment.Status
LOG_ACTIONS = {
    "blog.comment.approved": "Approve reader comment",
    "blog.comment.spam": "Mark reader comment as spam",
    "blog.comment.removed": "Remove reader comment",
    "blog.comment.pending": "Return reader comment to moderation",
    "blog.comment.staff_reply": "Reply to a reader comment as the clinic",
    "blog.comment.erased": "Anonymise a reader comment",
}


@transaction.atomic
def moderate(comments: Iterable[ReaderComment], *, status: str, user, note: str = "") -> int:
    """Set `status` on each comment, record who and when, and log it."""
    changed = 0
    now = timezone.now()
    shown_changes = []
    for comment in comments:
        if comment.status == status:
            continue
        if (comment.status == Status.APPROVED) != (status == Status.APPROVED):
            shown = EventType.COMMENT_APPROVED if status == Status.APPROVED else None
            shown_changes.append(comment_event(shown or EventType.COMMENT_HIDDEN, comment))
        first_approval = status == Status.APPROVED and comment.first_approved_at is None
        comment.status = status
        comment.moderated_by = user
        comment.moderated_at = now
        if first_approval:
            comment.first_approved_at = now
        if note:
            comment.moderation_note = note
        comment.save(
            update_fields=[
                "status",
                "moderated_by",
                "moderated_at",
                "moderation_note",
                "first_approved_at",
            ]
        )
        log(instance=comment, action=f"blog.comment.{status}", user=user)
        notifications.after_moderation(comment, first_approval=first_approval)
        changed += 1
    events.emit(shown_changes)  # readers see a difference only when one is or was shown
    return changed


class ReplyRefused(Exception):
    """The comment cannot be answered as it stands; the message says what to do instead."""


def _current(comment: ReaderComment) -> ReaderComment:
    """The comment as stored now, locked until the transaction ends: another moderator may
    have decided on it since the page was shown."""
    return ReaderComment.objects.select_for_update().select_related("article").get(pk=comment.pk)


@transaction.atomic
def reply_as_clinic(
    parent: ReaderComment, *, author: Author, user, body: str, policy: CommentPolicy
) -> ReaderComment:
    """An approved reply under the staff member's Author profile, to an approved comment
    only: an answer under a comment readers cannot see answers nothing they can read (a
    pending comment is approved and answered in one step: approve_and_reply)."""
    parent = _current(parent)
    if parent.status != Status.APPROVED:
        raise ReplyRefused(
            f"The comment is {parent.get_status_display().lower()}: "
            "only an approved comment can be answered."
        )
    target = attach_point(parent, policy)
    text = clean_text(body)
    now = timezone.now()
    reply = ReaderComment.objects.create(
        article_id=parent.article_id,
        parent=target,
        root=target.root or target,
        depth=target.depth + 1,
        author_name=author.name,
        email=getattr(user, "email", "") or "staff@localhost",
        body=text,
        body_html=render_body(text),
        status=Status.APPROVED,
        is_staff_reply=True,
        staff_author=author,
        moderated_by=user,
        moderated_at=now,
        first_approved_at=now,
        consent=True,
        email_verified=True,
    )
    log(instance=reply, action="blog.comment.staff_reply", user=user)
    events.emit([comment_event(EventType.COMMENT_APPROVED, reply)])
    notifications.after_comment_saved(reply, newly_approved=True, policy=policy)
    return reply


@transaction.atomic
def approve_and_reply(
    comment: ReaderComment, *, author: Author, user, body: str, policy: CommentPolicy
) -> ReaderComment:
    """Approve a pending comment and publish the clinic's answer, both or neither: each is
    logged, and sends its events and mails, as it would alone. A comment someone marked as
    spam or removed meanwhile is left as it is; one approved meanwhile is just answered."""
    comment = _current(comment)
    if comment.status not in {Status.PENDING, Status.APPROVED}:
        raise ReplyRefused(
            f"The comment was {comment.get_status_display().lower()} meanwhile: "
            "nothing was approved or published."
        )
    moderate([comment], status=Status.APPROVED, user=user)
    return reply_as_clinic(comment, author=author, user=user, body=body, policy=policy)


@transaction.atomic
def report(comment: ReaderComment, *, reporter: str, policy: CommentPolicy) -> bool:
    """A reader's flag. Each reader counts once (a repeat changes nothing); enough distinct
    readers within COMMENTS_REPORT_WINDOW_DAYS, and since staff last decided on the comment,
    send an approved comment back to moderation: a comment staff approved again is not held
    by the next single report. The clinic's own replies cannot be held by readers. Returns
    whether the report counted."""
    if comment.is_staff_reply:
        return False
    _, created = CommentReport.objects.get_or_create(comment=comment, reporter=reporter)
    if not created:
        return False
    comment.refresh_from_db(fields=["status", "moderated_at"])
    since = timezone.now() - timedelta(days=settings.COMMENTS_REPORT_WINDOW_DAYS)
    if comment.moderated_at and comment.moderated_at > since:
        since = comment.moderated_at
    reporters = CommentReport.objects.filter(comment=comment, created_at__gt=since).count()
    ReaderComment.objects.filter(pk=comment.pk).update(report_count=reporters)
    comment.report_count = reporters
    if comment.status != Status.APPROVED or reporters < policy.report_threshold:
        return True
    # Only if still approved: a decision staff made meanwhile is not overwritten.
    if ReaderComment.objects.filter(pk=comment.pk, status=Status.APPROVED).update(
        status=Status.PENDING
    ):
        comment.status = Status.PENDING
        counts.comments_changed([comment.article_id])
        log(instance=comment, action="blog.comment.pending", user=None)
        events.emit([comment_event(EventType.COMMENT_HIDDEN, comment)])
    return True
