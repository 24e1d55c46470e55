"""Reports > Reviews due: live articles whose medical review is due, overdue first, and the
dashboard panel of the signed-in clinician's own reviews. Each translation is a row of its
own, with its language: its review is its own.

Like Wagtail's own reports (Aging pages): filters, pages of results, and CSV and XLSX
exports. Which articles are due is blog.governance.reviews.
"""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports.base import PageReportView
from wagtail.models import Locale

from blog.governance.reviews import review_status, reviewed_by_person, reviews_due
from blog.models import ArticlePage, Author, Treatment


class ReviewsDueFilterSet(WagtailFilterSet):
    reviewed_by = django_filters.ModelChoiceFilter(
        label="Reviewer",
        queryset=Author.objects.in_default_language().order_by("name"),
        method="by_reviewer",
    )
    treatments = django_filters.ModelChoiceFilter(
        label="Treatment",
        queryset=Treatment.objects.in_default_language().order_by("name"),
        method="about_treatment",
    )

    class Meta:
        model = ArticlePage
        fields = ["reviewed_by", "treatments"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if settings.WAGTAIL_I18N_ENABLED:  # one language: nothing about languages shows
            self.filters["locale"] = django_filters.ModelChoiceFilter(
                field_name="locale",
                label="Language",
                queryset=Locale.objects.order_by("language_code"),
            )

    def by_reviewer(self, queryset, name, author):
        # Under any of the reviewer's profiles: a French article may name its French one.
        return queryset.filter(reviewed_by_person(author)) if author else queryset

    def about_treatment(self, queryset, name, treatment):
        # A translation names the treatment's translation.
        if not treatment:
            return queryset
        return queryset.filter(treatments__translation_key=treatment.translation_key).distinct()


class ReviewsDueView(PageReportView):
    page_title = "Reviews due"
    header_icon = "time"
    results_template_name = "blog/governance/reviews_due_results.html"
    filterset_class = ReviewsDueFilterSet
    index_url_name = "blog_reviews_due"
    index_results_url_name = "blog_reviews_due_results"
    model = ArticlePage
    list_export = [
        "title",
        *(["language"] if settings.WAGTAIL_I18N_ENABLED else []),
        "reviewer",
        "last_reviewed",
        "next_review_due",
        "review_status",
    ]
    export_headings = {
        "title": "Article",
        "language": "Language",
        "reviewer": "Reviewer",
        "last_reviewed": "Last reviewed",
        "next_review_due": "Next review due",
        "review_status": "Status",
    }
    any_permission_required = ["add", "change", "publish"]

    def get_queryset(self):
        self.queryset = reviews_due(today=timezone.localdate())
        return super().get_queryset()

    def decorate_paginated_queryset(self, queryset):
        today = timezone.localdate()
        for article in queryset:
            article.review_status = review_status(article, today=today)
            article.reviewer = article.reviewed_by.name if article.reviewed_by else ""
            article.language = article.locale.get_display_name()
        return queryset

    def get_context_data(self, *args, **kwargs) -> dict:
        context = super().get_context_data(*args, **kwargs)
        context["several_languages"] = settings.WAGTAIL_I18N_ENABLED
        return context


class MyReviewsPanel(Component):
    """Dashboard: the articles the signed-in clinician reviews that are due (their Author
    profile linked to their login), overdue first."""

    name = "my_reviews_due"
    order = 40
    template_name = "blog/governance/my_reviews_panel.html"
    LIMIT = 10

    def __init__(self, author: Author) -> None:
        self.author = author

    def get_context_data(self, parent_context=None) -> dict:
        today = timezone.localdate()
        mine = reviews_due(today=today).filter(reviewed_by_person(self.author))
        due = list(mine[: self.LIMIT + 1])
        for article in due:
            article.review_status = review_status(article, today=today)
        return {
            "articles": due[: self.LIMIT],
            "more": len(due) > self.LIMIT,
            "report_url": f"{reverse('blog_reviews_due')}?reviewed_by={self.author.pk}",
        }


def my_reviews_panel(user) -> MyReviewsPanel | None:
    author = Author.objects.filter(user=user).first() if user.is_authenticated else None
    return MyReviewsPanel(author) if author is not None else None
