"""A saved draft rendered through the website's own templates: "Preview saved draft on
website" lands here when no front end is configured (FRONTEND_PREVIEW_URL empty), so an
editor sees the article as readers will, never raw JSON.

The same short-lived token as the API's preview (blog.published.preview) is the only authority: a
colleague can open the link without an admin login, and it stops working after
PREVIEW_TOKEN_MAX_AGE seconds.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from blog.published.preview import MAX_TOKEN_LENGTH, PreviewTokenError, draft_for_token


def preview_draft(request: HttpRequest) -> HttpResponse:
    token = request.GET.get("token", "")
    try:
        if len(token) > MAX_TOKEN_LENGTH:  # signing's decompression has no business with it
            raise PreviewTokenError(gettext("This preview token is not valid."))
        draft = draft_for_token(token)
    except PreviewTokenError as error:
        response = TemplateResponse(
            request, "blog/preview_error.html", {"message": str(error)}, status=403
        )
        response["Cache-Control"] = "private, no-store"
        return response
    request.is_preview = True  # as Wagtail's own preview: templates leave out reader forms
    request.preview_mode = ""
    context = draft.get_context(request)
    response = TemplateResponse(request, draft.get_template(request), context)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
