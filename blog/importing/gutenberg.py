"""Read the Gutenberg block comments of a WordPress post body.

The block editor stores a post as HTML with comments around each block:
`<!-- wp:heading {"level":3} --><h3>…</h3><!-- /wp:heading -->`. mark_blocks() turns each
pair into one `<wp-block data-n="…" data-name="core/heading">` element around the block's
HTML and keeps the block's JSON settings aside, so the body converter parses the whole post
once and meets each block where it sits. Broken markers never raise: an unreadable one stays
an ordinary comment (its HTML is still converted), and every repair is noted.

It also closes what a block leaves open (a script, a style, a comment) at the block's end, so
one broken block cannot swallow the rest of the post. convert_block() then says what each
block becomes, for the few blocks whose HTML alone does not say it (embeds, buttons, FAQ
blocks, blocks that are layout or live outside the post).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from html import escape
from typing import Any, Protocol

from bs4 import Tag

from blog.parsing import MAX_ID, is_ascii_number

# The block comment as WordPress's own parser reads it (class-wp-block-parser.php), except
# that the settings stop at the next "<": WordPress writes them with < escaped (\u003c), and
# its own pattern lets a "{" with no matching "}" swallow the blocks after it.
_MARKER = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<namespace>[a-z][a-z0-9_-]*/)?(?P<name>[a-z][a-z0-9_-]*)\s+"
    r"(?:(?P<attrs>\{[^<]*?\})\s+)?(?P<void>/)?-->"
)
_UNREAD_MARKER = re.compile(r"<!--\s*/?wp:[a-z]")
_COMMENT_TO_LINE_END = re.compile(r"<!--[^\n]*")
# A whole comment or tag (quoted values may hold < and >). A "<" that starts neither is text,
# and _contained() escapes it, so that html.parser (which rescans an unfinished tag at every
# step) and the patterns of classic.wpautop stay linear.
_TAG_REST = r"""[A-Za-z!/?][^<>"']*+(?:(?:"[^"]*+"|'[^']*+')[^<>"']*+)*+>"""
WHOLE_TAG = rf"<!--.*?-->|<{_TAG_REST}"
_STRAY = re.compile(rf"<(?!!--|{_TAG_REST})")
# Elements whose content the HTML parser reads as raw text until their end tag (and that the
# converter drops).
_RAW_OPEN = re.compile(r"<!--|<(script|style|textarea|title)\b", re.IGNORECASE)
_RAW_CLOSE = {
    name: re.compile(rf"</{name}\s*>", re.IGNORECASE)
    for name in ("script", "style", "textarea", "title")
}

# What each block means to the converter. A block not named here (a plugin's, or a newer core
# block) has its HTML converted as it is, and the editor is told.
_CORE_CONTENT = (
    "paragraph heading list list-item quote pullquote table details preformatted code verse "
    "freeform group column row stack media-text video audio file shortcode gallery cover "
    "missing text-columns footnotes"
)
CONTENT = frozenset(f"core/{name}" for name in _CORE_CONTENT.split(" "))
ROLES = {
    "core/separator": "drop",
    "core/spacer": "drop",
    "core/more": "drop",
    "core/nextpage": "drop",
    "core/image": "image",
    "core/embed": "embed",
    "core/html": "custom-html",
    "core/columns": "columns",
    "core/buttons": "buttons",
    "core/button": "buttons",
    "core/block": "reusable",
    "yoast/faq-block": "faq",
    "rank-math/faq-block": "faq",
}
_FAQ_QUESTIONS = {"schema-faq-question", "rank-math-question"}
_FAQ_ANSWERS = {"schema-faq-answer", "rank-math-answer"}
_FIRST_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class MarkedBody:
    html: str  # the body with each block as a <wp-block data-n data-name> element
    attrs: tuple[dict, ...]  # block n's JSON settings ({} when it had none or they broke)
    has_blocks: bool  # False for a classic-editor body (WordPress then runs wpautop)
    notes: tuple[str, ...]


def block_role(name: str) -> str:
    """What a block is to the converter: "content" (its HTML says it all), "drop", "image",
    "embed", "custom-html", "columns", "buttons", "reusable", "faq", or "unknown"."""
    if name in CONTENT:
        return "content"
    if name.startswith("core-embed/"):  # the embeds before WordPress 5.6
        return "embed"
    return ROLES.get(name, "unknown")


def mark_blocks(text: str) -> MarkedBody:
    """Replace the block comments of a post body with <wp-block> elements."""
    notes: dict[str, None] = {}
    attrs: list[dict] = []
    out: list[str] = []
    stack: list[str] = []
    open_counts: Counter[str] = Counter()  # the names on the stack, to look up in O(1)
    position = 0
    for match in _MARKER.finditer(text):
        out.append(_contained(text[position : match.start()], notes))
        position = match.end()
        name = (match["namespace"] or "core/") + match["name"]
        if match["closer"]:
            if not open_counts[name]:
                notes[
                    f"A “{name}” block had an end marker but no start: the marker was ignored"
                ] = None
                continue
            while stack:
                open_name = stack.pop()
                open_counts[open_name] -= 1
                out.append("</wp-block>")
                if open_name == name:
                    break
                notes[f"A “{open_name}” block was not closed: it ends with its container"] = None
            continue
        out.append(f'<wp-block data-n="{len(attrs)}" data-name="{name}">')
        attrs.append(_settings(match["attrs"], name, notes))
        if match["void"]:
            out.append("</wp-block>")
        else:
            stack.append(name)
            open_counts[name] += 1
    out.append(_contained(text[position:], notes))
    for open_name in reversed(stack):
        out.append("</wp-block>")
        notes[f"A “{open_name}” block was not closed: it ends with the post"] = None
    return MarkedBody(
        html="".join(out), attrs=tuple(attrs), has_blocks=bool(attrs), notes=tuple(notes)
    )


def _settings(raw: str | None, name: str, notes: dict[str, None]) -> dict:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        value = None
    if isinstance(value, dict):
        return value
    notes[f"The settings of a “{name}” block could not be read: its HTML was used"] = None
    return {}


def _contained(segment: str, notes: dict[str, None]) -> str:
    """The segment made safe to parse on its own: a comment it never closes is removed, the
    content of scripts and styles (never kept) is emptied, so it cannot run past the segment,
    and a "<" that starts no tag is escaped."""
    if _UNREAD_MARKER.search(segment):
        notes["A block marker could not be read: the block's HTML was imported as it is"] = None
    pieces: list[str] = []
    position = 0
    while match := _RAW_OPEN.search(segment, position):
        if match.group(0) == "<!--":
            end = segment.find("-->", match.end())
            if end < 0:
                # An unclosed comment would hide everything after it; we drop only its line
                # (and so for the ones after it, which cannot be closed either).
                notes["A comment was never closed: it was removed up to the end of its line"] = None
                pieces.append(segment[position : match.start()])
                segment = _COMMENT_TO_LINE_END.sub("", segment[match.start() :])
                position = 0
                continue
            pieces.append(segment[position : end + 3])
            position = end + 3
            continue
        opened = segment.find(">", match.end())
        if opened < 0:  # not a tag after all: the "<" is escaped below
            pieces.append(segment[position : match.end()])
            position = match.end()
            continue
        name = match.group(1).lower()
        pieces.append(f"{segment[position : opened + 1]}</{name}>")
        close = _RAW_CLOSE[name].search(segment, opened)
        position = len(segment) if close is None else close.end()
    segment = "".join([*pieces, segment[position:]])
    return _STRAY.sub("&lt;", segment) if "<" in segment else segment


class Walker(Protocol):
    """What the block handlers below need of the body converter (blog.importing.bodies).

    Items and the walk's context are the converter's own: they pass through here unread.
    """

    def walk(self, tag: Tag, ctx: Any, depth: int, **changes: Any) -> list: ...

    def note(self, text: str) -> None: ...

    def text_of(self, tag: Tag | None) -> str: ...

    def video(self, url: str, title: str, ctx: Any, what: str) -> list: ...

    def link_html(self, href: str, text_html: str, ctx: Any) -> str: ...

    def question(self, question: str, items: list) -> list: ...

    def rich(self, html: str) -> list: ...


def attachment_id(value: object) -> int | None:
    """A WordPress id (an attachment's, say) from block settings or an attribute, else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 < value <= MAX_ID else None
    text = value.strip() if isinstance(value, str) else ""
    return int(text) if is_ascii_number(text) and 0 < int(text) <= MAX_ID else None


def convert_block(walker: Walker, tag: Tag, attrs: tuple[dict, ...], ctx: Any, depth: int) -> list:
    """The items a <wp-block> element of mark_blocks() becomes."""
    name, index = tag.get("data-name") or "", tag.get("data-n") or ""
    settings = attrs[int(index)] if is_ascii_number(index) and int(index) < len(attrs) else {}
    role = block_role(name)
    if role == "drop":  # separators and spacers mean nothing without the layout
        return []
    if role == "image":
        return walker.walk(tag, ctx, depth, attachment=attachment_id(settings.get("id")))
    if role == "embed":
        url = settings.get("url") or _url_in(tag, walker)
        provider = settings.get("providerNameSlug") or name.removeprefix("core-embed/")
        what = "An embed" if provider == "core/embed" else f"An embed from {provider}"
        return walker.video(str(url), walker.text_of(tag.find("figcaption")), ctx, what)
    if role == "buttons":
        links = [
            walker.link_html(anchor.get("href") or "", escape(text, quote=False), ctx)
            for anchor in tag.find_all("a")
            if (text := walker.text_of(anchor))
        ]
        walker.note("Buttons became a paragraph of links")
        return walker.rich(f"<p>{' · '.join(links)}</p>") if links else []
    if role == "faq":
        return _faq(walker, tag, ctx, depth)
    if role == "reusable":
        walker.note(f"A reusable block (#{settings.get('ref')}) lives outside the post: left out")
        return []
    if role == "custom-html":
        walker.note("A custom HTML block was imported as plain content: please check it")
    elif role == "columns":
        walker.note("Columns were flattened into paragraphs")
    items = walker.walk(tag, ctx, depth)
    if role == "unknown" and items:
        walker.note(f"The block “{name}” is not known: its content was imported as it is")
    elif role == "unknown":
        walker.note(
            f"The block “{name}” has no content of its own (WordPress builds it when the page "
            "is shown): left out"
        )
    return items


def _url_in(tag: Tag, walker: Walker) -> str:
    marked = tag.find("wp-embed")  # the URL line, as classic.autoembed marked it
    if marked is not None:
        return marked.get("data-url") or ""
    found = _FIRST_URL.search(walker.text_of(tag))
    return found.group(0) if found else ""


def _faq(walker: Walker, tag: Tag, ctx: Any, depth: int) -> list:
    """The FAQ blocks of Yoast SEO and Rank Math: each question with the answer after it."""
    items: list = []
    for asked in tag.find_all(class_=lambda value: _has_class(value, _FAQ_QUESTIONS)):
        answer = asked.find_next_sibling(class_=lambda value: _has_class(value, _FAQ_ANSWERS))
        answered = [] if answer is None else walker.walk(answer, ctx, depth, short=True)
        items += walker.question(walker.text_of(asked), answered)
    return items


def _has_class(value: object, names: set[str]) -> bool:
    return isinstance(value, str) and not names.isdisjoint(value.split())
