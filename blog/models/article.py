"""The treatment article: what clinic staff write, review and publish."""

from __future__ import annotations

import calendar
import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import DateTimeField, Exists, OuterRef, Q
from django.db.models.functions import Cast, Coalesce, Substr
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
)
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.url_routing import RouteResult

from blog.blocks import ArticleBodyBlock
from blog.body import TocEntry, blocks_with_anchors, body_word_count, count_words, table_of_contents
from blog.body import reading_minutes as minutes_for
from blog.models import translation_fields
from blog.models.patient_photos import GuardsPatientPhotos


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day when it has no such day (a review
    on 31 January is next due on 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _block_contents(body) -> list[tuple[str, object]]:
    """A body's blocks without their ids: what a reader would see change."""
    if body is None:
        return []
    return [(block["type"], block.get("value")) for block in body.get_prep_value()]


# Paths below the article index that are its own views (ArticleIndexPage), not articles.
RESERVED_SLUGS = frozenset({"treatments", "tags", "search"})

# Page-type rules put articles at depth 4 (root, home, index, article); this leaves room.
MAX_TREE_DEPTH = 8


def unrestricted() -> Q:
    """A filter on pages (any page type) for those without a restriction on them or any
    ancestor (ArticleQuerySet.unrestricted says why it is written this way)."""
    prefixes = [Substr(OuterRef("path"), 1, Page.steplen * d) for d in range(1, MAX_TREE_DEPTH + 1)]
    restricted_ancestor = Page.objects.filter(path__in=prefixes).filter(
        Exists(PageViewRestriction.objects.filter(page=OuterRef("pk")))
    )
    return Q(depth__lte=MAX_TREE_DEPTH) & ~Exists(restricted_ancestor)


class ArticleQuerySet(PageQuerySet):
    def cards(self) -> ArticleQuerySet:
        """Everything an article card shows, fetched in a fixed number of queries."""
        return self.select_related("author", "hero_image").prefetch_related("treatments", "tags")

    def with_sort_date(self) -> ArticleQuerySet:
        # The display date (midnight) when set, else the first publication. A plain cast,
        # unlike TruncDate, needs no per-row Python function on SQLite.
        return self.annotate(
            sort_date=Coalesce(Cast("display_date", DateTimeField()), "first_published_at")
        )

    def newest_first(self) -> ArticleQuerySet:
        return self.with_sort_date().order_by("-sort_date", "-first_published_at", "-pk")

    def within_schedule(self, *, now: datetime.datetime | None = None) -> ArticleQuerySet:
        """Articles whose expiry time, if any, is still ahead.

        Wagtail leaves an expired page live until `publish_scheduled` unpublishes it; readers
        must not see it meanwhile. (A go-live needs no filter here: Wagtail keeps a page with a
        future go-live unpublished, so `live` already covers it.)
        """
        now = now or timezone.now()
        return self.filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))

    def unrestricted(self) -> ArticleQuerySet:
        """Articles that anyone may read: no password, login or group restriction on them or
        any ancestor.

        A page's ancestors are the pages whose tree paths are prefixes of its own, so the check
        is a few lookups on the unique path index per article, whatever the planner's
        statistics. Joining the restrictions to their pages with a LIKE on the path instead
        left the plan to the statistics: with fresh ones SQLite, and with stale ones
        PostgreSQL, scanned every page for every article (47 seconds at 10,000 articles).
        Wagtail's own .public() costs an extra query. An article deeper than MAX_TREE_DEPTH,
        which the page rules do not allow, is left out rather than shown unchecked.
        """
        return self.filter(unrestricted())

    def readable(self) -> ArticleQuerySet:
        """What readers may see anywhere, API or website: live, not expired, unrestricted."""
        return self.live().within_schedule().unrestricted()


ArticleManager = PageManager.from_queryset(ArticleQuerySet)


def accepts_comments(switched_on: bool, close_date: datetime.date | None, today: datetime.date):
    """An article's own switch and closing date, read on `today`."""
    return switched_on and (close_date is None or today <= close_date)


class ArticlePage(GuardsPatientPhotos, Page):
    intro = models.TextField(
        max_length=600,
        help_text="Two or three sentences that tell readers what they will learn. Shown on "
        "article cards and at the top of the article. Plain text.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The large image at the top. Landscape, at least 1600 pixels wide.",
    )
    body = StreamField(
        ArticleBodyBlock(),
        help_text="Build the article from headings, paragraphs, images, callouts and FAQs.",
    )
    treatments = ParentalManyToManyField(
        "blog.Treatment",
        blank=True,
        related_name="articles",
        help_text="The treatments this article is about. Readers find it from each treatment.",
    )
    tags = ClusterTaggableManager(
        through=ArticlePageTag,
        blank=True,
        help_text="Topics such as 'aftercare' or 'acne scars'. Separate tags with commas.",
    )
    author = models.ForeignKey(
        "blog.Author",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text="Who wrote the article. Add people under Clinic > Authors.",
    )
    display_date = models.DateField(
        "date shown to readers",
        null=True,
        blank=True,
        help_text="Leave empty to show the date the article was first published.",
    )
    comments_open = models.BooleanField(
        "allow reader comments",
        default=True,
        help_text="Untick to close reader comments on this article. Existing comments stay.",
    )
    comments_close_date = models.DateField(
        "close reader comments after",
        null=True,
        blank=True,
        help_text="Reader comments close at the end of this day. Leave empty to keep them open.",
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the article is shared on social media. Defaults to the hero image.",
    )
    reviewed_by = models.ForeignKey(
        "blog.Author",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_articles",
        help_text="The clinician who checked the medical content.",
    )
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text="When the medical content was last checked. Readers see this date.",
    )
    review_interval_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Months until the next medical review. Empty: the clinic's default "
        "(twelve months unless changed).",
    )
    # Derived from the two fields above on every save (review_due_date), so the "Reviews
    # due" report can sort and filter in the database.
    next_review_due = models.DateField(null=True, blank=True, editable=False, db_index=True)
    # With CLINICAL_REVIEW_AFTER_BODY_CHANGE: the day a publish changed the body after its
    # last review. The article is due for review from then on, until the next review.
    review_requested_on = models.DateField(null=True, blank=True, editable=False)

    objects = ArticleManager()

    parent_page_types = ["blog.ArticleIndexPage"]
    subpage_types: list[str] = []
    template = "blog/article_page.html"

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("treatments", [index.SearchField("name")]),
        index.RelatedFields("author", [index.SearchField("name")]),
        index.FilterField("display_date"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldRowPanel([FieldPanel("author"), FieldPanel("display_date")], heading="Byline"),
        FieldPanel("body"),
    ]
    taxonomy_panels = [
        FieldPanel("treatments", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
    ]
    seo_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
                FieldPanel("social_image"),
            ],
            heading="For search engines and social media",
        ),
        MultiFieldPanel(
            [
                FieldPanel("reviewed_by"),
                FieldPanel("last_reviewed"),
                FieldPanel("review_interval_months"),
            ],
            heading="Medical review",
            help_text="Articles about treatments should be checked by a clinician at least "
            "once a year.",
        ),
    ]
    comment_panels = [
        MultiFieldPanel(
            [FieldPanel("comments_open"), FieldPanel("comments_close_date")],
            heading="Reader comments",
        ),
    ]
    # The tabs (edit_handler) are assembled in blog.admin.article_editor, which adds the
    # admin's Comments panel: the model layer imports no admin UI.

    # Translations (wagtail-localize): blog.models.translation_fields.
    translatable_fields = translation_fields.ARTICLE_FIELDS
    exclude_fields_in_copy = translation_fields.ARTICLE_NOT_COPIED

    class Meta:
        verbose_name = "article"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.reviewed_by_id and not self.last_reviewed:
            errors["last_reviewed"] = "Add the date of the review."
        if self.last_reviewed and not self.reviewed_by_id:
            errors["reviewed_by"] = "Choose who reviewed the article."
        if self.last_reviewed and self.last_reviewed > timezone.localdate():
            errors["last_reviewed"] = "The review date cannot be in the future."
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = f"“{self.slug}” is the address of a list of articles; choose another."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"body", "last_reviewed"} & set(update_fields):
            self._note_body_change_since_review()
        self.next_review_due = self.review_due_date()
        if update_fields is not None and {
            "body",
            "last_reviewed",
            "review_interval_months",
        } & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "next_review_due", "review_requested_on"}
        return super().save(*args, **kwargs)

    def _note_body_change_since_review(self) -> None:
        """A new review clears a request for one; with CLINICAL_REVIEW_AFTER_BODY_CHANGE, a
        body that differs from the one saved under the same review requests one from today.

        Wagtail writes a page's row when it publishes (drafts are revisions), so this
        compares what readers saw with what they are about to see.
        """
        asks = settings.CLINICAL_REVIEW_AFTER_BODY_CHANGE
        if not self.pk or (not asks and self.review_requested_on is None):
            return
        saved = type(self).objects.filter(pk=self.pk).values("last_reviewed", "body").first()
        if saved is None:
            return
        if saved["last_reviewed"] != self.last_reviewed:
            self.review_requested_on = None
            return
        if (
            asks
            and self.last_reviewed
            and self.review_requested_on is None
            and _block_contents(saved["body"]) != _block_contents(self.body)
        ):
            self.review_requested_on = timezone.localdate()

    def review_due_date(self) -> datetime.date | None:
        """When the medical content should next be checked: the last review plus the
        article's interval (or the clinic's, CLINICAL_REVIEW_INTERVAL_MONTHS), or the day
        the body changed after it when that asks for a review. None until a first review:
        such an article is due now."""
        if not self.last_reviewed:
            return None
        months = self.review_interval_months or settings.CLINICAL_REVIEW_INTERVAL_MONTHS
        due = add_months(self.last_reviewed, months)
        if self.review_requested_on is not None:
            due = min(due, self.review_requested_on)
        return due

    def review_overdue(self, *, today: datetime.date | None = None) -> bool:
        due = self.next_review_due
        return due is None or due < (today or timezone.localdate())

    def past_expiry(self, *, now: datetime.datetime | None = None) -> bool:
        """Whether the expiry time has come, though `publish_scheduled` may not have run yet."""
        return self.expire_at is not None and self.expire_at <= (now or timezone.now())

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        # Wagtail's own check is `live` alone, which stays true after expiry until the
        # scheduled unpublish runs. Preview does not route, so editors still see the page.
        if self.past_expiry():
            raise Http404
        return super().route(request, path_components)

    def tags_in_order(self) -> list:
        """The tags by name. Tags have no order of their own, and a database may return
        them in any order (PostgreSQL's changes with its query plan): a stored copy and a
        fresh one must list them alike. Sorted here, so a prefetch serves it."""
        return sorted(self.tags.all(), key=lambda tag: (tag.name.casefold(), tag.pk))

    @property
    def date(self) -> datetime.date | None:
        """The date readers see: the chosen display date, else the first publication."""
        if self.display_date:
            return self.display_date
        if self.first_published_at:
            return timezone.localdate(self.first_published_at)
        return None

    @cached_property
    def table_of_contents(self) -> list[TocEntry]:
        return table_of_contents(self.body)

    @cached_property
    def body_blocks(self) -> list[tuple[object, str | None]]:
        return list(blocks_with_anchors(self.body))

    @cached_property
    def word_count(self) -> int:
        return count_words([self.title, self.intro]) + body_word_count(self.body)

    @property
    def reading_minutes(self) -> int:
        return minutes_for(self.word_count)

    def accepts_comments(self, today: datetime.date | None = None) -> bool:
        """The article's own switch and closing date; the site policy may close it earlier
        (blog.comments.posting.comments_open)."""
        return accepts_comments(
            self.comments_open, self.comments_close_date, today or timezone.localdate()
        )
