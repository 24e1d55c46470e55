"""Front-end paths: where a page lives on the clinic's website, relative to its site root."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from wagtail.models import Site

from blog.sites import SiteInfo, is_only_or_default, site_of_url_path


def admin_url(path: str) -> str:
    """An absolute URL of this CMS (WAGTAILADMIN_BASE_URL) for `path`, for mails to staff
    and readers, which have no request to build it from."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def site_root_paths() -> list[str]:
    # Wagtail caches these in Django's cache; longest first so nested roots win.
    return sorted((p.root_path for p in Site.get_site_root_paths()), key=len, reverse=True)


def frontend_path(url_path: str, roots: list[str] | None = None) -> str:
    """'/home/articles/peels/' under the site root '/home/' becomes '/articles/peels/'."""
    for root in site_root_paths() if roots is None else roots:
        if url_path.startswith(root):
            return "/" + url_path[len(root) :]
    return url_path


def canonical_url(path: str, site: SiteInfo | None = None) -> str:
    """The address of a website path: on FRONTEND_BASE_URL for the default (or only) site,
    on the site's own root URL (its hostname in Wagtail's Sites) for any other."""
    base = settings.FRONTEND_BASE_URL if is_only_or_default(site) else site.root_url
    return f"{base}{path}"


def article_url(url_path: str) -> str:
    """The public address of the page at Wagtail's `url_path`, on its own site."""
    return canonical_url(frontend_path(url_path), site_of_url_path(url_path))


def lookup_url(path: str, *, site=None) -> str:
    """The API lookup of a website path, spelt one way everywhere (redirects' Location,
    webhook payloads, CDN purges), so what clients fetch is what gets purged. `site`, a
    blog.sites.SiteInfo, names a site other than the default one."""
    return with_site("/api/v1/articles/lookup/?path=" + quote(path, safe="/"), site)


def with_site(api_url: str, site=None) -> str:
    """`api_url` naming `site` with the `site` parameter, unless it needs no naming (the
    default or only site): the way front ends of a second site call the shared API."""
    if is_only_or_default(site):
        return api_url
    return f"{api_url}{'&' if '?' in api_url else '?'}site={quote(site.hostname)}"
