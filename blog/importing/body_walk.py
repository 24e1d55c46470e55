"""The walk of a post body: HTML elements in, the items of the body out.

A Walk visits the parsed body once, element by element. Running text, headings and lists are
read here; the elements that are more than text (links, images, videos, quotes, questions,
callouts, tables) are read by the subclass in blog.importing.body_elements, and
blog.importing.bodies merges the items into blocks. The rich-text helpers all three share
live here too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from html import escape, unescape
from typing import Any

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag

# What a paragraph may hold (blog.blocks.PARAGRAPH_FEATURES in Wagtail's stored form).
RICH_TAGS = {"p", "b", "i", "a", "ol", "ul", "li", "br"}
RICH_ATTRIBUTES = {"a": {"href", "linktype", "id"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Deeper markup is flattened to text: the walk recurses, and this keeps it far inside
# Python's recursion limit whatever a post holds.
MAX_DEPTH = 60
MAX_NESTING = 200  # deeper tags are removed before parsing (see Walk.capped)


# The walk's items, merged into blocks by blog.importing.bodies.
@dataclass(frozen=True)
class Rich:
    html: str  # <p>, <ul> or <ol> elements


@dataclass(frozen=True)
class Heading:
    text: str
    tag: str  # h1 … h6 as written


@dataclass(frozen=True)
class Question:
    question: str
    answer: str  # sanitised rich text


@dataclass(frozen=True)
class Block:
    type: str
    value: dict


Item = Rich | Heading | Question | Block
Part = str | Item  # inline HTML, or an item that breaks the text where it stands


@dataclass
class Caption:
    text: str
    used: bool = False  # the first image, video or frame of a figure takes its caption


@dataclass(frozen=True)
class Context:
    short: bool = False  # FAQ answers and callouts: rich text that cannot link documents
    pre: bool = False  # keep line breaks (preformatted text)
    attachment: int | None = None  # the image id a Gutenberg block or [caption] gives
    caption: Caption | None = None


UNSAFE_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ud800-\udfff]")
SPACES = re.compile(r"[ \t\n\r\f]+")
ANY_TAG = re.compile(r"<[^>]*>")
_LEADING_BREAKS = re.compile(r"(?:\s|<br/>)*")
_MARKS = {"b": "b", "strong": "b", "i": "i", "em": "i"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_PARAGRAPHS = {"p", "li", "dt", "dd", "address", "summary", "legend", "caption", "figcaption"}
_CONTAINERS = {"div", "section", "article", "aside", "header", "footer", "nav", "main", "body"}
_CONTAINERS |= {"center", "fieldset", "html", "hgroup", "dl", "tbody", "thead", "tfoot", "tr"}
_CONTAINERS |= {"td", "th", "menu"}
_DROPPED = {"script": "a script", "style": "styling (a <style> element)", "form": "a form"}
_DROPPED |= dict.fromkeys(("input", "select", "textarea"), "a form field")
_DROPPED |= {name: f"embedded content (an <{name}>)" for name in ("object", "embed", "applet")}
_DROPPED |= {"svg": "a drawing (<svg>)", "canvas": "a drawing (<canvas>)", "math": "a formula"}
# Dropped without a word: lazy-loading fallbacks, document metadata, rules between sections.
_SILENT = {"noscript", "template", "head", "title", "meta", "link", "base", "hr", "map"}
_SILENT |= {"area", "param", "source", "track", "colgroup", "col"}
_TAG_TOKEN = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*>")
# Void elements, and those whose end tag HTML lets a writer leave out: they add no depth.
_NOT_NESTING = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
_NOT_NESTING |= {"param", "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th"}


class Walk:
    """One body's walk: the handlers per element, and the notes collected on the way.

    Images and links are the subclass's (Walk.image, Walk.link_open): the walk only meets
    them inside running text.
    """

    def __init__(self) -> None:
        self.notes: dict[str, None] = {}  # ordered, without repeats
        self.handlers = dict.fromkeys(_HEADINGS, self.heading)
        self.handlers |= dict.fromkeys(_PARAGRAPHS, self.text_block)
        self.handlers |= dict.fromkeys(_CONTAINERS, self.walk)
        self.handlers |= dict.fromkeys(_DROPPED.keys() | _SILENT, self.drop)
        self.handlers |= {"pre": self.preformatted, "ul": self.list_block, "ol": self.list_block}

    def image(self, tag: Tag, ctx: Context) -> list[Part]:
        """What an <img> becomes where it stands."""
        raise NotImplementedError

    def link_open(self, href: str, ctx: Context) -> str | None:
        """The opening <a> tag for href, or None to keep only the link's text."""
        raise NotImplementedError

    def note(self, text: str) -> None:
        self.notes[text] = None

    def parse(self, text: str) -> BeautifulSoup:
        text = self.capped(text)
        try:
            return BeautifulSoup(text, "html.parser", multi_valued_attributes=None)
        except Exception:  # html.parser rejects some markup outright: keep the words
            self.note("The post's HTML could not be read: only its text was kept")
            return BeautifulSoup(escape(ANY_TAG.sub(" ", text)), "html.parser")

    def capped(self, text: str) -> str:
        """The text with tags nested deeper than MAX_NESTING removed, their words kept.

        bs4 takes time in proportion to the depth for each piece of text it adds, so a body of
        thousands of nested elements would take minutes to parse.
        """
        depth, cut = 0, []
        for match in _TAG_TOKEN.finditer(text):
            if match.group(2).lower() in _NOT_NESTING or match.group(0).endswith("/>"):
                continue
            if not match.group(1):
                depth += 1
            if depth > MAX_NESTING:
                cut.append(match.span())
            if match.group(1):
                depth = max(depth - 1, 0)
        if not cut:
            return text
        self.note("Very deeply nested markup was flattened to plain text")
        pieces, position = [], 0
        for start, end in cut:
            pieces += [text[position:start], " "]
            position = end
        return "".join([*pieces, text[position:]])

    # The walk: block-level elements go to their handlers; the runs of inline content
    # between them become paragraphs.
    def walk(self, parent: Tag, ctx: Context, depth: int, **changes: Any) -> list[Item]:
        ctx = replace(ctx, **changes) if changes else ctx
        items: list[Item] = []
        run: list[NavigableString | Tag] = []
        for child in parent.children:
            if isinstance(child, Tag) and child.name in self.handlers:
                items += self.paragraph(run, ctx, depth) if run else []
                run = []
                items += self.element(child, ctx, depth + 1)
            else:
                run.append(child)
        return items + self.paragraph(run, ctx, depth) if run else items

    def element(self, tag: Tag, ctx: Context, depth: int) -> list[Item]:
        if depth > MAX_DEPTH:
            text = self.flattened(tag)
            return [Rich(f"<p>{text}</p>")] if text else []
        return self.handlers[tag.name](tag, ctx, depth)

    def flattened(self, tag: Tag) -> str:
        self.note("Very deeply nested markup was flattened to plain text")
        return escape(self.text_of(tag), quote=False)

    def inline(self, node: NavigableString | Tag, ctx: Context, depth: int) -> list[Part]:
        if isinstance(node, NavigableString):
            if type(node) is not NavigableString:  # comments, script text, declarations
                return []
            if ctx.pre:
                return [escape(str(node), quote=False).replace("\n", "<br/>")]
            return [escape(SPACES.sub(" ", str(node)), quote=False)]
        if node.name in self.handlers:
            return list(self.element(node, ctx, depth + 1))
        if depth > MAX_DEPTH:
            return [self.flattened(node)]
        if node.name in {"img", "br"}:
            return self.image(node, ctx) if node.name == "img" else ["<br/>"]
        parts = self.inline_children(node, ctx, depth)
        if node.name in _MARKS:
            return _wrap(parts, f"<{_MARKS[node.name]}>", f"</{_MARKS[node.name]}>")
        linked = node.name == "a" and any(isinstance(p, str) and has_text(p) for p in parts)
        if linked and (opening := self.link_open(node.get("href") or "", ctx)):
            return _wrap(parts, opening, "</a>")  # a link around only an image is dropped
        return parts  # any other inline element is unwrapped to its content

    def inline_children(self, tag: Tag, ctx: Context, depth: int) -> list[Part]:
        parts: list[Part] = []
        for child in tag.children:
            parts += self.inline(child, ctx, depth + 1)
        return parts

    def paragraph(self, nodes: Iterable, ctx: Context, depth: int) -> list[Item]:
        parts: list[Part] = []
        for node in nodes:
            parts += self.inline(node, ctx, depth + 1)
        items: list[Item] = []
        for group in _groups(parts):
            if not isinstance(group, str):
                items.append(group)
            elif has_text(html := _trimmed(group)):
                html = html if ctx.pre else re.sub(r" {2,}", " ", html)
                items.append(Rich(f"<p>{html}</p>"))
        return items

    def text_block(self, tag: Tag, ctx: Context, depth: int) -> list[Item]:
        return self.paragraph(tag.children, ctx, depth)

    def preformatted(self, tag: Tag, ctx: Context, depth: int) -> list[Item]:
        return self.paragraph(tag.children, replace(ctx, pre=True), depth)

    def drop(self, tag: Tag, ctx: Context, depth: int) -> list[Item]:
        if tag.name in _DROPPED:
            self.note(f"Removed {_DROPPED[tag.name]}")
        return []

    def heading(self, tag: Tag, ctx: Context, depth: int) -> list[Item]:
        parts = self.inline_children(tag, ctx, depth)
        text = SPACES.sub(" ", html_text("".join(p for p in parts if isinstance(p, str))))
        rest = [part for part in parts if not isinstance(part, str)]
        return [Heading(text, tag.name), *rest] if text else rest

    def list_block(self, tag: Tag, ctx: Context, depth: int) -> list[Item]:
        return [
            Rich(group) if isinstance(group, str) else group
            for group in _groups(self.list_parts(tag, ctx, depth))
            if not isinstance(group, str) or has_text(group)
        ]

    def list_parts(self, tag: Tag, ctx: Context, depth: int) -> list[Part]:
        if depth > MAX_DEPTH:
            return [f"<{tag.name}><li>{self.flattened(tag)}</li></{tag.name}>"]
        parts: list[Part] = []
        for child in _list_children(tag):
            if isinstance(child, Tag) and child.name in {"ul", "ol"}:
                parts += self.list_parts(child, ctx, depth + 1)
                continue
            content: list[Part] = []
            for node in (
                child.children if isinstance(child, Tag) and child.name == "li" else [child]
            ):
                if isinstance(node, Tag) and node.name in {"ul", "ol"}:
                    content += self.list_parts(node, ctx, depth + 1)  # a list in an item
                else:
                    content += self.inline(node, ctx, depth + 1)
            parts += _wrap(content, "<li>", "</li>", keep_blank=False)
        return _wrap(parts, f"<{tag.name}>", f"</{tag.name}>", keep_blank=False)

    def rich(self, html: str) -> list[Item]:
        return [Rich(html)]

    def text_of(self, tag: Tag | None) -> str:
        """The words of an element on one line (iterative: safe however deep it is)."""
        if tag is None:
            return ""
        pieces: list[str] = []
        for node in tag.descendants:
            if type(node) is NavigableString:
                pieces.append(str(node))
            elif isinstance(node, Tag) and node.name in {"br", "p", "li", "div", "td", "th"}:
                pieces.append(" ")
        return SPACES.sub(" ", "".join(pieces)).strip()

    def shorten(self, text: str, limit: int, what: str) -> str:
        if len(text) <= limit:
            return text
        self.note(f"{what} was shortened to {limit} characters: “{text}”")
        cut = text[: limit - 1]
        if (space := cut.rfind(" ")) > limit // 2:  # at a word, unless that loses half
            cut = cut[:space]
        return cut.rstrip(" ,.;:-") + "…"


def _groups(parts: list[Part]) -> Iterator[Part]:
    """The parts, with each run of neighbouring HTML strings joined into one."""
    run: list[str] = []
    for part in parts:
        if isinstance(part, str):
            run.append(part)
            continue
        if run:
            yield "".join(run)
            run = []
        yield part
    if run:
        yield "".join(run)


def _trimmed(html: str) -> str:
    """The HTML without spaces and line breaks at its ends (in linear time)."""
    html = html[_LEADING_BREAKS.match(html).end() :].rstrip()
    while html.endswith("<br/>"):
        html = html[:-5].rstrip()
    return html


def _wrap(parts: list[Part], opening: str, closing: str, *, keep_blank: bool = True) -> list:
    """Each run of HTML with words in it between opening and closing; items pass between."""
    wrapped: list[Part] = []
    for group in _groups(parts):
        if not isinstance(group, str):
            wrapped.append(group)
        elif has_text(group):
            wrapped.append(f"{opening}{group}{closing}")
        elif keep_blank:
            wrapped.append(group)
    return wrapped


def _list_children(tag: Tag) -> Iterator[NavigableString | Tag]:
    """The items of a list, looking through the <wp-block> of each list-item block."""
    stack = [iter(tag.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif isinstance(child, Tag) and child.name == "wp-block":
            stack.append(iter(child.children))
        elif isinstance(child, Tag) or (type(child) is NavigableString and child.strip()):
            yield child


def html_text(html: str) -> str:
    """The text of our own rich text: paragraphs apart, line breaks and list items on lines."""
    html = re.sub(r"<br\s*/?>|</li>|<[ou]l>", "\n", html.replace("</p>", "\n\n"))
    lines = (SPACES.sub(" ", line).strip() for line in unescape(ANY_TAG.sub("", html)).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def has_text(html: str) -> bool:
    return bool(unescape(ANY_TAG.sub("", html)).strip())


def clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=RICH_TAGS,
        attributes=RICH_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
