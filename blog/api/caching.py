"""HTTP caching for public reads: ETag, Last-Modified, 304s, Cache-Control, a response cache.

Everything keys on the content version (blog.changes): the newest ContentChange. A request
costs one query to read it; a matching If-None-Match or If-Modified-Since is answered with a
304 before any view code runs, and a cached body is served without building it again. Any
publish, unpublish, move or delete, and any change to a treatment, author, tag or image,
creates a new version, so old ETags miss and old cache entries are never read again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from blog.changes import current_version


def cache_control() -> str:
    return (
        f"public, max-age={settings.API_CACHE_MAX_AGE}, s-maxage={settings.API_CACHE_S_MAXAGE}, "
        f"stale-while-revalidate={settings.API_CACHE_STALE_WHILE_REVALIDATE}"
    )


def _headers(response: HttpResponse, etag: str, last_modified: int) -> HttpResponse:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = cache_control()
    return response


def public_cache(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in {"GET", "HEAD"}:
            return view(request, *args, **kwargs)
        version, changed_at = current_version()
        path_key = hashlib.blake2b(request.get_full_path().encode(), digest_size=16).hexdigest()
        etag = f'"{version}-{path_key[:16]}"'
        last_modified = int(changed_at.timestamp())

        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return _headers(not_modified, etag, last_modified)

        key = f"api-response:{version}:{path_key}"
        body = cache.get(key)
        if body is not None:
            response = HttpResponse(body, content_type="application/json")
            response["X-Cache"] = "hit"
            return _headers(response, etag, last_modified)

        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if response.status_code != 200:
            response["Cache-Control"] = "no-cache"
            return response
        cache.set(key, response.content, settings.API_RESPONSE_CACHE_TIMEOUT)
        response["X-Cache"] = "miss"
        return _headers(response, etag, last_modified)

    return wrapped
