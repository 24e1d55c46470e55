"""Wagtail's preview panel may show the site's pages.

Wagtail renders a preview by sending a dummy request for the page's own address through the
whole middleware stack, so the website's Content-Security-Policy (`frame-ancestors 'none'`:
nothing may frame our pages) came out on the preview too, and the browser refused to show it
in the editor's panel. A preview may be framed by its own origin, the admin; pages readers
see keep the policy.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class PreviewsMayBeFramedByTheAdmin:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "is_dummy", False) and getattr(request, "is_preview", False):
            response._csp_replace = {"frame-ancestors": ["'self'"]}  # read by django-csp
        return response
