"""What we derive from an article body: heading anchors, the table of contents, reading time.

The page template, the admin preview and the API all read these, so they live in one place.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from wagtail.blocks import StreamValue

WORDS_PER_MINUTE = 220


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    text: str
    level: str
    block_id: str | None


def heading_anchors(body: StreamValue) -> dict[int, str]:
    """Map each heading block's position in the body to a unique anchor.

    A heading's anchor is its slugified text; a repeated text gets "-2", "-3" and so on.
    Positions, not block ids, are the keys because an unsaved preview may lack ids.
    """
    anchors: dict[int, str] = {}
    used: set[str] = set()
    for position, block in enumerate(body):
        if block.block_type != "heading":
            continue
        base = block.value.anchor
        anchor, n = base, 1
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        anchors[position] = anchor
    return anchors


def table_of_contents(body: StreamValue) -> list[TocEntry]:
    anchors = heading_anchors(body)
    return [
        TocEntry(
            anchor=anchor,
            text=body[position].value["text"],
            level=body[position].value["level"],
            block_id=body[position].id,
        )
        for position, anchor in anchors.items()
    ]


def blocks_with_anchors(body: StreamValue) -> Iterator[tuple[object, str | None]]:
    """Yield (block, anchor) pairs for templates; the anchor is None for non-headings."""
    anchors = heading_anchors(body)
    for position, block in enumerate(body):
        yield block, anchors.get(position)


def count_words(texts: Iterable[str]) -> int:
    return sum(len(text.split()) for text in texts)


def body_word_count(body: StreamValue) -> int:
    return count_words(body.stream_block.get_searchable_content(body))


def reading_minutes(word_count: int) -> int:
    """Whole minutes at an unhurried reading pace; never less than one."""
    return max(1, math.ceil(word_count / WORDS_PER_MINUTE))
