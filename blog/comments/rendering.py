"""A reader's plain text as safe HTML: paragraphs, line breaks and nofollow links only."""

from __future__ import annotations

import re
from html import escape

import nh3

# Bidirectional overrides and isolates can make text read differently from how it is stored.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
URL = re.compile(r"\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]", re.IGNORECASE)


def clean_text(text: str) -> str:
    """Normalise newlines, drop bidi controls and trailing spaces; keep everything else."""
    text = BIDI_CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


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
