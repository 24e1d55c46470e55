"""Reader comments on articles. Named ReaderComment: wagtail.models.Comment is editors' notes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from blog.models.comment_policy import CommentPolicy


class ReaderCommentQuerySet(models.QuerySet):
    def approved(self) -> ReaderCommentQuerySet:
        return self.filter(status=ReaderComment.Status.APPROVED)

    def awaiting_moderation(self) -> ReaderCommentQuerySet:
        return self.filter(status=ReaderComment.Status.PENDING)

    def with_open_question(self) -> ReaderCommentQuerySet:
        """Each comment with `is_open_question`: a question the clinic has not answered yet.
        The one rule for every place that says "question": the queue, a comment's page, the
        article's Comments tab, the dashboard, the Unanswered filter.

        Answered means an approved clinic reply under it, or, for a question at the policy's
        deepest level, one posted after it beside it: a reply there hangs under the
        question's parent (posting.attach_point)."""
        clinic = ReaderComment.objects.approved().filter(is_staff_reply=True)
        below = clinic.filter(parent=models.OuterRef("pk"))
        beside = clinic.filter(
            parent=models.OuterRef("parent"),
            depth=models.OuterRef("depth"),
            created_at__gt=models.OuterRef("created_at"),
        )
        deepest = models.Q(depth__gte=max(1, CommentPolicy.load().max_depth) - 1)
        answered = models.Exists(below) | (
            deepest & models.Q(parent__isnull=False) & models.Exists(beside)
        )
        return self.annotate(is_open_question=models.Q(is_question=True) & ~answered)

    def unanswered_questions(self) -> ReaderCommentQuerySet:
        """Open questions staff still have to answer: approved or awaiting moderation (an
        answer approves a pending one), not spam or removed."""
        return self.with_open_question().filter(
            is_open_question=True,
            status__in=[ReaderComment.Status.APPROVED, ReaderComment.Status.PENDING],
        )


class ReaderComment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"

    article = models.ForeignKey(
        "blog.ArticlePage", on_delete=models.CASCADE, related_name="reader_comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    # The top-level comment of the thread (itself for a top-level comment is None):
    # a page of threads fetches all their replies with one query.
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(default=0)

    author_name = models.CharField("name", max_length=80)
    email = models.EmailField(help_text="Never published.")
    website = models.URLField(blank=True, max_length=200)
    body = models.TextField(max_length=5000)
    body_html = models.TextField(editable=False, help_text="The body as safe HTML.")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    is_staff_reply = models.BooleanField("reply from the clinic", default=False)
    staff_author = models.ForeignKey(
        "blog.Author", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_question = models.BooleanField(default=False)
    is_urgent = models.BooleanField(default=False)
    report_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_note = models.TextField(blank=True)
    # A reply's "someone replied" mail goes out on its first approval only: a comment held by
    # readers' reports and approved again must not mail the same news twice.
    first_approved_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Privacy: a keyed hash of the address (never the address) and a truncated user agent,
    # both purged after a configurable number of days.
    ip_hash = models.CharField(max_length=64, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    consent = models.BooleanField(default=False)
    notify_on_reply = models.BooleanField(default=False)
    email_verified = models.BooleanField(default=False)

    objects = ReaderCommentQuerySet.as_manager()
    # Comments link to nothing editors need a "usage" count for; indexing cost 4 queries.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "reader comment"
        ordering = ["-created_at", "-id"]
        indexes = [
            # Threads of an article, oldest first, for keyset pages.
            models.Index(
                fields=["article", "status", "depth", "created_at", "id"], name="comment_threads"
            ),
            models.Index(fields=["root", "status"], name="comment_replies"),
            models.Index(fields=["status", "-created_at"], name="comment_queue"),
            models.Index(fields=["email"], name="comment_email"),
        ]

    def __str__(self) -> str:
        # The admin's titles and Wagtail's history name the article as editors know it.
        return f"{self.author_name} on “{self.article.title}”: {self.body[:40]}"


class CommentReport(models.Model):
    """One reader's flag on one comment. The reader is a keyed hash of the client address (as
    for throttles), so a reader counts once however often they press "report"."""

    comment = models.ForeignKey(ReaderComment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "comment report"
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")
        ]

    def __str__(self) -> str:
        return f"report on {self.comment_id} at {self.created_at:%Y-%m-%d %H:%M}"
