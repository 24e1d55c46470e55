"""Reads for the content API: what each endpoint fetches, in a fixed number of queries."""

from __future__ import annotations

import weakref

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.search.backends import get_search_backend

from blog.api.paths import frontend_path, site_root_paths
from blog.comments.selectors import approved_count
from blog.events import ArticleRef, EventType
from blog.models import ArticlePage, ArticlePageTag, Author, Treatment


def public_articles() -> QuerySet[ArticlePage]:
    """Live articles that anyone may read: not expired, not behind a password, login or group
    (ArticleQuerySet.readable, shared with the website's listings).

    Expiry is checked at read time because Wagtail leaves an expired article live until its
    scheduled unpublish runs (blog.scheduling catches up on it soon after).
    """
    return ArticlePage.objects.readable()


def article_cards(queryset: QuerySet[ArticlePage] | None = None) -> QuerySet[ArticlePage]:
    """Cards need the author, hero image and its renditions, treatments and tags."""
    queryset = public_articles() if queryset is None else queryset
    return (
        queryset.select_related("author", "hero_image")
        .prefetch_related("hero_image__renditions", "treatments", "tags")
        .annotate(approved_comment_count=approved_count())
    )


def article_detail_queryset() -> QuerySet[ArticlePage]:
    # Renditions of the hero and body images come from Wagtail's rendition cache.
    return (
        public_articles()
        .select_related("author", "reviewed_by", "hero_image", "social_image")
        .prefetch_related("treatments", "tags")
        .annotate(approved_comment_count=approved_count())
    )


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
        return get_queryset().values("pk")
    return [article.pk for article in results]  # other backends (Elasticsearch, OpenSearch)


def related_articles(article: ArticlePage, *, limit: int = 3) -> list[dict]:
    """The live articles sharing most treatments and tags with `article`, newest first."""
    treatment_ids = [t.pk for t in article.treatments.all()]
    tag_ids = [t.pk for t in article.tags.all()]
    if not treatment_ids and not tag_ids:
        return []
    # Only the non-empty sides: an empty `__in` inside an aggregate's filter makes the whole
    # query empty, so an article with treatments but no tags had no related articles.
    shared, score = Q(pk__in=[]), Value(0)
    if treatment_ids:
        shared |= Q(treatments__in=treatment_ids)
        score += Count("treatments", filter=Q(treatments__in=treatment_ids), distinct=True)
    if tag_ids:
        shared |= Q(tagged_items__tag_id__in=tag_ids)
        score += Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids), distinct=True)
    rows = (
        public_articles()
        .exclude(pk=article.pk)
        .filter(shared)
        .annotate(score=score)
        .order_by("-score", "-first_published_at", "-pk")
        .values("pk", "slug", "title", "url_path")[:limit]
    )
    roots = site_root_paths()
    return [
        {
            "id": r["pk"],
            "slug": r["slug"],
            "title": r["title"],
            "path": frontend_path(r["url_path"], roots),
        }
        for r in rows
    ]


def treatments_with_counts() -> QuerySet[Treatment]:
    live = Q(articles__in=public_articles().values("pk"))
    # Aggregation drops Meta.ordering, so the admin's drag-and-drop order is restated.
    return (
        Treatment.objects.select_related("image")
        .annotate(article_count=Count("articles", filter=live, distinct=True))
        .order_by("sort_order", "name")
    )


def tags_with_counts() -> QuerySet[Tag]:
    tagged = ArticlePageTag.objects.filter(
        tag=OuterRef("pk"), content_object__in=public_articles().values("pk")
    )
    return (
        Tag.objects.filter(Exists(tagged))
        .annotate(
            article_count=Count(
                "blog_articlepagetag_items",
                filter=Q(blog_articlepagetag_items__content_object__in=public_articles()),
                distinct=True,
            )
        )
        .order_by("-article_count", "name")
    )


def authors() -> QuerySet[Author]:
    return Author.objects.select_related("photo").order_by("sort_order", "name")


# One answer per event: the change log, the response cache, webhooks and purges all ask,
# one after the other, while the event is delivered (a site-wide one lists every article).
_showing: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def articles_showing(event) -> list:
    """The public articles that show what a non-article event (blog.events) changed: those
    with the treatment, tag or author (as byline or medical reviewer); every one for an
    image, a page or the comment policy, or for an object deleted, whose links are gone."""
    if event not in _showing:
        _showing[event] = _articles_showing(event)
    return _showing[event]


def _articles_showing(event) -> list:
    shown_by = {
        EventType.TREATMENT_CHANGED: (Treatment, lambda pk: Q(treatments__id=pk)),
        EventType.TAG_CHANGED: (Tag, lambda pk: Q(tags__id=pk)),
        EventType.AUTHOR_CHANGED: (Author, lambda pk: Q(author_id=pk) | Q(reviewed_by_id=pk)),
    }
    articles = public_articles()
    if (known := shown_by.get(event.type)) and event.object_id is not None:
        model, condition = known
        found = articles.filter(condition(event.object_id)).distinct()
        # A new object is shown nowhere yet; a deleted one's links are gone, so any might.
        if found.exists() or model.objects.filter(pk=event.object_id).exists():
            articles = found
    return [
        ArticleRef(id=pk, slug=slug, url_path=url_path)
        for pk, slug, url_path in articles.values_list("pk", "slug", "url_path")
    ]


def redirect_for(path: str) -> Redirect | None:
    """The redirect set for a website path (wagtail.contrib.redirects) that leads somewhere a
    reader may go: an external address, or a page that is live and public (a redirect to a
    draft or a restricted page would reveal it and end in a 404)."""
    if not path.startswith("/"):
        return None
    old = Redirect.normalise_path(path)
    redirect = Redirect.objects.select_related("redirect_page").filter(old_path=old).first()
    if redirect is None or redirect.link is None:
        return None
    target = redirect.redirect_page
    if target is not None and not (target.live and not target.get_view_restrictions().exists()):
        return None
    return redirect
