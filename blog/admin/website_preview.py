"""'Preview on website': editors open the latest saved draft in the headless front end.

The admin mints a short-lived token for the article's latest revision and sends the editor to
FRONTEND_PREVIEW_URL, which fetches the draft from /api/v1/preview/. Without a front end
configured, the draft is rendered through the site's own templates (blog.site.preview).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.models import Page

from blog.models import ArticlePage
from blog.published.preview import make_token


def website_preview_url(article: ArticlePage, token: str) -> str:
    if settings.FRONTEND_PREVIEW_URL:
        return settings.FRONTEND_PREVIEW_URL.format(
            token=quote(token), page=article.pk, slug=quote(article.slug)
        )
    return f"{reverse('site:preview')}?{urlencode({'token': token})}"


def website_preview(request: HttpRequest, page_id: int) -> HttpResponseRedirect:
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, ArticlePage) or not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    revision = page.latest_revision
    if revision is None:
        messages.error(request, "Save a draft first: the website previews the saved draft.")
        return redirect("wagtailadmin_pages:edit", page.pk)
    token = make_token(page_id=page.pk, revision_id=revision.pk)
    return HttpResponseRedirect(website_preview_url(page, token))


class WebsitePreviewMenuItem(ActionMenuItem):
    name = "action-website-preview"
    label = "Preview saved draft on website"
    icon_name = "view"
    order = 90
    template_name = "blog/moderation/website_preview_menu_item.html"  # opens in a new tab

    def is_shown(self, context) -> bool:
        page = context.get("page")
        return context["view"] == "edit" and page is not None and page.specific_class is ArticlePage

    def get_url(self, parent_context) -> str:
        return reverse("blog_website_preview", args=[parent_context["page"].pk])
