"""Reader comment endpoints: list threads, get a form token, post, report."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from blog.api.comment_serializers import (
    CommentInputSerializer,
    CommentPageSerializer,
    CommentSerializer,
    FormTokenSerializer,
    PostedCommentSerializer,
)
from blog.api.exceptions import Conflict, NotYet
from blog.api.languages import LOCALE_PARAMETER, request_languages
from blog.api.params import cursor_param, whole_number
from blog.api.parsers import ReaderJSONParser
from blog.api.renderers import dumps
from blog.comments import counts, moderation, posting
from blog.comments.clients import client_ip, ip_hash, user_agent
from blog.comments.selectors import (
    ThreadCursor,
    cached_policy,
    decoy_comment_id,
    thread_page,
)
from blog.comments.throttles import ArticleThrottle, ClientThrottle, ReportThrottle
from blog.comments.tokens import (
    FormTokenError,
    FormTooQuick,
    check_form_token,
    form_min_seconds,
    issue_form_token,
    spend_form_token,
)
from blog.events import language_of_locale
from blog.languages.negotiation import UnknownLocale, for_request
from blog.models import CommentPolicy, ReaderComment, StoredArticle
from blog.published.cache_tags import depend_on
from blog.published.selectors import by_slug, public_articles, stored_articles
from blog.sites import request_site


def _article(request: Request, slug: str):
    """The page the reader comments on: the one with `slug`, in any language (a French
    thread lives under the French page), the reader's first (blog.api.languages)."""
    articles = public_articles(site=request_site(request), every_language=True)
    chain = request_languages(request)
    article = by_slug(articles, slug, chain, language="locale__language_code").first()
    if article is None:
        raise Http404
    return article


def _listed_article(request: Request, slug: str) -> StoredArticle:
    """The stored article (blog.published.store): its comment counter, comment switch and first
    page of threads, in one query."""
    rows = stored_articles(site=request_site(request), every_language=True)
    rows = rows.defer("card", "detail", "related")
    article = by_slug(rows, slug, request_languages(request)).first()
    if article is None:
        raise Http404
    return article


def _thread(article: StoredArticle, cursor: ThreadCursor | None) -> tuple[bytes, str]:
    """A page of threads as JSON and the next page's cursor; the first page is stored with
    the article (blog.comments.counts forgets it when a comment changes)."""
    if cursor is None and article.thread:
        return bytes(article.thread), article.thread_next
    page = thread_page(article.page_id, after=cursor, limit=settings.COMMENTS_PAGE_SIZE)
    thread = dumps(CommentSerializer(page.threads, many=True).data)
    next_cursor = page.next_cursor.encode() if page.next_cursor else ""
    if cursor is None:
        counts.store_thread(
            article.page_id, article.thread_version, thread=thread, next_cursor=next_cursor
        )
    return thread, next_cursor


def comment_cache_control() -> str:
    return f"public, max-age={settings.COMMENTS_CACHE_MAX_AGE}"


class CommentListView(APIView):
    parser_classes = [ReaderJSONParser]

    def get_throttles(self):
        return [ClientThrottle(), ArticleThrottle()] if self.request.method == "POST" else []

    def throttled(self, request: Request, wait: float | None) -> None:
        # Refused before the article is looked up: said in the language asked for, as the
        # article is found (the website's script names its page's: `?locale=fr`).
        try:
            language = for_request(request).locale
        except UnknownLocale:
            language = None
        with translation.override(language):
            super().throttled(request, wait)

    @extend_schema(
        parameters=[
            OpenApiParameter("after", str, description="`next` cursor of a page."),
            LOCALE_PARAMETER,
        ],
        responses=CommentPageSerializer,
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        request_site(request)  # a bad `site` is a 400 or 404 before a cursor's 410
        after = request.query_params.get("after")
        cursor = cursor_param(after, param="after", decode=ThreadCursor.decode)
        article = _listed_article(request, slug)
        # The cached copy (blog.published.caching: validators, 304s and the response cache wrap
        # this view) shows this article's thread, count and switch.
        depend_on(request, [article.pk], comments_of=article.pk)
        policy = cached_policy()
        thread, next_cursor = _thread(article, cursor)
        next_url = None
        if next_cursor:
            query = urlencode({"after": next_cursor})
            next_url = request.build_absolute_uri(f"{request.path}?{query}")
        head = {
            "notice": policy.medical_notice,
            "count": article.comment_count,
            "open": posting.comments_open(article, policy),
        }
        body = dumps(head)[:-1] + b',"results":' + thread + b',"next":' + dumps(next_url) + b"}"
        return HttpResponse(body, content_type="application/json")

    @extend_schema(request=CommentInputSerializer, responses={201: PostedCommentSerializer})
    def post(self, request: Request, slug: str) -> Response:
        article = _article(request, slug)
        # Answered in the language the reader wrote in, the page's: the field errors (ours,
        # and DRF's, which are translated as they are raised) and the thanks.
        with translation.override(language_of_locale(article.locale_id) or None):
            return self._post(request, article)

    def _post(self, request: Request, article) -> Response:
        serializer = CommentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            check_form_token(data["form_token"], article_id=article.pk)
            spend_form_token(data["form_token"])
        except FormTooQuick as error:
            raise NotYet({"form_token": [str(error)]}, wait=error.wait) from error
        except FormTokenError as error:  # forged, expired, for another article, overused
            raise PermissionDenied({"form_token": [str(error)]}) from error
        if data["homepage"]:
            # Only scripts fill the hidden field: answer as for any held comment, keep nothing.
            return Response(
                {
                    "id": decoy_comment_id(),
                    "status": "pending",
                    "message": str(posting.MESSAGES["pending"]),
                },
                status=201,
            )
        policy = CommentPolicy.load()
        try:
            result = posting.post_comment(
                article=article,
                data=serializer.comment_input(),
                policy=policy,
                ip=client_ip(request),
                user_agent=user_agent(request),
            )
        except posting.CommentsClosed as error:
            raise PermissionDenied(gettext("Comments are closed for this article.")) from error
        except posting.ReplyTargetMissing as error:
            raise NotFound(error.errors) from error
        except posting.DuplicateComment as error:
            raise Conflict(error.errors) from error
        except posting.CommentRejected as error:
            raise ValidationError(error.errors) from error
        status = "approved" if result.comment.status == "approved" else "pending"
        message = str(result.message)
        return Response({"id": result.comment.pk, "status": status, "message": message}, status=201)


class FormTokenView(APIView):
    @extend_schema(responses=FormTokenSerializer)
    def get(self, request: Request, slug: str) -> Response:
        article = _article(request, slug)
        token = issue_form_token(article_id=article.pk)
        response = Response({"form_token": token, "min_seconds": form_min_seconds()})
        response["Cache-Control"] = "private, no-store"
        return response


class ReportView(APIView):
    throttle_classes = [ReportThrottle]
    parser_classes = [ReaderJSONParser]

    @extend_schema(request=None, responses={202: PostedCommentSerializer})
    def post(self, request: Request, comment_id: str) -> Response:
        pk = whole_number(comment_id, param="id", message="Enter a whole number.")
        site = request_site(request)
        comment = (
            ReaderComment.objects.approved()
            .filter(pk=pk, article__in=public_articles(site=site, every_language=True).values("pk"))
            .first()
        )
        if comment is None:
            raise Http404
        moderation.report(
            comment, reporter=ip_hash(client_ip(request)), policy=CommentPolicy.load()
        )
        return Response(
            {"id": comment.pk, "status": "pending", "message": "Thank you; our team will look."},
            status=202,
        )
