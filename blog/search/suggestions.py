"""Suggestions while the reader types: article titles, treatments and tags whose words begin
with what was typed, the last word as a prefix. Past its third letter the prefix may be one
edit away ("micrn" offers "Microneedling"), so the first three letters find the candidates
(`Candidates`). Held in memory per site, and loaded again when the search index or the
synonyms change; a word a blocking compliance rule matches is never offered.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from blog.search import synonyms, vocabulary
from blog.search.words import fold, query_words, words

KIND_ORDER = {"treatment": 0, "tag": 1, "article": 2}
MAX_SITES = 32


@dataclass(frozen=True)
class Suggestion:
    text: str
    kind: str  # article, treatment, tag
    path: str
    weight: int = 0  # articles that a treatment or tag leads to; 0 for an article

    def as_json(self) -> dict:
        return {"text": self.text, "kind": self.kind, "path": self.path}


@dataclass(frozen=True)
class _Entry:
    suggestion: Suggestion
    words: tuple[str, ...]
    folded: str


def _prefix_matches(prefix: str, word: str) -> int | None:
    """0 for an exact prefix, 1 for one edit past the third letter, else None."""
    if word.startswith(prefix):
        return 0
    if len(prefix) < 4 or len(word) < len(prefix) - 1:
        return None
    head = word[: len(prefix)]
    if Levenshtein.distance(prefix, head, score_cutoff=1) <= 1:
        return 1
    if Levenshtein.distance(prefix, word[: len(prefix) - 1], score_cutoff=1) <= 1:
        return 1  # a letter too many typed
    return None


def _entry_matches(entry: _Entry, done: list[str], prefix: str) -> int | None:
    for word in done:
        if word not in entry.words:
            return None
    edits = [e for w in entry.words if (e := _prefix_matches(prefix, w)) is not None]
    return min(edits) if edits else None


HEAD = 3  # letters a prefix must have right: typos are forgiven only past the third


class Candidates:
    """A site's suggestions, found by the first letters of their words: a keystroke reads
    the few entries whose words begin as the reader's last word does, not every title."""

    def __init__(self, entries: list[_Entry]) -> None:
        self.entries = entries
        self.by_head: dict[str, list[int]] = {}
        for n, entry in enumerate(entries):
            heads = {word[:size] for word in entry.words for size in range(1, HEAD + 1)}
            for head in heads:
                self.by_head.setdefault(head, []).append(n)

    def starting(self, prefix: str) -> list[_Entry]:
        return [self.entries[n] for n in self.by_head.get(prefix[:HEAD], ())]


def rank(candidates: Candidates, typed: str, limit: int) -> list[Suggestion]:
    typed_words = query_words(typed)
    if not typed_words:
        return []
    *done, prefix = typed_words
    found = []
    for entry in candidates.starting(prefix):
        edits = _entry_matches(entry, done, prefix)
        if edits is not None:
            s = entry.suggestion
            starts = not entry.folded.startswith(prefix)
            found.append(((edits, starts, KIND_ORDER[s.kind], -s.weight, len(s.text)), s))
    found.sort(key=lambda item: item[0])
    return [s for _, s in found[:limit]]


_held: dict[str, tuple[tuple, Candidates]] = {}
_lock = threading.Lock()


def suggest(
    typed: str,
    *,
    site_key: str,
    load: Callable[[], list[Suggestion]],
    language: str = "en",
    limit: int = 6,
) -> list[Suggestion]:
    """Up to `limit` suggestions for `typed` on the site `site_key` (and language), whose
    candidates `load` gives (called again only when the index or the synonyms changed);
    none that `language`'s compliance rules block."""
    token = (vocabulary.version(), synonyms.version())
    held = _held.get(site_key)
    if held is None or held[0] != token:
        with _lock:
            blocked = synonyms.synonyms(language).blocked
            entries = [
                _Entry(s, tuple(words(s.text)), fold(s.text)) for s in load() if not blocked(s.text)
            ]
            if len(_held) >= MAX_SITES:
                _held.clear()
            _held[site_key] = held = (token, Candidates(entries))
    return rank(held[1], typed, limit)
