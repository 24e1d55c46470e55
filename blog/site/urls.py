"""Form endpoints of the server-rendered site, under /_site/ (beside Wagtail's /_util/), where
no page slug can take their place."""

from django.urls import path

from blog.site import comment_views, preview

app_name = "site"

urlpatterns = [
    path("preview/", preview.preview_draft, name="preview"),
    path(
        "articles/<int:article_id>/comments/",
        comment_views.post_comment,
        name="comment-post",
    ),
    path(
        "comments/<int:pk>/report/",
        comment_views.report_comment,
        name="comment-report",
    ),
]
