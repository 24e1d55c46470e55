"""An append-only log of content changes: the API's version, cache key and sync feed."""

from __future__ import annotations

from django.db import models


class ContentChange(models.Model):
    """One change to published content.

    Article rows (published, unpublished, moved, deleted) feed the mobile app's delta sync and
    its tombstones. Every row, article or not, advances the content version that ETags and the
    response cache are keyed on.
    """

    class Kind(models.TextChoices):
        PUBLISHED = "published"
        UNPUBLISHED = "unpublished"
        MOVED = "moved"
        DELETED = "deleted"
        PAGE = "page"
        SNIPPET = "snippet"
        IMAGE = "image"
        TAG = "tag"
        COMMENT = "comment"
        POLICY = "policy"
        RESTRICTED = "restricted"
        UNRESTRICTED = "unrestricted"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    # No foreign key: the row must outlive the article it records the deletion of.
    article_id = models.BigIntegerField(null=True, blank=True)
    slug = models.CharField(max_length=255, blank=True)
    # Where the article was (Wagtail's url_path): which site's sync hears of the change.
    # A move records the old place and the new one.
    url_path = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["article_id", "id"])]
        verbose_name = "content change"

    def __str__(self) -> str:
        return f"{self.kind} {self.slug or ''} at {self.at:%Y-%m-%d %H:%M}".strip()
