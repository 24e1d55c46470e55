"""Readers' rights over their comments: export, erasure, and routine purging of traces."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from blog import events
from blog.events import EventType, comment_event
from blog.models import CommentReport, ReaderComment

Status = ReaderComment.Status
REMOVED_TEXT = "[Removed at the author's request.]"
EXPORT_FIELDS = (
    "id", "article_id", "parent_id", "author_name", "email", "website", "body", "status",
    "created_at", "ip_hash", "user_agent", "consent", "notify_on_reply", "email_verified",
    "is_question", "is_urgent", "report_count",
)  # fmt: skip


def comments_of(email: str):
    return ReaderComment.objects.filter(email__iexact=email.strip()).order_by("created_at", "id")


def export(email: str) -> dict:
    """Everything stored about `email`, ready to serialise as JSON."""
    rows = []
    for comment in comments_of(email).select_related("article"):
        row = {name: getattr(comment, name) for name in EXPORT_FIELDS}
        row["created_at"] = comment.created_at.isoformat()
        row["article_title"] = comment.article.title
        rows.append(row)
    return {"email": email.strip(), "comments": rows}


@transaction.atomic
def erase(email: str, *, remove_text: bool = False, user=None) -> int:
    """Anonymise every comment by `email`; with remove_text, their words go too."""
    erased = 0
    edits = []
    for comment in comments_of(email):
        comment.author_name = "Anonymous"
        comment.email = ""
        comment.website = ""
        comment.user_agent = ""
        comment.ip_hash = ""
        comment.notify_on_reply = False
        comment.email_verified = False
        if remove_text:
            comment.body = REMOVED_TEXT
            comment.body_html = f"<p>{REMOVED_TEXT}</p>"
        comment.save()
        log(instance=comment, action="blog.comment.erased", user=user)
        if comment.status == Status.APPROVED:  # what readers see has changed
            edits.append(comment_event(EventType.COMMENT_EDITED, comment))
        erased += 1
    events.emit(edits)
    return erased


@dataclass(frozen=True)
class PurgeReport:
    traces_cleared: int
    comments_deleted: int


@transaction.atomic
def purge(
    *, trace_days: int, delete_days: int, now: datetime.datetime | None = None
) -> PurgeReport:
    """Clear IP hashes and user agents, and readers' reports (keyed by an address hash),
    older than trace_days; delete spam and removed comments older than delete_days."""
    now = now or timezone.now()
    traces = ReaderComment.objects.filter(
        created_at__lt=now - datetime.timedelta(days=trace_days)
    ).exclude(ip_hash="", user_agent="")
    cleared = traces.update(ip_hash="", user_agent="")
    CommentReport.objects.filter(created_at__lt=now - datetime.timedelta(days=trace_days)).delete()
    deleted, _ = ReaderComment.objects.filter(
        status__in=[Status.SPAM, Status.REMOVED],
        created_at__lt=now - datetime.timedelta(days=delete_days),
    ).delete()
    return PurgeReport(traces_cleared=cleared, comments_deleted=deleted)
