"""A reader's plain text as safe HTML: paragraphs, line breaks and nofollow links only."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from html import escape

import nh3

# Bidirectional overrides and isolates can make text read differently from how it is stored.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
URL = re.compile(r"\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]", re.IGNORECASE)


def _invisible(char: str) -> bool:
    """Control and format characters (ESC, NUL, zero-width and bidi marks, ...)."""
    return unicodedata.category(char) in {"Cc", "Cf"}


def clean_text(text: str) -> str:
    """A body as plain text: newlines normalised, tabs as spaces, every other control or
    format character (ESC, zero-width and bidi marks) dropped, no trailing spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = "".join(c for c in BIDI_CONTROLS.sub("", text) if c == "\n" or not _invisible(c))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def clean_line(text: str) -> str:
    """A one-line field (a name) as plain text: no control or format characters, and runs
    of whitespace as one space."""
    return " ".join("".join(c for c in text if not _invisible(c)).split())


def _character_class(predicate: Callable[[str], bool]) -> str:
    """The characters for which `predicate` holds, as the inside of a regex character class:
    ranges of literal characters, escaping only what a class needs, so that the same text
    works in Python and in a JSON Schema (ECMA-262, also with the u flag) pattern.

    Only planes 0, 1 and 14 are scanned: control, format and space characters live there.
    """
    spans: list[list[int]] = []
    for code in [*range(0x20000), *range(0xE0000, 0xE1000)]:
        if predicate(chr(code)):
            if spans and spans[-1][1] == code - 1:
                spans[-1][1] = code
            else:
                spans.append([code, code])

    def quote(code: int) -> str:
        return "\\" + chr(code) if chr(code) in "\\[]^-" else chr(code)

    return "".join(quote(a) if a == b else f"{quote(a)}-{quote(b)}" for a, b in spans)


# Characters that show nothing on their own: whitespace, control and format characters
# (zero-width and bidi marks), variation selectors and the combining grapheme joiner, and
# the blank letters used to fake an empty name (Hangul fillers, the braille blank).
_BLANK = set("\u034f\u115f\u1160\u180b\u180c\u180d\u180f\u2800\u3164\uffa0")
_BLANK |= {chr(c) for c in [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]}
INVISIBLE = _character_class(
    lambda c: c in _BLANK or unicodedata.category(c) in {"Cc", "Cf", "Zs", "Zl", "Zp"}
)
_VISIBLE = re.compile(f"[^{INVISIBLE}]")


def has_visible_character(text: str) -> bool:
    """Something a reader can see: not only whitespace, control, format or blank characters
    (the same rule as the `[^INVISIBLE]` in the API schema's patterns)."""
    return _VISIBLE.search(text) is not None


def count_links(text: str) -> int:
    return len(URL.findall(text))


def render_body(text: str) -> str:
    paragraphs = [p for p in re.split(r"\n{2,}", clean_text(text)) if p.strip()]
    html = "".join(f"<p>{_linkify(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="nofollow ugc noopener",
    )


def _linkify(text: str) -> str:
    """Plain text as HTML with its addresses as links.

    Addresses are found in the text as the reader wrote it, and each piece escaped after:
    escaping first turned `<`, `>`, `"` and `'` into entities (`&lt;`) whose letters an
    address may contain, so `https://b.example/x?<script>` became a link to `x?&lt` followed
    by a stray `;`.
    """
    pieces: list[str] = []
    end = 0
    for match in URL.finditer(text):
        address = escape(match.group(0))
        pieces += [escape(text[end : match.start()]), f'<a href="{address}">{address}</a>']
        end = match.end()
    pieces.append(escape(text[end:]))
    return "".join(pieces)
