"""Reads for the content API: what each endpoint fetches, in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from blog.models import (
    ArticleIndexPage,
    ArticlePage,
    ArticlePageTag,
    Author,
    StoredArticle,
    Treatment,
)
from blog.models.language_chains import chain_of, in_languages, language_of_locale
from blog.paths import frontend_path, site_root_paths
from blog.published.tallies import tally
from blog.search.suggestions import Suggestion
from blog.sites import SiteInfo, site_of_url_path

# On the stored articles' indexed columns (blog.models.StoredArticle).
ORDERINGS = {
    "newest": ("-sort_at", "-first_published_at", "-page_id"),
    "oldest": ("sort_at", "first_published_at", "page_id"),
    "title": ("title", "page_id"),
}


def public_articles(
    *, site: SiteInfo | None = None, every_language: bool = False
) -> QuerySet[ArticlePage]:
    """Live articles that anyone may read: not expired, not behind a password, login or group
    (ArticleQuerySet.readable, shared with the website's listings); with `site`, only that
    site's (blog.sites), else every site's.

    Expiry is checked at read time because Wagtail leaves an expired article live until its
    scheduled unpublish runs (blog.scheduling catches up on it soon after). The default
    language's, or with `every_language` each translation.
    """
    articles = ArticlePage.objects.readable()
    articles = articles if site is None else articles.filter(site.pages())
    if every_language:
        return articles
    return in_languages(articles, (settings.LANGUAGE_CODE,), language="locale__language_code")


def stored_articles(
    *,
    site: SiteInfo | None = None,
    now: datetime.datetime | None = None,
    languages: Sequence[str] | None = None,
    every_language: bool = False,
) -> QuerySet[StoredArticle]:
    """The rendered public articles (blog.published.store) that readers may see `now` (by
    default, now): a row exists for each live, unrestricted article, and expiry is checked
    here, as in public_articles. Each article once, in the first of `languages` (a
    fallback chain; by default the default language) it is published in; with
    `every_language`, each translation (a lookup by path names one)."""
    now = now or timezone.now()
    rows = StoredArticle.objects.filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
    rows = rows if site is None else rows.filter(site.url_paths())
    if every_language:
        return rows
    return in_languages(rows, languages or (settings.LANGUAGE_CODE,), language="language")


def snippets_in_language(article: ArticlePage) -> dict[tuple[type, int], object]:
    """The treatments and authors `article` shows, translated into its language where they
    are: {(model, source pk): translation}. A translation keeps its source's treatments and
    byline (blog.models.translation_fields), which are the default language's rows."""
    if language_of_locale(article.locale_id) == settings.LANGUAGE_CODE:
        return {}
    shown = [*article.treatments.all(), article.author, article.reviewed_by]
    found: dict[tuple[type, int], object] = {}
    for model in (Treatment, Author):
        sources = {s.translation_key: s for s in shown if isinstance(s, model)}
        if not sources:
            continue
        translations = model.objects.filter(
            locale_id=article.locale_id, translation_key__in=list(sources)
        )
        for translation in translations:
            found[(model, sources[translation.translation_key].pk)] = translation
    return found


def translations_of(article: ArticlePage, *, now: datetime.datetime | None = None) -> list[dict]:
    """`article`'s other public translations on its site, in the configured languages'
    order: {locale, id, slug, path}, what a language switcher links to."""
    if article.translation_key is None:
        return []
    rows = (
        stored_articles(site=site_of_url_path(article.url_path), now=now, every_language=True)
        .filter(translation_key=article.translation_key)
        .exclude(page_id=article.pk)
        .values_list("language", "page_id", "slug", "url_path")
    )
    order = [code for code, _ in settings.LANGUAGES]
    roots = site_root_paths()
    found = [
        {"locale": language, "id": pk, "slug": slug, "path": frontend_path(url_path, roots)}
        for language, pk, slug, url_path in rows
    ]
    return sorted(
        found, key=lambda t: order.index(t["locale"]) if t["locale"] in order else len(order)
    )


def by_slug(
    rows: QuerySet, slug: str, chain: Sequence[str], *, language: str = "language"
) -> QuerySet:
    """The rows of `rows` (each translation's) with `slug`, the best language of `chain`
    first: slugs are unique per site within a language, so a slug names one page per
    language, and the reader's language decides between them."""
    position = Case(
        *[When(**{language: code}, then=Value(n)) for n, code in enumerate(chain)],
        default=Value(len(chain)),
    )
    return rows.filter(slug=slug).order_by(position, "-first_published_at")


def translations_named(
    rows: QuerySet[StoredArticle], slug: str, chain: Sequence[str]
) -> QuerySet[StoredArticle]:
    """The translations, in the languages of `chain`, of the article(s) with `slug` in any
    language: a handful of rows, which `best_translation` chooses from."""
    named = rows.filter(slug=slug).values("translation_key")
    return rows.filter(translation_key__in=named, language__in=chain)


def _published_at(row: StoredArticle) -> float:
    return row.first_published_at.timestamp() if row.first_published_at else float("-inf")


def best_translation(
    rows: Iterable[StoredArticle], slug: str, chain: Sequence[str]
) -> StoredArticle | None:
    """What `stored_articles(languages=chain)` serves of the article with `slug`: its
    translation in the first language of `chain` it has; between two articles, the one
    whose own slug it is, then the newest. Chosen in Python from `translations_named`,
    which costs half of building an ordered statement to choose it."""
    newest_first = sorted(rows, key=_published_at, reverse=True)
    return min(
        newest_first,
        key=lambda row: (chain.index(row.language), row.slug != slug),
        default=None,
    )


MAX_MATCHES = 10**9


def search_matches(query: str) -> QuerySet | list[int]:
    """Primary keys of articles matching `query`, as a subquery where the backend allows.

    Fetching every match to filter by their ids is what makes naive searches slow on large
    sites; the database backends can hand us the matching ids as a lazy subquery instead.
    """
    results = get_search_backend().search(
        query, ArticlePage.objects.all(), order_by_relevance=False
    )
    get_queryset = getattr(results, "get_queryset", None)
    if get_queryset is not None:
        # A LIMIT that never binds keeps PostgreSQL from joining the matches into the
        # list's ordered, limited scan: it then walked the whole index once per match
        # (3.5 s for a word in each of 10,000 articles) instead of hashing the matches.
        return get_queryset().values("pk")[:MAX_MATCHES]
    return [article.pk for article in results]  # other backends (Elasticsearch, OpenSearch)


def related_articles(
    article: ArticlePage, *, site: SiteInfo | None = None, limit: int = 3
) -> list[dict]:
    """The live articles of `site` sharing most treatments and tags with `article`, newest
    first."""
    treatment_ids = [t.pk for t in article.treatments.all()]
    tag_ids = [t.pk for t in article.tags.all()]
    if not treatment_ids and not tag_ids:
        return []
    # Scored in Python from the two link tables: on a large site nearly every article shares
    # something, and joining both tables to count made a product of them per article (a
    # quarter of a second at 10,000 articles). Reading the links is a few milliseconds.
    scores: Counter[int] = Counter()
    if treatment_ids:
        links = ArticlePage.treatments.through.objects.filter(treatment_id__in=treatment_ids)
        scores.update(links.values_list("articlepage_id", flat=True))
    if tag_ids:
        tagged = ArticlePageTag.objects.filter(tag_id__in=tag_ids)
        scores.update(tagged.values_list("content_object_id", flat=True))
    scores.pop(article.pk, None)
    by_score: dict[int, list[int]] = {}
    for pk, score in scores.items():
        by_score.setdefault(score, []).append(pk)
    rows: list[dict] = []
    # In the article's language, else along its fallbacks, as its reader would be served.
    languages = chain_of(language_of_locale(article.locale_id))
    public = stored_articles(site=site, languages=languages)
    public = public.order_by("-first_published_at", "-page_id")
    for score in sorted(by_score, reverse=True):  # the best first, then the newest of each
        found = public.filter(page_id__in=by_score[score])
        rows += found.values("page_id", "slug", "title", "url_path")[: limit - len(rows)]
        if len(rows) >= limit:
            break
    roots = site_root_paths()
    return [
        {
            "id": r["page_id"],
            "slug": r["slug"],
            "title": r["title"],
            "path": frontend_path(r["url_path"], roots),
        }
        for r in rows
    ]


def _counts(
    links,
    *,
    to: str,
    article: str,
    site: SiteInfo | None,
    languages: Sequence[str] | None = None,
    by: str = "id",
) -> dict:
    """How many of `site`'s public articles (each once, along `languages`) each treatment
    or tag is linked to, by its `by` column (`to`: the link table's column naming the
    treatment or tag; `article`: the article's). Counted in one pass over the link table,
    and kept until the content changes (blog.published.tallies): the pass reads every link."""
    chain = tuple(languages or (settings.LANGUAGE_CODE,))

    def count() -> dict:
        public = stored_articles(site=site, languages=chain).values("page_id")
        grouped = links.filter(**{f"{article}_id__in": public}).order_by()
        grouped = grouped.values_list(f"{to}__{by}" if by != "id" else f"{to}_id")
        return dict(grouped.annotate(total=Count("pk")))

    return tally(f"{to}-{by}-counts:{'|'.join(chain)}", site=site, count=count)


def treatments_with_counts(
    *,
    site: SiteInfo | None = None,
    slug: str | None = None,
    languages: Sequence[str] | None = None,
) -> list:
    """Every treatment (they are shared by all sites), or the one with `slug`, each once in
    the best of `languages` it is translated into (by default the default language), with
    its article count on `site`, in the admin's drag-and-drop order."""
    chain = tuple(languages or (settings.LANGUAGE_CODE,))
    links = ArticlePage.treatments.through.objects
    # Articles link the source's treatment in every language: counted per translation key.
    found = _counts(links, to="treatment", article="articlepage", site=site, by="translation_key")
    # Renditions prefetched: Wagtail otherwise asks the cache, twice, for each image.
    treatments = Treatment.objects.select_related("image").prefetch_related("image__renditions")
    treatments = in_languages(treatments, chain, language="locale__language_code")
    if slug is not None:
        treatments = treatments.filter(slug=slug)
    treatments = list(treatments.order_by("sort_order", "pk"))
    for treatment in treatments:
        treatment.article_count = found.get(treatment.translation_key, 0)
    return treatments


def tags_with_counts(
    *, site: SiteInfo | None = None, languages: Sequence[str] | None = None
) -> list[Tag]:
    """The tags used on `site`'s public articles, as served along `languages` (tags are
    words of each language), most used first."""
    found = _counts(
        ArticlePageTag.objects, to="tag", article="content_object", site=site, languages=languages
    )
    tags = list(Tag.objects.filter(pk__in=list(found)))
    for tag in tags:
        tag.article_count = found[tag.pk]
    return sorted(tags, key=lambda tag: (-tag.article_count, tag.name))


def authors(*, languages: Sequence[str] | None = None) -> QuerySet[Author]:
    """The clinic's authors, each once in the best of `languages` their profile is
    translated into."""
    chain = tuple(languages or (settings.LANGUAGE_CODE,))
    found = in_languages(Author.objects.all(), chain, language="locale__language_code")
    return (
        found.select_related("photo")
        .prefetch_related("photo__renditions")
        .order_by("sort_order", "name")
    )


def namesake_on_site(
    slug: str, *, parent: Page, exclude_pk: int | None = None
) -> ArticlePage | None:
    """Another article with `slug` on the site an article under `parent` belongs to (every
    article when `parent` is on no site). Slugs are unique per site, not only among
    siblings, because the API finds an article by its slug within its site."""
    # Within the parent's language: a translation may keep its source's slug.
    articles = ArticlePage.objects.filter(slug=slug, locale_id=parent.locale_id)
    articles = articles.exclude(pk=exclude_pk)
    if (site := site_of_url_path(parent.url_path)) is not None:
        articles = articles.filter(site.pages())
    return articles.first()


def redirect_for(path: str, *, site: SiteInfo | None = None) -> Redirect | None:
    """The redirect set for a website path (wagtail.contrib.redirects) on `site` (its own
    before one for all sites) that leads somewhere a reader may go: an external address, or
    a page that is live and public (a redirect to a draft or a restricted page would reveal
    it and end in a 404)."""
    if not path.startswith("/"):
        return None
    redirects = Redirect.objects.select_related("redirect_page").filter(
        old_path=Redirect.normalise_path(path)
    )
    if site is not None:
        redirects = redirects.filter(Q(site_id=site.id) | Q(site__isnull=True))
    redirect = redirects.order_by(F("site_id").asc(nulls_last=True)).first()
    if redirect is None or (redirect.redirect_page_id is None and not redirect.redirect_link):
        return None
    target = redirect.redirect_page
    if target is not None and not (target.live and not target.get_view_restrictions().exists()):
        return None
    return redirect


def redirect_target(redirect: Redirect, *, site: SiteInfo | None = None) -> str:
    """Where `redirect` leads: a website path on `site`, or an absolute address (an external
    one, or a page on another of the clinic's sites)."""
    page = redirect.redirect_page
    if page is None:
        return redirect.link
    path = frontend_path(page.url_path) + (redirect.redirect_page_route_path or "").lstrip("/")
    page_site = site_of_url_path(page.url_path)
    if site is None or page_site is None or page_site.id == site.id:
        return path
    return page_site.root_url + path


def search_suggestions(
    *, site: SiteInfo | None, languages: Sequence[str] | None = None
) -> list[Suggestion]:
    """What suggestions are drawn from on `site` for readers of `languages` (a fallback
    chain): the titles of the public articles they are served, and the treatments and tags
    that lead to at least one of them, in their language; each leads to the article index
    in the chain's first language that has one."""
    chain = tuple(languages or (settings.LANGUAGE_CODE,))
    roots = site_root_paths()
    indexes = ArticleIndexPage.objects.live()
    if site is not None:
        indexes = indexes.filter(site.pages())
    index = in_languages(indexes, chain, language="locale__language_code").order_by("path")
    index = min(
        index, key=lambda page: chain.index(language_of_locale(page.locale_id)), default=None
    )
    base = frontend_path(index.url_path, roots) if index is not None else "/"
    rows = stored_articles(site=site, languages=chain).values_list("title", "url_path")
    found = [Suggestion(title, "article", frontend_path(path, roots)) for title, path in rows]
    found += [
        Suggestion(t.name, "treatment", f"{base}treatments/{t.slug}/", t.article_count)
        for t in treatments_with_counts(site=site, languages=chain)
        if t.article_count
    ]
    found += [
        Suggestion(tag.name, "tag", f"{base}tags/{tag.slug}/", tag.article_count)
        for tag in tags_with_counts(site=site, languages=chain)
    ]
    return found
