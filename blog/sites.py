"""Which of the clinic's Wagtail sites a request is for, and which site a page belongs to.

One server can hold several sites (a second clinic, a brand): each is a Wagtail Site with
its own root page. The API serves the site named by the `site` parameter (its hostname,
`hostname:port` or id) or else by the request's host, the way Wagtail matches sites: the
exact host and port, else the only site with that hostname, else the default site. Every
read is limited to that site's pages, so no article, comment or tombstone crosses over.

The directory of sites lives in Django's cache, so finding a site costs no query; saving or
deleting a Site, or moving a page, renews its generation once the change commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.http.request import split_domain_port
from rest_framework.exceptions import NotFound, ValidationError
from wagtail.models import Page, Site

from blog import generations
from blog.parsing import EMPTY, is_ascii_number

SITES_CACHE_KEY = "blog-sites:v4"
SITES_GENERATION_KEY = "blog-sites:generation"
MAX_SITE_PARAM_LENGTH = 260


@dataclass(frozen=True)
class SiteInfo:
    id: int
    hostname: str
    port: int
    name: str
    is_default: bool
    root_url: str  # http(s)://hostname[:port], as Wagtail spells it
    tree_path: str  # the root page's treebeard path: its pages' paths start with it
    url_path: str  # the root page's url_path ("/home/"): its pages' url_paths start with it
    # Roots of other sites inside this one: their pages are theirs, not this site's.
    nested_tree_paths: tuple[str, ...] = field(default=())
    nested_url_paths: tuple[str, ...] = field(default=())
    # The root's translations (wagtail-localize puts each beside the root, "/home-fr/"):
    # their pages are this site's too, in their languages. (tree path, url_path, language)
    translated_roots: tuple[tuple[str, str, str], ...] = field(default=())

    @property
    def root_url_paths(self) -> tuple[str, ...]:
        return (self.url_path, *(url_path for _, url_path, _ in self.translated_roots))

    def holds_url_path(self, url_path: str) -> bool:
        return url_path.startswith(self.root_url_paths) and not url_path.startswith(
            self.nested_url_paths
        )

    def pages(self, *, translations: bool = True) -> Q:
        """A filter on pages for this site's pages (by the indexed tree path); without
        `translations`, only the tree of the site's own root."""
        roots = [self.tree_path]
        if translations:
            roots += [tree_path for tree_path, _, _ in self.translated_roots]
        return self._under("path", roots, self.nested_tree_paths)

    def url_paths(self, field_name: str = "url_path", *, translations: bool = True) -> Q:
        """A filter on rows holding a page's url_path for this site's pages."""
        roots = list(self.root_url_paths if translations else [self.url_path])
        return self._under(field_name, roots, self.nested_url_paths)

    @staticmethod
    def _under(field_name: str, roots: list[str], nested: tuple[str, ...]) -> Q:
        found = Q()
        for root in roots:
            found |= Q(**{f"{field_name}__startswith": root})
        for inner in nested:
            found &= ~Q(**{f"{field_name}__startswith": inner})
        return found

    def as_json(self) -> dict:
        return {"id": self.id, "hostname": self.hostname, "name": self.name}


@dataclass(frozen=True)
class _Root:
    pk: int
    tree_path: str
    url_path: str
    translation_key: object
    language: str


def _load() -> list[SiteInfo]:
    """Every site with its root and the root's translations, in one query: the pages that
    root a site, and those beside the site roots (where wagtail-localize puts a root's
    translations), each with the sites it roots."""
    rows = Page.objects.filter(Q(depth=2) | Q(sites_rooted_here__isnull=False)).values_list(
        "pk",
        "path",
        "url_path",
        "translation_key",
        "locale__language_code",
        "sites_rooted_here__id",
        "sites_rooted_here__hostname",
        "sites_rooted_here__port",
        "sites_rooted_here__site_name",
        "sites_rooted_here__is_default_site",
    )
    pages: dict[int, _Root] = {}
    sites: list[tuple[Site, _Root]] = []
    for pk, tree_path, url_path, key, language, site_id, host, port, name, default in rows:
        root = pages.setdefault(pk, _Root(pk, tree_path, url_path or "/", key, language))
        if site_id is not None:
            site = Site(id=site_id, hostname=host, port=port, site_name=name)
            site.is_default_site = default
            sites.append((site, root))
    sites.sort(key=lambda item: (not item[0].is_default_site, item[0].hostname, item[0].port))
    translated = {
        root.pk: tuple(
            (other.tree_path, other.url_path, other.language)
            for other in sorted(pages.values(), key=lambda page: page.tree_path)
            if other.translation_key == root.translation_key and other.pk != root.pk
        )
        for _, root in sites
    }
    every_root = [(root.tree_path, root.url_path) for _, root in sites] + [
        (tree_path, url_path) for _, root in sites for tree_path, url_path, _ in translated[root.pk]
    ]
    found = []
    for site, root in sites:
        own = [root.tree_path, *(t for t, _, _ in translated[root.pk])]
        inside = [
            (other_tree, other_url)
            for other_tree, other_url in every_root
            if other_tree not in own and any(other_tree.startswith(path) for path in own)
        ]
        found.append(
            SiteInfo(
                id=site.pk,
                hostname=site.hostname,
                port=site.port,
                name=site.site_name or site.hostname,
                is_default=site.is_default_site,
                root_url=site.root_url,
                tree_path=root.tree_path,
                url_path=root.url_path,
                nested_tree_paths=tuple(dict.fromkeys(t for t, _ in inside)),
                nested_url_paths=tuple(dict.fromkeys(u for _, u in inside)),
                translated_roots=translated[root.pk],
            )
        )
    return found


def all_sites() -> list[SiteInfo]:
    """Every site, the default first."""
    generation, sites = generations.current_value(SITES_GENERATION_KEY, SITES_CACHE_KEY)
    if sites is None:
        sites = _load()
        # Each process's own memory cache hears only its own renewals: there, the directory
        # is read again every five minutes.
        timeout = 3600 if settings.CONTENT_STATE_IN_CACHE else 300
        generations.store_value(SITES_CACHE_KEY, generation, sites, timeout)
    return sites


def forget_sites() -> None:
    """A Site, or the page tree (a move renumbers tree paths), changed: once it commits,
    the directory is read again."""
    renew = partial(generations.renew, SITES_GENERATION_KEY)
    renew()  # now, for this transaction's own reads
    transaction.on_commit(renew, robust=True)  # and for a reader that loaded the old rows


def default_site() -> SiteInfo | None:
    return next((site for site in all_sites() if site.is_default), None)


def is_only_or_default(site: SiteInfo | None) -> bool:
    """Whether `site` is the one that needs no naming (in URLs, in canonical links)."""
    return site is None or site.is_default or len(all_sites()) == 1


def site_of_url_path(url_path: str) -> SiteInfo | None:
    """The site a page belongs to, from its Wagtail url_path (the deepest root wins)."""
    holding = [site for site in all_sites() if site.holds_url_path(url_path)]
    return max(holding, key=lambda site: len(site.url_path), default=None)


def _for_host(hostname: str, port: int | None, sites: list[SiteInfo]) -> SiteInfo | None:
    named = [site for site in sites if site.hostname == hostname]
    exact = [site for site in named if site.port == port]
    if exact:
        return exact[0]
    if len(named) == 1:
        return named[0]
    return next((site for site in sites if site.is_default), None)


def _for_param(value: str, sites: list[SiteInfo]) -> SiteInfo:
    if not value:
        raise ValidationError({"site": [EMPTY]})
    if len(value) > MAX_SITE_PARAM_LENGTH:
        raise ValidationError({"site": ["Enter a site's hostname, hostname:port or id."]})
    if is_ascii_number(value):
        found = [site for site in sites if site.id == int(value)]
    else:
        hostname, _, port = value.lower().partition(":")
        found = [
            site
            for site in sites
            if site.hostname == hostname and (not port or str(site.port) == port)
        ]
    if not found:
        known = ", ".join(site.hostname for site in sites)
        raise NotFound({"site": [f"No site {value!r}. This server serves: {known}."]})
    return found[0]


def site_key(site: SiteInfo | None) -> str:
    """How caches name the site a read is for ("all": no site is set up)."""
    return str(site.id) if site is not None else "all"


def request_site(request: HttpRequest) -> SiteInfo | None:
    """The site this request reads (None when no site is set up: then every page).

    A `site` parameter that names no site is a 404 naming it; a host that matches no site
    reads the default site, as Wagtail does."""
    # Once per request: DRF's Request wraps the HttpRequest that the cache layer sees.
    http_request = getattr(request, "_request", request)
    if hasattr(http_request, "_blog_site"):
        return http_request._blog_site
    params = http_request.GET
    sites = all_sites()
    if "site" in params:
        site = _for_param(params["site"], sites)
    elif not sites:
        site = None
    else:
        try:
            hostname = split_domain_port(request.get_host())[0]
            port = int(request.get_port())
        except (DisallowedHost, ValueError):  # Django refuses a bad host before any view
            hostname, port = "", None
        site = _for_host(hostname, port, sites)
        if site is None:
            raise NotFound({"site": ["No site is served at this address."]})
    http_request._blog_site = site
    return site
