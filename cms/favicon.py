"""/favicon.ico: browsers ask for it on every site whatever a page links, so the site's icon
(blog/static/blog/favicon.ico, linked from templates/base.html) answers it too.

Served, not redirected: a permanent redirect to the hashed static name would outlive the
next icon, whose hashed name differs.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

FAVICON = "blog/favicon.ico"


@require_safe
@cache_control(public=True, max_age=24 * 60 * 60)
def favicon(request: HttpRequest) -> FileResponse:
    path = finders.find(FAVICON)
    if path is None:  # a deployment that left out the project's static files
        raise Http404
    return FileResponse(Path(path).open("rb"), content_type="image/x-icon")
