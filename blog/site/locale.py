"""The website's language: Django's LocaleMiddleware, for the website's pages only.

A page's language is its address's (`/fr/articles/…`; no prefix for the default language,
cms/urls.py), so gettext speaks the page's language and Wagtail routes into that
language's tree. The content API negotiates its own language (blog.languages) and must
not get the middleware's `Vary: Accept-Language` on every answer; the admin has its
users' own language (Wagtail's account settings).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

NOT_THE_WEBSITE = ("/api/", "/admin/", "/health/", "/static/", "/media/", "/documents/")


class WebsiteLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        if not request.path_info.startswith(NOT_THE_WEBSITE):
            super().process_request(request)
        else:
            # The language a thread last served a page in stays active until something
            # activates another: the API's messages are in the default language.
            translation.activate(settings.LANGUAGE_CODE)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if request.path_info.startswith(NOT_THE_WEBSITE):
            return response
        return super().process_response(request, response)
