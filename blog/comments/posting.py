"""Posting a reader comment: every rule a new comment passes, in one transaction."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from blog import events
from blog.comments import akismet, notifications, spam
from blog.comments.clients import ip_hash
from blog.comments.rendering import clean_text, render_body
from blog.events import EventType, comment_event
from blog.models import ArticlePage, CommentPolicy, ReaderComment
from blog.paths import article_url

Status = ReaderComment.Status
DUPLICATE_WINDOW = datetime.timedelta(days=1)

# Lazy: each reads in the language active where it is shown (the website's page; the API
# answers in the article's language).
HELD_MESSAGE = gettext_lazy(
    "Thank you! Your comment will appear once a member of our team has read it."
)
MESSAGES = {
    Status.APPROVED: gettext_lazy("Thank you! Your comment is published."),
    Status.PENDING: HELD_MESSAGE,
    # Spam gets the pending message: telling spammers they were caught only teaches them.
    Status.SPAM: HELD_MESSAGE,
}


class CommentsClosed(Exception):
    pass


class CommentRejected(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


class ReplyTargetMissing(CommentRejected):
    """The comment replied to is not an approved comment of this article."""


class DuplicateComment(CommentRejected):
    """The same reader posted the same text on this article a moment ago."""


@dataclass(frozen=True)
class CommentInput:
    name: str
    email: str
    body: str
    website: str = ""
    parent_id: int | None = None
    consent: bool = False
    notify_on_reply: bool = False


@dataclass(frozen=True)
class PostResult:
    comment: ReaderComment
    message: str


def comments_open(
    article: ArticlePage, policy: CommentPolicy, *, now: datetime.datetime | None = None
) -> bool:
    now = now or timezone.now()
    if not article.accepts_comments(today=timezone.localdate(now)):
        return False
    if policy.auto_close_days and article.first_published_at:
        # By date, like the closing date: the answer changes only at midnight, which is
        # what the API's daily validators assume.
        closes = article.first_published_at + datetime.timedelta(days=policy.auto_close_days)
        return timezone.localdate(now) <= timezone.localdate(closes)
    return True


def attach_point(parent: ReaderComment, policy: CommentPolicy) -> ReaderComment:
    """The comment a reply to `parent` hangs under: past the maximum depth, it becomes a
    sibling of `parent` (a reply to parent's parent), so threads never nest deeper."""
    while parent.depth + 1 >= max(1, policy.max_depth) and parent.parent_id:
        parent = parent.parent
    return parent


def _reply_target(
    article: ArticlePage, parent_id: int | None, policy: CommentPolicy
) -> ReaderComment | None:
    if parent_id is None:
        return None
    parent = ReaderComment.objects.filter(pk=parent_id, status=Status.APPROVED).first()
    if parent is None:
        raise ReplyTargetMissing(
            {"parent": [gettext("That comment does not exist or cannot be replied to.")]}
        )
    if parent.article_id != article.pk:
        raise ReplyTargetMissing({"parent": [gettext("That comment belongs to another article.")]})
    return attach_point(parent, policy)


def _trusted(email: str) -> bool:
    earlier = ReaderComment.objects.filter(email__iexact=email)
    return (
        earlier.filter(status=Status.APPROVED).exists()
        and earlier.filter(email_verified=True).exists()
    )


@transaction.atomic
def post_comment(
    *,
    article: ArticlePage,
    data: CommentInput,
    policy: CommentPolicy,
    ip: str = "",
    user_agent: str = "",
    now: datetime.datetime | None = None,
) -> PostResult:
    now = now or timezone.now()
    if not comments_open(article, policy, now=now):
        raise CommentsClosed
    parent = _reply_target(article, data.parent_id, policy)
    body = clean_text(data.body)
    if not body:
        raise CommentRejected({"body": [gettext("Comment is required.")]})
    recent = ReaderComment.objects.filter(
        article=article, email__iexact=data.email, created_at__gte=now - DUPLICATE_WINDOW
    )
    if recent.filter(body=body).exists():
        raise DuplicateComment({"body": [gettext("You have already posted this comment.")]})

    verdict = spam.assess(body=body, name=data.name, website=data.website, policy=policy)
    if not verdict.spam and akismet.is_spam(
        name=data.name,
        email=data.email,
        website=data.website,
        body=body,
        ip=ip,
        user_agent=user_agent,
        permalink=lambda: article_url(article.url_path),
    ):
        verdict.spam = True
        verdict.reasons.append("Akismet says spam")
    urgent = spam.is_urgent(body, policy)
    if verdict.spam:
        status = Status.SPAM
    elif verdict.hold or urgent:
        status = Status.PENDING  # urgent comments always reach a person first
    elif policy.moderation_mode == CommentPolicy.Moderation.TRUSTED and _trusted(data.email):
        status = Status.APPROVED
    else:
        status = Status.PENDING

    comment = ReaderComment.objects.create(
        article=article,
        parent=parent,
        root=(parent.root or parent) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        author_name=data.name,
        email=data.email,
        website=data.website,
        body=body,
        body_html=render_body(body),
        status=status,
        first_approved_at=now if status == Status.APPROVED else None,
        is_question=spam.is_question(body),
        is_urgent=urgent,
        created_at=now,
        ip_hash=ip_hash(ip) if ip else "",
        user_agent=user_agent[:200],
        consent=data.consent,
        notify_on_reply=data.notify_on_reply,
        moderation_note="; ".join(verdict.reasons),
    )
    if status == Status.APPROVED:
        events.emit([comment_event(EventType.COMMENT_APPROVED, comment)])
    notifications.after_comment_saved(
        comment, newly_approved=status == Status.APPROVED, policy=policy
    )
    return PostResult(comment=comment, message=MESSAGES[status])
