"""WordPress's query-string permalinks on the website: `/?p=12`, `/?page_id=3` and
`/?attachment_id=40` lead (301) to the article an import made of the post.

Wagtail's redirects answer only a 404, and the home page answers `/?p=12` with itself (200),
so these are looked up before any view. The redirects themselves are ordinary Wagtail
redirects (blog.importing.redirects), editable under Settings > Redirects; the API's path
lookup finds them too.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.http.response import HttpResponseRedirect
from wagtail.models import Site

from blog.importing.redirects import QUERY_KEYS
from blog.published.selectors import redirect_for, redirect_target
from blog.sites import all_sites


class WordPressQueryLinks:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method in {"GET", "HEAD"}
            and request.path == "/"
            and any(key in request.GET for key in QUERY_KEYS)
        ):
            response = self._redirect(request)
            if response is not None:
                return response
        return self.get_response(request)

    @staticmethod
    def _redirect(request: HttpRequest) -> HttpResponse | None:
        # Only WordPress's own keys: a tracking parameter added to an old link still finds it.
        key = next(key for key in QUERY_KEYS if key in request.GET)
        value = request.GET.get(key, "")
        if not value.isascii() or not value.isdigit() or len(value) > 18:
            return None
        wagtail_site = Site.find_for_request(request)
        site = next((s for s in all_sites() if wagtail_site and s.id == wagtail_site.pk), None)
        redirect = redirect_for(f"/?{key}={int(value)}", site=site)
        if redirect is None:
            return None
        target = redirect_target(redirect, site=site)
        kind = HttpResponsePermanentRedirect if redirect.is_permanent else HttpResponseRedirect
        return kind(target)
