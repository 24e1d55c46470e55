"""The website's search page (/articles/search/?q=…): the API's search, rendered. Results
with their highlights, "showing results for" after a correction, "did you mean" after
nothing, and the suggestions for what was typed as plain links, so the page works without
JavaScript (blog/static/blog/search.js adds them under the box while typing)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpRequest
from django.utils.safestring import SafeString, mark_safe

from blog.events import language_of_locale
from blog.languages.negotiation import chain_of
from blog.models import ArticleIndexPage, ArticlePage, SearchDocument
from blog.models.pages import ARTICLES_PER_PAGE
from blog.published import selectors
from blog.search import engine, highlights, suggestions, synonyms
from blog.search.words import search_language, search_languages
from blog.sites import site_key, site_of_url_path

MAX_QUERY = 200


@dataclass
class Result:
    article: ArticlePage
    title: SafeString  # escaped, matched words in <mark> (blog.search.highlights)
    excerpt: SafeString


def search_context(request: HttpRequest, index: ArticleIndexPage) -> dict:
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    if not query:
        return {"query": ""}
    site = site_of_url_path(index.url_path)
    number = request.GET.get("page") or "1"
    if not (number.isascii() and number.isdigit() and len(number) < 8):
        raise Http404
    # In the index's language, along its fallbacks, as the page's reader is served.
    chain = chain_of(language_of_locale(index.locale_id))
    language, also = search_languages(chain)
    found = engine.search(
        query,
        within=selectors.stored_articles(site=site, languages=chain),
        language=language,
        also=also,
        offset=max(int(number) - 1, 0) * ARTICLES_PER_PAGE,
        limit=ARTICLES_PER_PAGE,
    )
    paginator = Paginator(found.ranked, ARTICLES_PER_PAGE)
    try:
        page = paginator.page(number) if found.ranked else None
    except InvalidPage:
        raise Http404 from None
    ids = list(page.object_list) if page else []
    articles = {a.pk: a for a in ArticlePage.objects.filter(pk__in=ids).cards()}
    texts = dict(
        SearchDocument.objects.filter(article_id__in=ids).values_list("article_id", "text")
    )
    stems = found.interpretation.stems() if found.interpretation else set()
    blocked = synonyms.synonyms(language).blocked
    results = []
    for pk in ids:
        if pk in articles:
            article = articles[pk]
            marked = highlights.highlight(
                article.title,
                texts.get(pk, ""),
                stems,
                language=search_language(language_of_locale(article.locale_id)),
                blocked=blocked,
            )
            # Only <mark> is markup here: everything else was escaped (blog.search.highlights).
            results.append(Result(articles[pk], mark_safe(marked.title), mark_safe(marked.excerpt)))  # noqa: S308
    offered = suggestions.suggest(
        query,
        site_key=f"{site_key(site)}:{'|'.join(chain)}",
        load=lambda: selectors.search_suggestions(site=site, languages=chain),
        language=language,
    )
    return {
        "query": query,
        "results": results,
        "page": page,
        "total": found.total,
        "searched_for": found.searched_for,
        "did_you_mean": found.did_you_mean,
        "suggestions": [s for s in offered if s.kind != "article"],
    }
