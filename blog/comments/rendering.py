"""A reader's plain text as safe HTML: paragraphs, line breaks and nofollow links only."""

from __future__ import annotations

import re
import unicodedata
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


def has_visible_character(text: str) -> bool:
    """Letters, digits, punctuation or symbols: not only spaces and combining marks."""
    return any(unicodedata.category(c)[0] in "LNPS" for c in text)


def count_links(text: str) -> int:
    return len(URL.findall(text))


def render_body(text: str) -> str:
    paragraphs = [p for p in re.split(r"\n{2,}", clean_text(text)) if p.strip()]
    html = "".join(f"<p>{_linkify(escape(p)).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="nofollow ugc noopener",
    )


def _linkify(escaped: str) -> str:
    return URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
