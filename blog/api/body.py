"""Article bodies as typed blocks `{type, id, value}`, with every reference resolved.

A `BodyContext` is built for a set of articles at once: it reads their stored JSON, then
fetches every image, linked page and linked document they use with one query per kind.
Serialising a page of synced articles therefore costs the same few queries as one article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from wagtail.images import get_image_model

from blog.api.images import image_bundle
from blog.api.richtext import LinkResolver
from blog.body import heading_anchors
from blog.models import ArticlePage
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


@dataclass
class BodyContext:
    links: LinkResolver
    images: dict[int, Any]
    request: HttpRequest | None

    @classmethod
    def for_pages(cls, pages: Iterable[ArticlePage], request: HttpRequest | None) -> BodyContext:
        texts: list[str] = []
        image_ids: set[int] = set()
        for page in pages:
            for block in page.body.raw_data:
                texts.extend(_rich_texts(block))
                if block["type"] == "image" and isinstance(block["value"].get("image"), int):
                    image_ids.add(block["value"]["image"])
        images = get_image_model().objects.in_bulk(image_ids) if image_ids else {}
        return cls(links=LinkResolver(texts, request), images=images, request=request)

    def serialize(self, page: ArticlePage) -> list[dict]:
        anchors = heading_anchors(page.body)
        blocks = []
        for position, block in enumerate(page.body.raw_data):
            serializer = SERIALIZERS.get(block["type"])
            if serializer is None:
                continue
            value = serializer(self, block["value"], anchors.get(position))
            blocks.append({"type": block["type"], "id": block.get("id"), "value": value})
        return blocks


def _heading(ctx: BodyContext, value: dict, anchor: str | None) -> dict:
    return {"text": value.get("text", ""), "level": value.get("level", "h2"), "anchor": anchor}


def _paragraph(ctx: BodyContext, value: str, anchor: str | None) -> dict:
    return {"html": ctx.links.to_html(value or "")}


def _image(ctx: BodyContext, value: dict, anchor: str | None) -> dict:
    image = ctx.images.get(value.get("image"))
    bundle = image_bundle(image, alt=value.get("alt_text", ""), request=ctx.request)
    return {"image": bundle, "caption": value.get("caption", "")}


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


SERIALIZERS: dict[str, Callable[[BodyContext, Any, str | None], dict]] = {
    "heading": _heading,
    "paragraph": _paragraph,
    "image": _image,
    "quote": _quote,
    "callout": _callout,
    "faq": _faq,
    "embed": _embed,
}
