"""The words a result matched, marked in its title and in a short excerpt of its text.

The output is HTML with one element, `<mark>`: everything else is escaped, so a front end
can insert it as it is. The excerpt is the window of the text with the most distinct matched
words (about 30 words), with an ellipsis where it was cut. A word a blocking compliance rule
matches is never marked: a reader's brand name leads to the clinic's words, and those are
what is marked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import escape

from blog.search.words import MAX_WORD, fold, stem

EXCERPT_WORDS = 30
_TOKEN = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")


@dataclass(frozen=True)
class Highlight:
    title: str  # HTML
    excerpt: str  # HTML


def _matches(token: str, stems: set[str], language: str) -> bool:
    folded = fold(token)
    return len(folded) <= MAX_WORD and stem(folded, language) in stems


def mark(
    text: str,
    stems: set[str],
    *,
    language: str = "en",
    blocked: Callable[[str], bool] = lambda word: False,
) -> str:
    """`text` escaped, with each matched word in <mark>."""
    out, end = [], 0
    for token in _TOKEN.finditer(text):
        if _matches(token.group(), stems, language) and not blocked(token.group()):
            out += [escape(text[end : token.start()]), f"<mark>{escape(token.group())}</mark>"]
            end = token.end()
    out.append(escape(text[end:]))
    return "".join(out)


def excerpt(
    text: str,
    stems: set[str],
    *,
    language: str = "en",
    blocked: Callable[[str], bool] = lambda word: False,
    size: int = EXCERPT_WORDS,
) -> str:
    tokens = list(_TOKEN.finditer(text))
    if not tokens:
        return ""
    hits = [
        i
        for i, token in enumerate(tokens)
        if _matches(token.group(), stems, language) and not blocked(token.group())
    ]
    start = 0
    if hits:
        best = -1
        for first in hits:
            window = {
                stem(fold(tokens[i].group()), language) for i in hits if first <= i < first + size
            }
            if len(window) > best:
                best, start = len(window), max(0, first - 3)
    stop = min(len(tokens), start + size)
    begin = tokens[start].start() if start else 0
    finish = tokens[stop - 1].end()
    quoted = mark(text[begin:finish], stems, language=language, blocked=blocked)
    quoted = " ".join(quoted.split())  # paragraphs run together in an excerpt
    return ("… " if begin else "") + quoted + (" …" if finish < len(text.rstrip()) else "")


def highlight(
    title: str,
    text: str,
    stems: set[str],
    *,
    language: str = "en",
    blocked: Callable[[str], bool] = lambda word: False,
) -> Highlight:
    return Highlight(
        mark(title, stems, language=language, blocked=blocked),
        excerpt(text, stems, language=language, blocked=blocked),
    )
