"""WordPress imports: each run (from the command or the admin) and what each WordPress item
became, so that running the same export again changes nothing and a later export updates
only what changed (blog.importing)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


def _import_storage():
    # Uploaded exports are private (they hold commenters' emails): never the public media.
    from django.core.files.storage import storages

    return storages["imports"]


class WordPressImport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    export = models.FileField(
        "WordPress export (WXR)", upload_to="wordpress/%Y/%m/", storage=_import_storage, blank=True
    )
    file_name = models.CharField(max_length=255, blank=True)
    options = models.JSONField(default=dict, blank=True)
    dry_run = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Items handled so far and in all: the admin's progress bar.
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    log = models.TextField(blank=True)

    class Meta:
        verbose_name = "WordPress import"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name or 'WordPress export'} ({self.get_status_display()})"


class ImportedObject(models.Model):
    """One WordPress item (post, attachment, author, comment, category or tag) of one
    WordPress site, and the object it became here."""

    class Kind(models.TextChoices):
        POST = "post", "Post"
        ATTACHMENT = "attachment", "Attachment"
        DOCUMENT = "document", "Document"
        AUTHOR = "author", "Author"
        COMMENT = "comment", "Comment"
        CATEGORY = "category", "Category"

    # The export's base site URL (scheme and www left out): items are WordPress ids of it.
    source = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    wp_id = models.BigIntegerField()
    object_id = models.PositiveBigIntegerField()
    # A digest of what the import wrote from the item: a later export changes it only when
    # WordPress's content changed.
    digest = models.CharField(max_length=64, blank=True)
    # For posts: the revision the import wrote. A newer one means staff edited the article
    # here since, and a later import leaves it alone (the report names the conflict).
    revision_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "wp_id"], name="imported_once")
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="imported_object")]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.wp_id} → {self.object_id}"
