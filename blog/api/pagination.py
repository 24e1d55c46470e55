"""Page-number pagination with a total count. A malformed page or page size is a 400 naming
it; a page past the last one is a 404 (that page of results does not exist), as in DRF."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, QuerySet, Window
from django.utils.functional import cached_property
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from blog.api.params import whole_number

MAX_PAGE_NUMBER = 1_000_000


class DeferredJoinPaginator(Paginator):
    """Slices primary keys in a subquery, then fetches only that page's rows.

    A deep OFFSET otherwise drags every skipped row, article bodies included, through the
    database's sort: the last of 500 pages took five times as long as the first.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        objects = self.object_list
        if isinstance(objects, QuerySet):
            page_pks = objects.values("pk")[bottom:top]
            rows = objects.filter(pk__in=page_pks)
        else:
            rows = objects[bottom:top]
        return self._get_page(rows, number, self)


class StoredArticlePaginator(DeferredJoinPaginator):
    """For stored articles: the page's ids (from a covering index), then the rows by primary
    key alone; repeating the list's filters for the rows ran a search again for nothing.
    With `windowed` (a search), the ids come with the total from one windowed query, so the
    search runs once; without, a separate count over the index is cheaper than the window,
    which makes the database keep every matching row. `total`, when given, counts instead
    (an unfiltered list's kept total: blog.published.tallies), and `page_rows` fetches the page
    (the unfiltered list's prepared statement: blog.published.list_pages)."""

    windowed = False
    total = None
    page_rows = None

    @cached_property
    def count(self) -> int:
        return self.total() if self.total is not None else super().count

    def page(self, number):
        number = int(number)
        bottom = (number - 1) * self.per_page
        objects = self.object_list
        if self.windowed:
            found = list(
                objects.annotate(total=Window(Count("pk"))).values_list("pk", "total")[
                    bottom : bottom + self.per_page
                ]
            )
            if found:
                self.__dict__["count"] = found[0][1]  # Paginator.count is a cached property
            # Past the last page nothing was found: the count is read on its own, for the 404.
            number = self.validate_number(number)
            page_pks = [pk for pk, _ in found]
        else:
            # One statement: the page's ids from the index in a subquery, then their rows.
            number = self.validate_number(number)
            if self.page_rows is not None:
                return self._get_page(
                    self.page_rows(bottom=bottom, size=self.per_page), number, self
                )
            window = objects.values("pk")[bottom : bottom + self.per_page]
            rows = objects.model.objects.filter(pk__in=window).order_by(*objects.query.order_by)
            fields = objects.query.deferred_loading[0]
            return self._get_page(list(rows.only(*fields)), number, self)
        fields = objects.query.deferred_loading[0]
        rows = objects.model.objects.filter(pk__in=page_pks).only(*fields) if page_pks else []
        by_pk = {row.pk: row for row in rows}
        return self._get_page([by_pk[pk] for pk in page_pks if pk in by_pk], number, self)


class ApiPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    django_paginator_class = DeferredJoinPaginator

    def get_page_size(self, request) -> int:
        return whole_number(
            request.query_params.get("page_size"),
            param="page_size",
            default=settings.API_PAGE_SIZE,
            maximum=settings.API_MAX_PAGE_SIZE,
        )

    def page_number(self, request) -> int:
        return whole_number(
            request.query_params.get("page"), param="page", default=1, maximum=MAX_PAGE_NUMBER
        )

    def paginate_queryset(self, queryset, request, view=None):
        number = self.page_number(request)
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        if number > max(1, paginator.num_pages):
            raise NotFound(
                {"page": [f"There is no page {number}; the last page is {paginator.num_pages}."]}
            )
        self.page = paginator.page(number)
        return list(self.page)

    def get_paginated_response(self, data) -> Response:
        return Response(
            {
                "count": self.page.paginator.count,
                "num_pages": self.page.paginator.num_pages,
                "page": self.page.number,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        base = super().get_paginated_response_schema(schema)
        base["properties"]["num_pages"] = {"type": "integer", "example": 3}
        base["properties"]["page"] = {"type": "integer", "example": 1}
        base["required"] = ["count", "num_pages", "page", "next", "previous", "results"]
        return base


class StoredArticlePagination(ApiPagination):
    django_paginator_class = StoredArticlePaginator

    def paginate_queryset(self, queryset, request, view=None):
        # The page first: for a search it brings the total with it (StoredArticlePaginator).
        number = whole_number(
            request.query_params.get("page"), param="page", default=1, maximum=MAX_PAGE_NUMBER
        )
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        paginator.windowed = bool(request.query_params.get("q"))
        paginator.total = getattr(view, "total", None)
        paginator.page_rows = getattr(view, "page_rows", None)
        try:
            self.page = paginator.page(number)
        except EmptyPage:
            raise NotFound(
                {"page": [f"There is no page {number}; the last page is {paginator.num_pages}."]}
            ) from None
        return list(self.page)
