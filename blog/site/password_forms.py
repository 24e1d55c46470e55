"""Wagtail's page and document password forms, given a return_url that is always a path.

Wagtail ends a right password with `django.shortcuts.redirect(return_url)`, which reads a
value without "/" or "." (such as "-1") as the name of a URL pattern: NoReverseMatch, a 500
(the reader's session was already let in). Its own form sends the restricted page's path;
anything else but a local path ("/...", not "//..." or "/\\...") goes to the page instead
(the site root for documents). Routed in cms/urls.py ahead of Wagtail's own routes.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from wagtail import views as page_views
from wagtail.documents.views import serve as document_views
from wagtail.models import Page


def _is_local_path(url: str) -> bool:
    return url.startswith("/") and not url.startswith(("//", "/\\"))


def _with_local_return_url(request: HttpRequest, fallback: str) -> None:
    if request.method == "POST" and not _is_local_path(request.POST.get("return_url", "")):
        post = request.POST.copy()
        post["return_url"] = fallback
        request.POST = post


def page_password(request: HttpRequest, page_view_restriction_id: int, page_id: int):
    page = Page.objects.filter(pk=page_id).first()
    _with_local_return_url(request, (page.url if page else None) or "/")
    return page_views.authenticate_with_password(request, page_view_restriction_id, page_id)


def document_password(request: HttpRequest, restriction_id: int) -> HttpResponse:
    _with_local_return_url(request, "/")
    return document_views.authenticate_with_password(request, restriction_id)
