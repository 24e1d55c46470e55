"""Front-end paths: where a page lives on the clinic's website, relative to its site root."""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import quote

from django.conf import settings
from wagtail.models import Site

from blog.sites import SiteInfo, is_only_or_default, site_of_url_path


def admin_url(path: str) -> str:
    """An absolute URL of this CMS (WAGTAILADMIN_BASE_URL) for `path`, for mails to staff
    and readers, which have no request to build it from."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


class RootPath(NamedTuple):
    """A site's root page, or one of its translations, as the website addresses it."""

    url_path: str  # Wagtail's url_path of the root ("/home/", "/home-fr/")
    prefix: str  # what the website puts before its pages' paths: "" or "/fr"
    site_id: int
    language: str


def language_prefix(language: str) -> str:
    """The website's path prefix for a language: none for the default one (`/articles/`),
    its code for the others (`/fr/articles/`), as Django's i18n_patterns spell them."""
    return "" if not language or language == settings.LANGUAGE_CODE else f"/{language}"


def site_root_paths() -> list[RootPath]:
    """Every site's root and its translations (Wagtail caches them in Django's cache),
    longest first so nested roots win."""
    roots = [
        RootPath(p.root_path, language_prefix(p.language_code), p.site_id, p.language_code)
        for p in Site.get_site_root_paths()
    ]
    return sorted(roots, key=lambda root: len(root.url_path), reverse=True)


def frontend_path(url_path: str, roots: list[RootPath] | None = None) -> str:
    """'/home/articles/peels/' under the site root '/home/' becomes '/articles/peels/', and
    its French translation '/home-fr/articles/peels/' becomes '/fr/articles/peels/'."""
    for root in site_root_paths() if roots is None else roots:
        if url_path.startswith(root.url_path):
            return root.prefix + "/" + url_path[len(root.url_path) :]
    return url_path


def url_paths_for(path: str, *, site_id: int | None = None) -> list[str]:
    """The Wagtail url_paths a website `path` can name on the site `site_id` (any site's
    without one): under a language's root when it starts with that language's prefix
    ('/fr/articles/peels/'), else under the default language's roots."""
    roots = [root for root in site_root_paths() if site_id is None or root.site_id == site_id]
    prefixed = [root for root in roots if root.prefix and path.startswith(root.prefix + "/")]
    found = []
    for root in prefixed or [root for root in roots if not root.prefix]:
        rest = path[len(root.prefix) :].strip("/")
        found.append(root.url_path + (rest + "/" if rest else ""))
    return found


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


def comments_url(slug: str, language: str) -> str:
    """The API address of an article's comments; a translation's names its language, as
    its slug may be its source's too."""
    url = f"/api/v1/articles/{slug}/comments/"
    return url if language in ("", settings.LANGUAGE_CODE) else f"{url}?locale={language}"
