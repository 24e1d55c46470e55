"""Front-end paths: where a page lives on the clinic's website, relative to its site root."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from wagtail.models import Site


def site_root_paths() -> list[str]:
    # Wagtail caches these in Django's cache; longest first so nested roots win.
    return sorted((p.root_path for p in Site.get_site_root_paths()), key=len, reverse=True)


def frontend_path(url_path: str, roots: list[str] | None = None) -> str:
    """'/home/articles/peels/' under the site root '/home/' becomes '/articles/peels/'."""
    for root in site_root_paths() if roots is None else roots:
        if url_path.startswith(root):
            return "/" + url_path[len(root) :]
    return url_path


def canonical_url(path: str) -> str:
    return f"{settings.FRONTEND_BASE_URL}{path}"


def lookup_url(path: str) -> str:
    """The API lookup of a website path, spelt one way everywhere (redirects' Location,
    webhook payloads, CDN purges), so what clients fetch is what gets purged."""
    return "/api/v1/articles/lookup/?path=" + quote(path, safe="/")
