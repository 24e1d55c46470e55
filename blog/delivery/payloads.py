"""What a webhook says about an event: its type, the article and its site, and exactly which
API URLs and website paths it changed, so a front end revalidates those and nothing else.
Ids, slugs and counts only: never a commenter's name, email or address.

API URLs of a site other than the default one name it with the `site` parameter, the way
that site's front end calls the shared API (blog.sites). Website paths are relative to
their site's root; `sites` groups them by site.

An event that may show in every article (the comment policy, a site's address, an object
deleted) does not list every article's URLs: `all_articles` is true, and receivers
revalidate everything they hold from that site.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.conf import settings

from blog.events import COMMENT_EVENTS, NOTICES, ArticleRef, Event, EventType
from blog.models import ArticlePage
from blog.paths import frontend_path, language_prefix, lookup_url, with_site
from blog.showing import articles_showing, shown_everywhere
from blog.sites import SiteInfo, all_sites, site_of_url_path

LISTS = ["/api/v1/articles/", "/api/v1/sync/"]
TAXONOMY = ["/api/v1/treatments/", "/api/v1/tags/", "/api/v1/authors/"]
SITE_LISTS = ["/", "/articles/"]


def in_each_language(api_urls: list[str]) -> list[str]:
    """`api_urls` as each language's readers ask for them: as they are (the default
    language, and Accept-Language, which a CDN keys with Vary), and with `?locale=` for
    each other language. A change in one language shows in the others' fallbacks."""
    others = [code for code, _ in settings.LANGUAGES[1:]]
    return api_urls + [
        f"{url}{'&' if '?' in url else '?'}locale={code}" for code in others for url in api_urls
    ]


def site_lists() -> list[str]:
    """The website's lists in each language (`/fr/articles/`)."""
    prefixes = [language_prefix(code) for code, _ in settings.LANGUAGES]
    return [prefix + path for prefix in prefixes for path in SITE_LISTS]


@dataclass
class Affected:
    api_urls: list[str] = field(default_factory=list)
    # Website paths by site (None: no site is set up), each relative to its site's root.
    paths: dict[SiteInfo | None, list[str]] = field(default_factory=dict)
    all_articles: bool = False

    def add(self, site: SiteInfo | None, api_urls: list[str], paths: list[str]) -> None:
        self.api_urls += [with_site(url, site) for url in api_urls]
        self.paths.setdefault(site, []).extend(paths)

    def tidy(self) -> Affected:
        """Each URL and path once, in the order first named."""
        self.api_urls = list(dict.fromkeys(self.api_urls))
        self.paths = {site: list(dict.fromkeys(paths)) for site, paths in self.paths.items()}
        return self

    def all_paths(self) -> list[str]:
        return list(dict.fromkeys(path for paths in self.paths.values() for path in paths))


def website_path(event: Event) -> str:
    """The article's path on the website ('' when the event has no article)."""
    article = event.article
    return frontend_path(article.url_path) if article and article.url_path else ""


def _add_article(found: Affected, slug: str, article_id: int, url_path: str) -> None:
    site = site_of_url_path(url_path) if url_path else None
    path = frontend_path(url_path) if url_path else ""
    api = [f"/api/v1/articles/{slug}/", f"/api/v1/articles/by-id/{article_id}/"]
    api.append(f"/api/v1/articles/{slug}/comments/")
    api = in_each_language(api)
    if path:
        api.insert(2, lookup_url(path))  # named with its site below; the path says its language
    found.add(site, api, [path] if path else [])


def _translations_of(article: ArticleRef) -> list[ArticlePage]:
    """The article's other translations: their details list this one (`translations`)."""
    if len(settings.LANGUAGES) < 2:
        return []
    key = ArticlePage.objects.filter(pk=article.id).values("translation_key")
    siblings = ArticlePage.objects.filter(translation_key__in=key).exclude(pk=article.id)
    return list(siblings.only("pk", "slug", "url_path"))


def _sites_of(articles: list[ArticleRef]) -> list[SiteInfo | None]:
    sites = {site_of_url_path(a.url_path) for a in articles if a.url_path}
    return list(sites) or all_sites() or [None]


def affected(event: Event) -> Affected:
    """The API URLs and website paths whose answers this event changes."""
    found = Affected()
    if event.type in NOTICES:
        return found  # its comment.approved names them
    if event.type == EventType.REDIRECT_CHANGED:
        for site in all_sites() or [None]:
            found.add(site, [lookup_url(event.path + "/")], [event.path, event.path + "/"])
        return found.tidy()
    if event.article is None:
        if shown_everywhere(event):
            found.all_articles = True
            for site in all_sites() or [None]:
                found.add(site, in_each_language([*LISTS, *TAXONOMY]), site_lists())
            return found.tidy()
        targets = articles_showing(event)
        for article in targets:
            _add_article(found, article.slug, article.id, article.url_path)
        for site in _sites_of(targets):
            found.add(site, in_each_language([*LISTS, *TAXONOMY]), site_lists())
        return found.tidy()
    article = event.article
    _add_article(found, article.slug, article.id, article.url_path)
    if article.moved_from and article.moved_from != article.url_path:
        # The old slug and path answer differently now (404, or a redirect).
        old_slug = article.moved_from.rstrip("/").rpartition("/")[2] or article.slug
        _add_article(found, old_slug, article.id, article.moved_from)
    if event.type not in COMMENT_EVENTS:
        for sibling in _translations_of(article):
            _add_article(found, sibling.slug, sibling.pk, sibling.url_path)
    lists = in_each_language(LISTS if event.type in COMMENT_EVENTS else [*LISTS, *TAXONOMY])
    places = [article]
    if article.moved_from:  # the site it left lists it no more
        places.append(replace(article, url_path=article.moved_from))
    for site in _sites_of(places):
        found.add(site, lists, site_lists())
    return found.tidy()


def payload(event: Event) -> dict:
    found = affected(event)
    article = event.article
    site = site_of_url_path(article.url_path) if article and article.url_path else None
    return {
        "type": event.type.value,
        "id": event.id,
        "timestamp": event.at.isoformat(),
        "data": {
            "article": (
                {
                    "id": article.id,
                    "slug": article.slug,
                    "path": website_path(event) or None,
                    "site": site.as_json() if site else None,
                    "locale": article.language or None,
                }
                if article
                else None
            ),
            "object_id": event.object_id,
            "related_id": event.related_id,
            "all_articles": found.all_articles,
            "api_urls": found.api_urls,
            "paths": found.all_paths(),
            "sites": [
                {**site.as_json(), "paths": paths}
                for site, paths in found.paths.items()
                if site is not None
            ],
        },
    }
