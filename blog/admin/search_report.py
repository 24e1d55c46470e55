"""Reports > Searches without results: what readers searched for that found nothing, or
that only a typo correction answered, counted per day (blog.search.report), with CSV and
XLSX exports. Editors see which article to write or which synonym to add."""

from __future__ import annotations

import django_filters
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.reports.base import ReportView

from blog.models import SearchQueryDay


class SearchQueryDayFilterSet(WagtailFilterSet):
    day = django_filters.DateFromToRangeFilter(label="Date", widget=DateRangePickerWidget)
    outcome = django_filters.ChoiceFilter(label="Outcome", choices=SearchQueryDay.Outcome.choices)

    class Meta:
        model = SearchQueryDay
        fields = ["day", "outcome"]


class SearchesWithoutResultsView(ReportView):
    page_title = "Searches without results"
    header_icon = "search"
    results_template_name = "blog/search/searches_without_results.html"
    filterset_class = SearchQueryDayFilterSet
    index_url_name = "blog_searches_without_results"
    index_results_url_name = "blog_searches_without_results_results"
    model = SearchQueryDay
    any_permission_required = ["add", "change", "publish"]
    list_export = ["day", "query", "outcome_label", "searches"]
    export_headings = {
        "day": "Date",
        "query": "Words searched for",
        "outcome_label": "Outcome",
        "searches": "Searches",
    }

    def user_has_any_permission(self, permissions) -> bool:
        # Editors of articles: the report tells them what to write.
        return self.request.user.has_perm("wagtailadmin.access_admin")

    def get_queryset(self):
        return SearchQueryDay.objects.order_by("-day", "-searches", "query")

    def decorate_paginated_queryset(self, queryset):
        for row in queryset:
            row.outcome_label = row.get_outcome_display()
        return queryset
