"""Filters of the moderation queue."""

import django_filters
from django.conf import settings
from django.db.models import QuerySet
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from blog.models import ArticlePage, ReaderComment


class ReaderCommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=ReaderComment.Status.choices)
    article = django_filters.ModelChoiceFilter(queryset=ArticlePage.objects.order_by("title"))
    created_at = django_filters.DateFromToRangeFilter(label="Posted", widget=DateRangePickerWidget)
    is_urgent = django_filters.BooleanFilter(label="Urgent")
    unanswered = django_filters.BooleanFilter(
        label="Unanswered questions", method="filter_unanswered"
    )
    if settings.WAGTAIL_I18N_ENABLED:  # one language: nothing about languages shows
        # The language of the page commented on: a French thread is under the French page.
        language = django_filters.ChoiceFilter(
            choices=settings.LANGUAGES,
            field_name="article__locale__language_code",
            label="Language",
        )

    class Meta:
        model = ReaderComment
        fields = ["status", "article", "created_at", "is_urgent", "unanswered"]

    def filter_unanswered(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        unanswered = queryset.unanswered_questions()
        return unanswered if value else queryset.exclude(pk__in=unanswered.values("pk"))
