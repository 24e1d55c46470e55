"""Article bodies as typed blocks `{type, id, value}`, with every reference resolved.

A `BodyContext` is built for a set of articles at once: it reads their stored JSON, then
fetches every image, linked page and linked document they use with one query per kind.
Serialising a page of synced articles therefore costs the same few queries as one article.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from wagtail.images import get_image_model

from blog.body import heading_anchors
from blog.models import ArticlePage, ConsentRecord, Treatment
from blog.published.images import image_bundle
from blog.published.richtext import LinkResolver
from blog.video import parse_video_url


def _list_items(items: list) -> Iterator[dict]:
    # ListBlock values are stored as [{"type": "item", "value": ...}] (or plain values).
    for item in items or []:
        yield item["value"] if isinstance(item, dict) and "value" in item else item


def _rich_texts(block: dict) -> Iterator[str]:
    value = block.get("value")
    if block["type"] == "paragraph" and isinstance(value, str):
        yield value
    elif block["type"] == "callout":
        yield value.get("text", "")
    elif block["type"] == "faq":
        for item in _list_items(value.get("items")):
            yield item.get("answer", "")


# Which of a block's values name an image, a treatment or a consent record, by block type.
IMAGE_KEYS = {"image": ("image",), "before_after": ("before", "after")}
# The channel the API serves: the clinic's app (the website has its own pages, blog.site).
API_CHANNEL = "app"


def _ids(value: dict, keys: Iterable[str]) -> Iterator[int]:
    for key in keys:
        if isinstance(value.get(key), int):
            yield value[key]


def _bulk(model, ids: set[int]) -> dict[int, Any]:
    return model.objects.in_bulk(ids) if ids else {}


@dataclass
class BodyContext:
    links: LinkResolver
    images: dict[int, Any]
    request: HttpRequest | None
    treatments: dict[int, Treatment] = field(default_factory=dict)
    consents: dict[int, ConsentRecord] = field(default_factory=dict)
    today: datetime.date | None = None

    @classmethod
    def for_pages(cls, pages: Iterable[ArticlePage], request: HttpRequest | None) -> BodyContext:
        texts: list[str] = []
        image_ids: set[int] = set()
        treatment_ids: set[int] = set()
        consent_ids: set[int] = set()
        for page in pages:
            for block in page.body.raw_data:
                texts.extend(_rich_texts(block))
                value = block["value"]
                image_ids.update(_ids(value, IMAGE_KEYS.get(block["type"], ())))
                if block["type"] == "before_after":
                    treatment_ids.update(_ids(value, ["treatment"]))
                    consent_ids.update(_ids(value, ["consent"]))
        return cls(
            links=LinkResolver(texts, request),
            images=_bulk(get_image_model(), image_ids),
            request=request,
            treatments=_bulk(Treatment, treatment_ids),
            consents=_bulk(ConsentRecord, consent_ids),
            today=timezone.localdate(),
        )

    def serialize(self, page: ArticlePage) -> list[dict]:
        anchors = heading_anchors(page.body)
        blocks = []
        for position, block in enumerate(page.body.raw_data):
            serializer = SERIALIZERS.get(block["type"])
            if serializer is None:
                continue
            value = serializer(self, block["value"], anchors.get(position))
            if value is None:  # not to be shown (photos without consent)
                continue
            blocks.append({"type": block["type"], "id": block.get("id"), "value": value})
        return blocks

    def consent_for(self, value: dict) -> ConsentRecord | None:
        """The block's consent, when it is valid for the API's channel today."""
        consent = self.consents.get(value.get("consent"))
        if consent is not None and consent.valid_for(API_CHANNEL, today=self.today):
            return consent
        return None

    def shown_until(self, page: ArticlePage) -> datetime.date | None:
        """The last day everything `page` shows may be shown: the earliest expiry of the
        consents its photos rest on (None: no end known)."""
        ends = [
            consent.expires_on
            for block in page.body.raw_data
            if block["type"] == "before_after"
            and (consent := self.consent_for(block["value"])) is not None
            and consent.expires_on is not None
        ]
        return min(ends, default=None)


def _heading(ctx: BodyContext, value: dict, anchor: str | None) -> dict:
    return {"text": value.get("text", ""), "level": value.get("level", "h2"), "anchor": anchor}


def _paragraph(ctx: BodyContext, value: str, anchor: str | None) -> dict:
    return {"html": ctx.links.to_html(value or "")}


def _image(ctx: BodyContext, value: dict, anchor: str | None) -> dict:
    image = ctx.images.get(value.get("image"))
    bundle = image_bundle(image, alt=value.get("alt_text", ""), request=ctx.request)
    return {"image": bundle, "caption": value.get("caption", "")}


def _before_after(ctx: BodyContext, value: dict, anchor: str | None) -> dict | None:
    consent = ctx.consent_for(value)
    before, after = ctx.images.get(value.get("before")), ctx.images.get(value.get("after"))
    if consent is None or before is None or after is None:
        return None
    treatment = ctx.treatments.get(value.get("treatment"))
    return {
        "before": image_bundle(before, alt=value.get("before_alt", ""), request=ctx.request),
        "after": image_bundle(after, alt=value.get("after_alt", ""), request=ctx.request),
        "treatment": (
            {"id": treatment.pk, "slug": treatment.slug, "name": treatment.name}
            if treatment
            else None
        ),
        "time_between": value.get("time_between", ""),
        "caption": value.get("caption", ""),
        "shown_until": consent.expires_on,
    }


def _quote(ctx: BodyContext, value: dict, anchor: str | None) -> dict:
    return {"text": value.get("text", ""), "attribution": value.get("attribution", "")}


def _callout(ctx: BodyContext, value: dict, anchor: str | None) -> dict:
    return {
        "kind": value.get("kind", "tip"),
        "title": value.get("title", ""),
        "html": ctx.links.to_html(value.get("text", "")),
    }


def _faq(ctx: BodyContext, value: dict, anchor: str | None) -> dict:
    items = [
        {
            "question": item.get("question", ""),
            "answer_html": ctx.links.to_html(item.get("answer", "")),
        }
        for item in _list_items(value.get("items"))
    ]
    return {"title": value.get("title", ""), "items": items}


def _embed(ctx: BodyContext, value: dict, anchor: str | None) -> dict:
    video = parse_video_url(value.get("url", ""))
    return {
        "provider": video.provider if video else None,
        "video_id": video.video_id if video else None,
        "embed_url": video.embed_url if video else None,
        "url": value.get("url", ""),
        "title": value.get("title", ""),
        "caption": value.get("caption", ""),
    }


SERIALIZERS: dict[str, Callable[[BodyContext, Any, str | None], dict | None]] = {
    "heading": _heading,
    "paragraph": _paragraph,
    "image": _image,
    "quote": _quote,
    "callout": _callout,
    "faq": _faq,
    "embed": _embed,
    "before_after": _before_after,
}
