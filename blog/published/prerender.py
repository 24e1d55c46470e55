"""Render on write: an article's card and detail JSON built once, as the API sends them.

The output serializers (blog.published.serializers) build the JSON, exactly as for a live read, and
orjson writes it (blog.published.encoding, DRF's output). Three things are not stored, because
they change without the article changing: the comment count (a stored counter), whether
comments are open (the date and the site's policy), whether the medical review is overdue
(the date) and the host of absolute media URLs (the request's, when media are served by this
server). The JSON is cut or marked where they go, and a read splices them in
(blog.published.stored).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from blog.models import ArticlePage
from blog.published import serializers
from blog.published.body import BodyContext
from blog.published.encoding import dumps
from blog.published.selectors import related_articles, snippets_in_language, translations_of
from blog.sites import site_of_url_path

# Stands for the scheme and host of a relative media URL until a read knows the request's.
# A private-use character: it never comes out of an editor's text.
HOST_MARK = "\ue000"
HOST_MARK_BYTES = HOST_MARK.encode()
# Stands for the medical review's `overdue` until a read knows today's date.
OVERDUE_MARK = "\ue001"
# Matched with its key: inside a string (an editor's text) the quotes would be escaped, so
# these bytes can only be the medical review's own field.
OVERDUE_MARK_BYTES = b'"overdue":"' + OVERDUE_MARK.encode() + b'"'

CARD_FIELDS = list(serializers.ArticleCardSerializer().fields)
DETAIL_FIELDS = [
    name for name in serializers.ArticleDetailSerializer().fields if name not in CARD_FIELDS
]
# The card's last field and the detail's last two are the ones a read splices in (sync
# sends no related cards: the app is not told when a related article changes).
if CARD_FIELDS[-1] != "comment_count" or DETAIL_FIELDS[-2:] != ["related", "comments"]:
    raise ImportError("the spliced fields must come last in the article serializers")


class _StoredDetailSerializer(serializers.ArticleDetailSerializer):
    # Spliced in at read time (blog.published.stored); never computed here.
    comment_count = None
    comments = None

    def review_overdue(self, article) -> object:
        return OVERDUE_MARK


class StoredRequest:
    """What the serializers ask of a request while rendering for storage: absolute URLs,
    whose host a read fills in."""

    def build_absolute_uri(self, location: str) -> str:
        return HOST_MARK + location if location.startswith("/") else location


@dataclass(frozen=True)
class Rendered:
    card: bytes  # the card up to and including `"comment_count":`
    detail: bytes  # `,"body":` ... up to and including `"related":`
    related: bytes  # the related cards' JSON array
    related_ids: list[int]
    # The earliest end of the consents its photos rest on: read it again after that day.
    shown_until: datetime.date | None = None


def render(article: ArticlePage) -> Rendered:
    """`article` as the API shows it (fetched with blog.published.store.articles_to_render)."""
    request = StoredRequest()
    related = related_articles(article, site=site_of_url_path(article.url_path))
    body_context = BodyContext.for_pages([article], request)
    context = {
        "request": request,
        "body_context": body_context,
        "related": {article.pk: related},
        "translations": {article.pk: translations_of(article)},
        "in_language": snippets_in_language(article),
    }
    data = _StoredDetailSerializer(article, context=context).data
    card = dumps({name: data[name] for name in CARD_FIELDS[:-1]})
    rest = dumps({name: data[name] for name in DETAIL_FIELDS[:-2]})
    return Rendered(
        card=card[:-1] + b',"comment_count":',
        detail=b"," + rest[1:-1] + b',"related":',
        related=dumps(data["related"]),
        related_ids=[card["id"] for card in related],
        shown_until=body_context.shown_until(article),
    )
