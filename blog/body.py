"""What we derive from an article body: heading anchors, the table of contents, reading time.

The page template, the admin preview and the API all read these, so they live in one place.
They work on the body's stored JSON (`raw_data`), never on loaded block values: loading an
image block costs a query, and cards compute reading time for many articles at once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.text import slugify
from wagtail.blocks import StreamValue

WORDS_PER_MINUTE = 220
# Raw keys whose values are settings or references, not words a reader reads.
NON_TEXT_KEYS = {"type", "id", "level", "kind", "url", "image", "alt_text"}


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    text: str
    level: str
    block_id: str | None


def heading_anchor(text: str) -> str:
    """The in-page anchor for a heading: its slugified text, so it survives other edits."""
    return slugify(text, allow_unicode=True) or "section"


# Ids the article page gives its own parts (templates/base.html, blog/article_page.html,
# blog/comments/): a heading called "Comments" must not take the comment section's id.
PAGE_IDS = frozenset({"main", "toc-title", "treatments-title", "related-title", "comments"})
PAGE_ID_PREFIXES = ("comments-", "comment-")


def _taken_by_the_page(anchor: str) -> bool:
    return anchor in PAGE_IDS or anchor.startswith(PAGE_ID_PREFIXES)


def heading_anchors(body: StreamValue) -> dict[int, str]:
    """Map each heading block's position in the body to a unique anchor.

    A repeated heading text gets "-2", "-3" and so on; one whose anchor the page uses for its
    own parts (PAGE_IDS) gets "section-" before it. Positions, not block ids, are the keys
    because an unsaved preview may lack ids.
    """
    anchors: dict[int, str] = {}
    used: set[str] = set()
    for position, block in enumerate(body.raw_data):
        if block["type"] != "heading":
            continue
        base = heading_anchor(block["value"].get("text", ""))
        if _taken_by_the_page(base):
            base = f"section-{base}"
        anchor, n = base, 1
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        anchors[position] = anchor
    return anchors


def table_of_contents(body: StreamValue) -> list[TocEntry]:
    raw = body.raw_data
    return [
        TocEntry(
            anchor=anchor,
            text=raw[position]["value"].get("text", ""),
            level=raw[position]["value"].get("level", "h2"),
            block_id=raw[position].get("id"),
        )
        for position, anchor in heading_anchors(body).items()
    ]


def blocks_with_anchors(body: StreamValue) -> Iterator[tuple[object, str | None]]:
    """Yield (block, anchor) pairs for templates; the anchor is None for non-headings."""
    anchors = heading_anchors(body)
    for position, block in enumerate(body):
        yield block, anchors.get(position)


def _texts(value: object, key: str | None = None) -> Iterator[str]:
    if key in NON_TEXT_KEYS:
        return
    if isinstance(value, str):
        yield strip_tags(value)
    elif isinstance(value, dict):
        for child_key, child in value.items():
            yield from _texts(child, child_key)
    elif isinstance(value, list):
        for child in value:
            yield from _texts(child)


def count_words(texts: Iterable[str]) -> int:
    return sum(len(text.split()) for text in texts)


def body_word_count(body: StreamValue) -> int:
    return count_words(_texts([block.get("value") for block in body.raw_data]))


def body_texts(body: StreamValue) -> Iterator[tuple[str, str]]:
    """(block type, plain text) for each text in the body, in reading order: what search
    indexes and quotes from."""
    for block in body.raw_data:
        for text in _texts(block.get("value")):
            if text.strip():
                yield block.get("type", ""), text


def reading_minutes(word_count: int) -> int:
    """Whole minutes at an unhurried reading pace; never less than one."""
    return max(1, math.ceil(word_count / WORDS_PER_MINUTE))
