"""Search in readers' words: /api/v1/search/ (ranked results with highlights) and
/api/v1/search/suggest/ (what to offer while the reader types). Thin views over blog.search."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.db.models import F
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.views import APIView

from blog.api.languages import LOCALE_PARAMETER, request_languages
from blog.api.pagination import ApiPagination
from blog.api.params import whole_number
from blog.models import SearchQueryDay
from blog.published import selectors, stored
from blog.published.cache_tags import depend_on
from blog.published.serializers import ArticleCardSerializer
from blog.search import engine, highlights, report, suggestions, synonyms
from blog.search.words import search_language, search_languages
from blog.sites import request_site, site_key

MAX_QUERY = 200
# The head of a search's JSON: its total and whether it was corrected (see SearchView).
_OUTCOME = re.compile(rb'^\{"count":(\d+),.*?"searched_for":(null|")', re.S)


def recording(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Count the first page of each search that found nothing or only a correction, whether
    the view built it or the response cache held it (blog.search.report)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        first_page = request.GET.get("page", "1") == "1"
        q = request.GET.get("q")
        # Only a GET's answer (an OPTIONS or HEAD one is DRF's, not yet rendered) is read.
        if request.method != "GET" or response.status_code != 200 or not first_page or not q:
            return response
        if found := _OUTCOME.match(bytes(response.content[:4096])):
            if found.group(1) == b"0":
                report.record(q, SearchQueryDay.Outcome.NOTHING)
            elif found.group(2) == b'"':
                report.record(q, SearchQueryDay.Outcome.CORRECTED)
        return response

    return wrapped


def query_param(request: Request, *, name: str = "q") -> str:
    raw = request.query_params.get(name)
    if raw is None or not raw.strip():
        raise ValidationError({name: ["Give the words to search for."]})
    if len(raw) > MAX_QUERY or "\x00" in raw:
        raise ValidationError({name: [f"Enter at most {MAX_QUERY} characters."]})
    return raw


class HighlightSerializer(serializers.Serializer):
    title = serializers.CharField(help_text="The title, HTML-escaped, matched words in <mark>.")
    excerpt = serializers.CharField(
        help_text="About 30 words around the best match, HTML-escaped, matched words in <mark>."
    )


class SearchResultSerializer(ArticleCardSerializer):
    highlight = HighlightSerializer()


SEARCH_QUERY = OpenApiParameter(
    "q", str, required=True, description="What the reader typed (at most 200 characters)."
)


class SearchView(APIView):
    @extend_schema(
        parameters=[
            SEARCH_QUERY,
            OpenApiParameter("page", int, description="Page number, from 1."),
            OpenApiParameter("page_size", int, description="Results per page."),
            LOCALE_PARAMETER,
        ],
        responses=inline_serializer(
            "SearchResults",
            {
                "count": serializers.IntegerField(),
                "num_pages": serializers.IntegerField(),
                "page": serializers.IntegerField(),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "searched_for": serializers.CharField(
                    allow_null=True,
                    help_text="The words searched for when the query was corrected, else null.",
                ),
                "did_you_mean": serializers.CharField(
                    allow_null=True,
                    help_text="When nothing was found: a query that finds something, or null.",
                ),
                "results": SearchResultSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request) -> HttpResponse:
        query = query_param(request)
        site = request_site(request)
        paginator = ApiPagination()
        size, number = paginator.get_page_size(request), paginator.page_number(request)
        chain = request_languages(request)
        language, also = search_languages(chain)
        found = engine.search(
            query,
            within=selectors.stored_articles(site=site, languages=chain),
            language=language,
            also=also,
            offset=(number - 1) * size,
            limit=size,
        )
        page_ids = paginator.paginate_queryset(found.ranked, request, view=self)
        head = paginator.get_paginated_response(None).data
        del head["results"]
        head["searched_for"] = found.searched_for
        head["did_you_mean"] = found.did_you_mean
        rows = {row.page_id: row for row in stored.fresh(stored_rows(page_ids))}
        depend_on(request, list(rows))
        stems = found.interpretation.stems() if found.interpretation else set()
        blocked = synonyms.synonyms(language).blocked
        results = []
        for pk in page_ids:
            if (row := rows.get(pk)) is None:
                continue
            text = getattr(row, "search_text", None) or ""
            marked = highlights.highlight(
                row.title, text, stems, language=search_language(row.language), blocked=blocked
            )
            extra = stored.dumps({"title": marked.title, "excerpt": marked.excerpt})
            results.append(stored.card(row)[:-1] + b',"highlight":' + extra + b"}")
        return stored.json_response(request, stored.json_object(head, "results", results))


def stored_rows(ids: list[int]):
    """The page's cards, with the text their excerpts quote, in one query."""
    rows = selectors.stored_articles(every_language=True).filter(page_id__in=ids)
    columns = (*stored.CARD_COLUMNS, "title", "language")
    return rows.only(*columns).annotate(search_text=F("search__text"))


class SuggestView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q", str, required=True, description="What the reader has typed so far."
            ),
            LOCALE_PARAMETER,
        ],
        responses=inline_serializer(
            "SearchSuggestions",
            {
                "suggestions": inline_serializer(
                    "SearchSuggestion",
                    {
                        "text": serializers.CharField(),
                        "kind": serializers.ChoiceField(choices=["article", "treatment", "tag"]),
                        "path": serializers.CharField(help_text="Where it leads on the website."),
                    },
                    many=True,
                )
            },
        ),
    )
    def get(self, request: Request) -> HttpResponse:
        query = query_param(request)
        limit = whole_number(
            request.query_params.get("limit"),
            param="limit",
            default=settings.SEARCH_SUGGESTIONS,
            maximum=20,
        )
        site = request_site(request)
        chain = request_languages(request)
        offered = suggestions.suggest(
            query,
            site_key=f"{site_key(site)}:{'|'.join(chain)}",
            load=lambda: selectors.search_suggestions(site=site, languages=chain),
            language=search_languages(chain)[0],
            limit=limit,
        )
        body = stored.dumps({"suggestions": [s.as_json() for s in offered]})
        return stored.json_response(request, body)
