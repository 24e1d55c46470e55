"""Articles rendered on write: the API's card and detail JSON, stored beside the columns that
lists sort and filter on, so a read is one indexed query and no serialisation.

A row exists exactly for each live article that anyone may read (no password, login or group
restriction); expiry is checked at read time, as everywhere. blog.published.store keeps the rows in
step with the pages: columns at once, in the transaction that changed the page; the JSON when
`stale` says it is out of date (by the worker soon after, or by the first read that finds it).
"""

from __future__ import annotations

import datetime

from django.db import models

from blog.models.article import ArticlePage, accepts_comments


class StoredArticle(models.Model):
    page = models.OneToOneField(
        ArticlePage, primary_key=True, on_delete=models.CASCADE, related_name="stored"
    )
    # Copies of the page's columns that reads filter and sort on.
    # The page's Wagtail url_path: SiteInfo.url_paths() finds a site's articles by it.
    url_path = models.TextField(db_index=True)
    slug = models.SlugField(max_length=255, allow_unicode=True, db_index=True)
    title = models.CharField(max_length=255)
    # The page's language (its Wagtail locale's code) and the key its translations share:
    # reads serve each article once, in the best language of the reader's fallback chain.
    language = models.CharField(max_length=100, default="", db_index=True)
    translation_key = models.UUIDField(null=True, db_index=True)
    sort_at = models.DateTimeField(null=True)  # the display date (midnight) or first publication
    display_date = models.DateField(null=True)
    first_published_at = models.DateTimeField(null=True)
    expire_at = models.DateTimeField(null=True)
    comments_open = models.BooleanField(default=True)
    comments_close_date = models.DateField(null=True)
    # The medical review's due date: a read says whether it is overdue today.
    next_review_due = models.DateField(null=True)
    # Approved comments, recounted in the transaction that changes one.
    comment_count = models.PositiveIntegerField(default=0)
    # The card up to `"comment_count":`, the rest of the detail up to `"related":`, and the
    # related cards: a read splices in the counter and whether comments are open today.
    card = models.BinaryField(default=b"")
    detail = models.BinaryField(default=b"")
    related = models.BinaryField(default=b"[]")
    # The first page of the comment threads (the `results` array) and the cursor of the
    # next, as the comment list sends them; empty until read once after a comment changes.
    thread = models.BinaryField(default=b"")
    thread_next = models.CharField(max_length=255, default="")
    thread_version = models.PositiveIntegerField(default=0)
    # ",12,40,7,": the related articles shown, so a change to one of them renders this again.
    related_ids = models.CharField(max_length=255, default=",")
    stale = models.BooleanField(default=True)
    # The last day the stored JSON may be sent: the earliest end of the patient consents its
    # photos rest on. A read after it renders the article again, without those photos.
    shown_until = models.DateField(null=True)
    # Raised whenever the row is marked stale: a render stores its JSON only if the version
    # it started from is still current, so a change made meanwhile is never overwritten.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        # The orders lists use, with the columns every read filters on (the site's paths,
        # expiry) at the end: counting and finding a page then read the index alone, not
        # the rows with their JSON.
        indexes = [
            models.Index(
                fields=["-sort_at", "-first_published_at", "-page", "url_path", "expire_at"],
                name="stored_newest_idx",
            ),
            models.Index(
                fields=["title", "page", "url_path", "expire_at"], name="stored_title_idx"
            ),
            models.Index(fields=["stale"], name="stored_stale_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def accepts_comments(self, today: datetime.date) -> bool:
        return accepts_comments(self.comments_open, self.comments_close_date, today)
