"""Turn a WordPress post body into the blocks of ArticlePage.body.

convert_body() takes a body as the export stores it (Gutenberg block comments, classic-editor
HTML, or both) and returns StreamField data, notes in plain words for the editor on everything
that changed on the way, and the body's plain text. The string passes are cheap (block
markers, shortcodes, wpautop); the HTML is then parsed once and walked once. The importer
passes a BodyLinks that finds images, pages and documents, so no database work happens here.

The walk (blog.importing.body_walk, with the handlers of blog.importing.body_elements) yields
items (rich text, headings, questions, finished blocks); the last pass here merges
neighbouring rich text into paragraphs, applies the heading rules and sanitises with nh3.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from blog.importing import classic, gutenberg
from blog.importing.body_elements import BodyLinks, Elements, ImageWanted
from blog.importing.body_walk import (
    UNSAFE_CHARACTERS,
    Block,
    Context,
    Heading,
    Item,
    Question,
    Rich,
    clean,
    has_text,
    html_text,
)

__all__ = ["BodyError", "BodyLinks", "ConvertedBody", "ImageWanted", "convert_body"]

MAX_HEADINGS = 40


class BodyError(ValueError):
    """A body that is not text at all; any text converts, with notes."""


@dataclass(frozen=True)
class ConvertedBody:
    blocks: list[dict]  # raw StreamField data for ArticlePage.body
    notes: list[str]  # every adjustment, in words an editor understands
    text: str  # the body's plain text (for an intro when the post has no excerpt)


def convert_body(html: str, *, links: BodyLinks) -> ConvertedBody:
    """Convert a post body (Gutenberg, classic or mixed) into ArticlePage.body data."""
    if not isinstance(html, str):
        raise BodyError(f"A post body must be text, not {type(html).__name__}.")
    marked = gutenberg.mark_blocks(UNSAFE_CHARACTERS.sub("", html))
    text, shortcode_notes = classic.expand_shortcodes(marked.html)
    text = classic.autoembed(text)
    if not marked.has_blocks:  # WordPress runs wpautop only on classic bodies
        text = classic.wpautop(text)
    converter = _Converter(links, marked.attrs)
    converter.notes.update(dict.fromkeys([*marked.notes, *shortcode_notes]))
    blocks = converter.assemble(converter.walk(converter.parse(text), Context(), 0))
    return ConvertedBody(blocks=blocks, notes=list(converter.notes), text=_plain_text(blocks))


class _Converter(Elements):
    """The walk, and its last pass: merge rich text, apply the heading rules, build the
    StreamField data."""

    def assemble(self, items: list[Item]) -> list[dict]:
        blocks: list[dict] = []
        rich: list[str] = []
        questions: list[dict] = []
        headings = overflow = 0

        def flush() -> None:
            if rich and has_text(html := clean("".join(rich))):
                blocks.append({"type": "paragraph", "value": html})
            if questions:
                value = {"title": "Common questions", "items": questions[:]}
                blocks.append({"type": "faq", "value": value})
            rich.clear()
            questions.clear()

        for item in items:
            if isinstance(item, Heading) and headings >= MAX_HEADINGS:
                overflow += 1
                item = Rich(f"<p><b>{escape(item.text, quote=False)}</b></p>")
            if isinstance(item, Rich):
                if questions:
                    flush()
                rich.append(item.html)
                continue
            if isinstance(item, Question):
                if rich:
                    flush()
                questions.append({"question": item.question, "answer": item.answer})
                continue
            flush()
            if isinstance(item, Block):
                blocks.append({"type": item.type, "value": item.value})
                continue
            headings += 1
            text = self.shorten(item.text, 120, "A heading")
            if item.tag in {"h4", "h5", "h6"}:
                self.note(f"An {item.tag.upper()} heading “{text}” became a sub-heading (H3)")
            level = "h2" if item.tag in {"h1", "h2"} else "h3"
            blocks.append({"type": "heading", "value": {"text": text, "level": level}})
        flush()
        if overflow:
            self.note(
                f"The post has more than {MAX_HEADINGS} headings: the last {overflow} became "
                "bold paragraphs"
            )
        return blocks


def _plain_text(blocks: list[dict]) -> str:
    parts: list[str] = []
    for block in blocks:
        kind, value = block["type"], block["value"]
        if kind == "paragraph":
            parts.append(html_text(value))
        elif kind in {"heading", "quote"}:
            parts.append(value["text"])
        elif kind == "callout":
            parts += [value["title"], html_text(value["text"])]
        elif kind == "faq":
            for item in value["items"]:
                parts += [item["question"], html_text(item["answer"])]
    return "\n\n".join(part for part in parts if part)
