"""Which public articles show what an event changed: those with a renamed treatment, tag or
author, those that show a changed image or link to a changed page, every one when what
changed may show anywhere.

The change log (blog.changes), the response cache's tags (blog.published.cache_tags),
webhooks and CDN purges (blog.delivery) all ask while an event is delivered; the answer is
worked out once per event.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex

from blog.events import ArticleRef, EventType, language_of_locale
from blog.models import ArticlePage, Author, ConsentRecord, Treatment

# One answer per event: the change log, the response cache, webhooks and purges all ask,
# one after the other, while the event is delivered.
_showing: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Shown:
    articles: list[ArticleRef]
    # Every public article, because what changed may show anywhere (the comment policy, a
    # site's host, an object deleted whose links are gone): receivers revalidate all.
    everywhere: bool = False


def articles_showing(event) -> list[ArticleRef]:
    """The public articles that show what a non-article event (blog.events) changed: those
    with the treatment, tag or author (as byline or medical reviewer), those that show the
    image or link to the page (Wagtail's reference index, and the hero and social image
    columns); every one for the comment policy, a site, or an object deleted."""
    return shown_by(event).articles


def shown_everywhere(event) -> bool:
    return shown_by(event).everywhere


def shown_by(event) -> Shown:
    if event not in _showing:
        _showing[event] = _shown_by(event)
    return _showing[event]


def article_refs(articles: QuerySet[ArticlePage]) -> list[ArticleRef]:
    """What events carry of each article: its id, slug and place, in one query."""
    return [
        ArticleRef(id=pk, slug=slug, url_path=url_path, language=language_of_locale(locale_id))
        for pk, slug, url_path, locale_id in articles.values_list(
            "pk", "slug", "url_path", "locale_id"
        )
    ]


def referencing(model, pk: int) -> Q:
    """Pages whose live content refers to the object (rich text links, image blocks, ...)."""
    ids = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        to_content_type=ContentType.objects.get_for_model(model),
        to_object_id=str(pk),
    ).values_list("object_id", flat=True)
    return Q(pk__in=[int(found) for found in ids if found.isdigit()])


def _shown_by(event) -> Shown:
    image_model = get_image_model()
    conditions = {
        EventType.TREATMENT_CHANGED: (Treatment, lambda pk: Q(treatments__id=pk)),
        EventType.TAG_CHANGED: (Tag, lambda pk: Q(tags__id=pk)),
        # The byline, the medical review, and the clinic's replies in comment threads.
        EventType.AUTHOR_CHANGED: (
            Author,
            lambda pk: (
                Q(author_id=pk)
                | Q(reviewed_by_id=pk)
                | Q(reader_comments__staff_author_id=pk, reader_comments__status="approved")
            ),
        ),
        EventType.IMAGE_CHANGED: (
            image_model,
            lambda pk: Q(hero_image_id=pk) | Q(social_image_id=pk) | referencing(image_model, pk),
        ),
        EventType.PAGE_CHANGED: (Page, lambda pk: referencing(Page, pk)),
        EventType.CONSENT_CHANGED: (ConsentRecord, lambda pk: referencing(ConsentRecord, pk)),
    }
    articles = ArticlePage.objects.readable()  # every site's public articles
    if (known := conditions.get(event.type)) and event.object_id is not None:
        model, condition = known
        found = articles.filter(condition(event.object_id)).distinct()
        # A new object is shown nowhere yet; a deleted one's links are gone, so any might.
        if found.exists() or model.objects.filter(pk=event.object_id).exists():
            return Shown(article_refs(found))
    return Shown(article_refs(articles), everywhere=True)
