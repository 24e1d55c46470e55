"""Thin views of the content API: parse input, call selectors, hand objects to serializers."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from taggit.models import Tag

from blog.api.exceptions import Gone
from blog.api.filters import ArticleFilter, unknown_filter_values
from blog.api.languages import LOCALE_PARAMETER, LOCALES_PARAMETER, request_languages
from blog.api.pagination import ApiPagination, StoredArticlePagination
from blog.api.params import cursor_param, whole_number
from blog.comments.selectors import cached_policy
from blog.languages.negotiation import UnknownLocale, chains_of, for_request
from blog.models import ArticlePage, StoredArticle, Treatment
from blog.paths import lookup_url, url_paths_for
from blog.published import list_pages, selectors, serializers, stored, tallies
from blog.published.body import BodyContext
from blog.published.cache_tags import depend_on
from blog.published.preview import MAX_TOKEN_LENGTH, PreviewTokenError, draft_for_token
from blog.published.sync import (
    Cursor,
    CursorOfAnotherSite,
    CursorOfOtherLanguages,
    CursorPruned,
    Languages,
    sync_page,
)
from blog.sites import request_site


def draft_response(request: Request, draft: ArticlePage) -> Response:
    """A draft rendered now, without related cards: drafts are never stored."""
    context = {
        "request": request,
        "body_context": BodyContext.for_pages([draft], request),
        "translations": {draft.pk: selectors.translations_of(draft)},
        "in_language": selectors.snippets_in_language(draft),
    }
    return Response(serializers.ArticleDetailSerializer(draft, context=context).data)


def stored_detail_response(request: Request, row: StoredArticle | None) -> HttpResponse:
    """`row` (blog.published.stored.first) as a detail, from its stored JSON; a 404 without one."""
    if row is None:
        raise Http404
    # The cached body shows this article, its comment count, and related cards' titles.
    depend_on(request, [row.page_id, *stored.related_ids(row)], comments_of=row.page_id)
    return stored.json_response(request, stored.detail(row))


@extend_schema_view(get=extend_schema(parameters=[LOCALE_PARAMETER]))
class ArticleListView(generics.ListAPIView):
    queryset = ArticlePage.objects.none()  # the schema's model; requests use get_queryset
    serializer_class = serializers.ArticleCardSerializer
    pagination_class = StoredArticlePagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = ArticleFilter

    def get_queryset(self) -> QuerySet[StoredArticle]:
        rows = selectors.stored_articles(
            site=request_site(self.request), languages=request_languages(self.request)
        )
        return rows.only(*stored.CARD_COLUMNS)

    def list(self, request: Request, *args, **kwargs) -> HttpResponse:
        filtered = any(name in request.query_params for name in ArticleFilter.base_filters)
        if not filtered:
            # The common read, unfiltered: no filter form to build and validate, the total
            # kept for the content's state (blog.published.tallies) and the page read by a
            # prepared statement (blog.published.list_pages), so no query is built.
            site = request_site(request)
            languages = request_languages(request)

            def count() -> int:
                return selectors.stored_articles(site=site, languages=languages).count()

            name = tallies.articles_tally(languages)
            self.total = partial(tallies.tally, name, site=site, count=count)
            self.page_rows = partial(list_pages.newest_page, site=site, languages=languages)
            rows = self.paginate_queryset([])
        else:
            rows = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        paginator = self.paginator
        empty = paginator.page.paginator.count == 0
        if empty and (errors := unknown_filter_values(request.query_params)):
            raise NotFound(errors)
        head = paginator.get_paginated_response(None).data
        del head["results"]
        cards = [stored.card(row) for row in stored.fresh(rows)]
        return stored.json_response(request, stored.json_object(head, "results", cards))


def list_tallies(request: Request) -> tuple[str, ...]:
    """The totals the articles list reads (blog.published.caching fetches them early)."""
    return (tallies.articles_tally(for_request(request).chain),)


def served_articles(request: Request) -> QuerySet[StoredArticle]:
    """The request's site's articles, each once in the request's language (or fallback)."""
    return selectors.stored_articles(
        site=request_site(request), languages=request_languages(request)
    )


class ArticleDetailView(APIView):
    @extend_schema(responses=serializers.ArticleDetailSerializer, parameters=[LOCALE_PARAMETER])
    def get(self, request: Request, slug: str) -> HttpResponse:
        # The article with this slug in any language, served in the reader's: a switcher
        # may keep the slug and change the locale.
        every = selectors.stored_articles(site=request_site(request), every_language=True)
        chain = request_languages(request)
        found = stored.fresh(selectors.translations_named(every, slug, chain))
        return stored_detail_response(request, selectors.best_translation(found, slug, chain))


class ArticleByIdView(APIView):
    @extend_schema(responses=serializers.ArticleDetailSerializer, parameters=[LOCALE_PARAMETER])
    def get(self, request: Request, article_id: str) -> HttpResponse:
        pk = whole_number(article_id, param="id", message="Enter a whole number.")
        # The article the id is a translation of, in the request's language (or fallback).
        key = StoredArticle.objects.filter(page_id=pk).values("translation_key")
        rows = served_articles(request).filter(Q(page_id=pk) | Q(translation_key__in=key))
        return stored_detail_response(request, stored.first(rows))


class ArticleLookupView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "path", str, required=True, description="Website path, e.g. /articles/peels/."
            ),
        ],
        responses=serializers.ArticleDetailSerializer,
    )
    def get(self, request: Request) -> Response:
        path = request.query_params.get("path")
        if path is None:
            message = "Give the website path. To find an article by id: /api/v1/articles/by-id/ID/."
            raise ValidationError({"path": [message]})
        if not path.startswith("/") or len(path) > 255 or "\x00" in path:
            raise ValidationError({"path": ["Enter a path that starts with /."]})
        site = request_site(request)
        # "/fr/articles/peels/" names the French tree: the article as translated there.
        url_paths = url_paths_for(path, site_id=site.id if site is not None else None)
        rows = selectors.stored_articles(site=site, every_language=True)
        rows = rows.filter(url_path__in=url_paths)
        if (row := stored.first(rows)) is not None:
            return stored_detail_response(request, row)
        if (redirect := selectors.redirect_for(path, site=site)) is not None:
            return redirect_response(request, redirect)
        raise Http404


def redirect_response(request: Request, redirect) -> Response:
    """An old path that editors (or a slug change or move) sent elsewhere: 301 or 302, the
    target in the body, and a Location that a client following it can use: the lookup of
    the new path (on the same site), or the absolute address."""
    status = 301 if redirect.is_permanent else 302
    site = request_site(request)
    target = selectors.redirect_target(redirect, site=site)
    response = Response({"redirect": {"status": status, "to": target}}, status=status)
    if target.startswith("/"):
        named = site if "site" in request.query_params else None  # else the host names it
        response["Location"] = lookup_url(target, site=named)
    else:
        response["Location"] = target
    return response


@extend_schema_view(get=extend_schema(parameters=[LOCALE_PARAMETER]))
class TreatmentListView(generics.ListAPIView):
    queryset = Treatment.objects.none()
    serializer_class = serializers.TreatmentSerializer
    pagination_class = ApiPagination

    def get_queryset(self) -> list[Treatment]:
        return selectors.treatments_with_counts(
            site=request_site(self.request), languages=request_languages(self.request)
        )


@extend_schema_view(get=extend_schema(parameters=[LOCALE_PARAMETER]))
class TreatmentDetailView(generics.RetrieveAPIView):
    queryset = Treatment.objects.none()
    serializer_class = serializers.TreatmentSerializer
    lookup_field = "slug"

    def get_object(self) -> Treatment:
        site = request_site(self.request)
        languages = request_languages(self.request)
        found = selectors.treatments_with_counts(
            site=site, slug=self.kwargs["slug"], languages=languages
        )
        if not found:
            raise Http404
        return found[0]


@extend_schema_view(get=extend_schema(parameters=[LOCALE_PARAMETER]))
class TagListView(generics.ListAPIView):
    queryset = Tag.objects.none()
    serializer_class = serializers.TagCountSerializer
    pagination_class = ApiPagination

    def get_queryset(self) -> list[Tag]:
        return selectors.tags_with_counts(
            site=request_site(self.request), languages=request_languages(self.request)
        )


@extend_schema_view(get=extend_schema(parameters=[LOCALE_PARAMETER]))
class AuthorListView(generics.ListAPIView):
    serializer_class = serializers.AuthorSerializer
    pagination_class = ApiPagination

    def get_queryset(self) -> QuerySet:
        return selectors.authors(languages=request_languages(self.request))


class SyncView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("since", str, description="The next_cursor of the previous sync."),
            LOCALE_PARAMETER,
            LOCALES_PARAMETER,
        ],
        responses=serializers.SyncSerializer,
    )
    def get(self, request: Request) -> HttpResponse:
        site = request_site(request)  # a bad `site` is a 400 or 404 before a cursor's 410
        languages = sync_languages(request)
        since = request.query_params.get("since")
        cursor = cursor_param(since, param="since", decode=Cursor.decode)
        try:
            page = sync_page(cursor, site=site, languages=languages)
        except CursorPruned as error:
            message = (
                "This cursor is older than the change log keeps "
                f"({settings.CHANGE_LOG_RETENTION_DAYS} days). Sync again from the start, "
                "without since."
            )
            raise Gone({"since": [message]}) from error
        except CursorOfAnotherSite as error:
            message = "This cursor belongs to another site's sync. Sync this site from the start."
            raise Gone({"since": [message]}) from error
        except CursorOfOtherLanguages as error:
            message = (
                "This cursor belongs to a sync of other languages. Sync these languages "
                "from the start, or pass the locale the cursor was made with."
            )
            raise Gone({"since": [message]}) from error
        tail = {
            "deleted": serializers.TombstoneSerializer(page.deleted, many=True).data,
            "next_cursor": page.next_cursor.encode(),
            "has_more": page.has_more,
        }
        policy = cached_policy()
        rows = stored.fresh(page.articles)
        details = [stored.detail(row, policy=policy, related=False) for row in rows]
        return stored.json_response(request, stored.json_object({}, "articles", details, tail))


def sync_languages(request: Request) -> Languages:
    """The languages a sync serves: `?locales=` (several), else as any read."""
    try:
        found = for_request(request, several_allowed=True)
    except UnknownLocale as unknown:
        param = "locales" if "locales" in request.query_params else "locale"
        raise ValidationError({param: [str(unknown)]}) from None
    return Languages(tuple(found.locale.split(", ")), tuple(chains_of(found)))


class PreviewView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("token", str, required=True, description="From the editor."),
            OpenApiParameter("page", OpenApiTypes.INT, description="Refuse other pages' tokens."),
        ],
        responses=serializers.ArticleDetailSerializer,
    )
    def get(self, request: Request) -> Response:
        token = request.query_params.get("token", "")
        if not token or len(token) > MAX_TOKEN_LENGTH:
            raise ValidationError({"token": ["Give the preview token from the editor."]})
        page_id = whole_number(
            request.query_params.get("page"), param="page", message="Enter a whole number."
        )
        try:
            draft = draft_for_token(token, page_id=page_id)
        except PreviewTokenError as error:
            raise PermissionDenied(str(error)) from error
        response = draft_response(request, draft)
        response["Cache-Control"] = "private, no-store"
        return response
