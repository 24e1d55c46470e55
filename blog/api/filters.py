"""Query parameters of the article list, validated: a bad value is a 400 naming the parameter."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from blog.api.params import EMPTY
from blog.models import Author, Treatment
from blog.published.selectors import ORDERINGS, search_matches


class SlugFilter(django_filters.CharFilter):
    field_class = forms.SlugField


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class ArticleFilter(django_filters.FilterSet):
    treatment = SlugFilter(
        field_name="page__treatments__slug", max_length=120, label="Treatment slug"
    )
    tag = SlugFilter(field_name="page__tags__slug", max_length=120, label="Tag slug")
    author = SlugFilter(field_name="page__author__slug", max_length=120, label="Author slug")
    q = django_filters.CharFilter(method="filter_search", max_length=200, label="Search words")
    published_after = django_filters.DateFilter(
        method="filter_after", label="Dated (as readers see it) on or after this day (YYYY-MM-DD)"
    )
    published_before = django_filters.DateFilter(
        method="filter_before", label="Dated (as readers see it) before this day (YYYY-MM-DD)"
    )
    ordering = django_filters.ChoiceFilter(
        choices=[(key, key) for key in ORDERINGS],
        method="filter_ordering",
        empty_label=None,
        label="newest (default), oldest or title",
    )

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(page_id__in=search_matches(value))

    # On the date readers see (the card's `date`): the display date when the editor set one,
    # else the day of first publication. A back-dated article matches its visible date.
    def filter_after(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return queryset.filter(
            Q(display_date__gte=value)
            | Q(display_date__isnull=True, first_published_at__gte=_start_of(value))
        )

    def filter_before(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return queryset.filter(
            Q(display_date__lt=value)
            | Q(display_date__isnull=True, first_published_at__lt=_start_of(value))
        )

    def filter_ordering(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*ORDERINGS[value])

    def is_valid(self) -> bool:
        # django-filter reads `?published_after=` as "no filter"; here it is a 400 naming it.
        valid = super().is_valid()
        for name in self.filters:
            if name in self.data and self.data.get(name) == "":
                self.form.add_error(name, EMPTY)
                valid = False
        return valid

    @property
    def qs(self) -> QuerySet:
        queryset = super().qs
        if not self.form.cleaned_data.get("ordering"):
            queryset = queryset.order_by(*ORDERINGS["newest"])
        return queryset


def unknown_filter_values(params) -> dict[str, list[str]]:
    """Errors for slugs that name nothing; checked only when a filtered list comes back empty."""
    checks = {"treatment": Treatment, "author": Author}
    errors = {}
    for param, model in checks.items():
        value = params.get(param)
        if value and not model.objects.filter(slug=value).exists():
            errors[param] = [f"No {model._meta.verbose_name} has the slug “{value}”."]
    return errors
