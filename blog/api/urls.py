"""Routes of the content API under /api/v1/. Public reads go through the HTTP cache layer."""

from django.http import JsonResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from blog.api import comment_email_links, comments, search, views
from blog.published.caching import public_cache
from blog.search import synonyms

app_name = "api"


@csrf_exempt  # a POST to no endpoint is a JSON 404, not Django's HTML CSRF page
def not_found(request, *args, **kwargs) -> JsonResponse:
    return JsonResponse({"detail": "No such endpoint. See /api/v1/docs/."}, status=404)


urlpatterns = [
    path(
        "articles/",
        public_cache(
            views.ArticleListView.as_view(), tallies_read=views.list_tallies, languages=True
        ),
        name="article-list",
    ),
    path(
        "articles/lookup/", public_cache(views.ArticleLookupView.as_view()), name="article-lookup"
    ),
    path(
        "articles/by-id/<str:article_id>/",
        public_cache(views.ArticleByIdView.as_view(), languages=True),
        name="article-by-id",
    ),
    path(
        "articles/<slug:slug>/",
        public_cache(views.ArticleDetailView.as_view(), languages=True),
        name="article-detail",
    ),
    path(
        "articles/<slug:slug>/comments/",
        public_cache(
            comments.CommentListView.as_view(),
            cache_control=comments.comment_cache_control,
            languages=True,
        ),
        name="comment-list",
    ),
    path(
        "articles/<slug:slug>/comments/form-token/",
        comments.FormTokenView.as_view(),
        name="comment-form-token",
    ),
    path("comments/verify/", comment_email_links.verify_email, name="comment-verify"),
    path("comments/unsubscribe/", comment_email_links.unsubscribe, name="comment-unsubscribe"),
    path("comments/<str:comment_id>/report/", comments.ReportView.as_view(), name="comment-report"),
    path(
        "treatments/",
        public_cache(views.TreatmentListView.as_view(), languages=True),
        name="treatment-list",
    ),
    path(
        "treatments/<slug:slug>/",
        public_cache(views.TreatmentDetailView.as_view(), languages=True),
        name="treatment-detail",
    ),
    path(
        "search/",
        search.recording(
            public_cache(search.SearchView.as_view(), vary=synonyms.version, languages=True)
        ),
        name="search",
    ),
    path(
        "search/suggest/",
        public_cache(search.SuggestView.as_view(), vary=synonyms.version, languages=True),
        name="search-suggest",
    ),
    path("tags/", public_cache(views.TagListView.as_view(), languages=True), name="tag-list"),
    path(
        "authors/", public_cache(views.AuthorListView.as_view(), languages=True), name="author-list"
    ),
    path(
        "sync/",
        public_cache(views.SyncView.as_view(), languages=True, several_languages=True),
        name="sync",
    ),
    path("preview/", views.PreviewView.as_view(), name="preview"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^[\s\S]*$", not_found),  # any path, newlines (%0A) included
]
