"""Page and document passwords cannot be guessed without limit.

Wagtail's password restrictions check a submitted password at
`/_util/authenticate_with_password/<restriction>/<page>/` (pages) and
`/documents/authenticate_with_password/<restriction>/` (document collections): a wrong one
re-renders the form (200), a right one redirects. Like admin logins (django-axes), after
AXES_FAILURE_LIMIT wrong passwords from one client address for one restriction, further
attempts answer 429 for AXES_COOLOFF_TIME, right password or not. The address is found as
for every throttle (COMMENTS_TRUSTED_PROXIES); the cache (Redis in production) shares the
count across processes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext

from blog.comments.clients import client_ip, ip_hash

PASSWORD_PATHS = {
    "page": re.compile(r"^/_util/authenticate_with_password/(\d+)/\d+/$"),
    "collection": re.compile(r"^/documents/authenticate_with_password/(\d+)/$"),
}


def _restriction(path: str) -> str | None:
    """Which restriction a password form posts to (page and collection ids are separate)."""
    for kind, pattern in PASSWORD_PATHS.items():
        if match := pattern.match(path):
            return f"{kind}:{match.group(1)}"
    return None


def _key(request: HttpRequest, restriction: str) -> str:
    return f"password-failures:{restriction}:{ip_hash(client_ip(request))}"


class PagePasswordThrottle:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        restriction = _restriction(request.path_info) if request.method == "POST" else None
        if restriction is None:
            return self.get_response(request)
        key = _key(request, restriction)
        cooloff = int(settings.AXES_COOLOFF_TIME.total_seconds())
        if (cache.get(key) or 0) >= settings.AXES_FAILURE_LIMIT:
            response = HttpResponse(
                gettext("Too many wrong passwords. Try again later."),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(cooloff)
            return response
        response = self.get_response(request)
        if response.status_code == 200:  # the form again: a wrong password
            cache.add(key, 0, cooloff)
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, cooloff)
        elif response.status_code in (301, 302):
            cache.delete(key)
        return response
