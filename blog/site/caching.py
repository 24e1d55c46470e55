"""Cache-Control for the pages Wagtail serves to readers, so a CDN in front of the site
caches them for a bounded time whatever its defaults (some keep a page without the header
for a day), and never caches anyone's own page.

- A page for a reader without this server's cookies: `public` for SITE_CACHE_MAX_AGE in
  browsers (0: they ask again, and the CDN answers) and SITE_CACHE_S_MAXAGE in shared
  caches. Changes are purged from the CDN as they happen (blog.delivery.purges); the bound
  covers what no event announces at its moment, such as a before/after pair whose consent
  expired at midnight (purged by the hourly job).
- Anything for someone with a session, a message waiting or a CSRF cookie (staff with the
  userbar, a reader who entered a page's password), or a response that sets one of them:
  `private, no-cache`.
- Other statuses (a 404, a 503): `no-cache`.
A response that already says (previews, error pages with their own header) keeps its own.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


def _personal_cookies() -> set[str]:
    return {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, CookieStorage.cookie_name}


def is_personal(request: HttpRequest, response: HttpResponse) -> bool:
    names = _personal_cookies()
    return bool(names & request.COOKIES.keys() or names & response.cookies.keys())


class SitePageCacheControl:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        if match is None or match.url_name != "wagtail_serve":
            return response
        if response.has_header("Cache-Control"):
            return response
        if is_personal(request, response):
            patch_cache_control(response, private=True, no_cache=True)
        elif request.method in {"GET", "HEAD"} and response.status_code == 200:
            patch_cache_control(
                response,
                public=True,
                max_age=settings.SITE_CACHE_MAX_AGE,
                s_maxage=settings.SITE_CACHE_S_MAXAGE,
            )
        else:
            patch_cache_control(response, no_cache=True)
        return response
