"""The words of the public articles, per language, held in each process for corrections.

Loaded from SearchTerm (one query) and kept until the index changes: indexing bumps a
counter in the shared cache, and a search reads it (one cache read) to know whether its copy
is still current. At 10,000 articles the vocabulary is a few thousand words.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field

from blog import generations
from blog.models import SearchDocument, SearchTerm

VERSION_KEY = "search:vocabulary:version"


@dataclass
class Vocabulary:
    language: str
    documents: dict[str, int]  # word -> articles that use it
    stems: dict[str, str]  # word -> stem
    words_of_stem: dict[str, list[str]] = field(default_factory=dict)
    articles: int = 0  # articles indexed (for rarity weights)

    def __post_init__(self) -> None:
        for word, stem in self.stems.items():
            self.words_of_stem.setdefault(stem, []).append(word)
        self.words = list(self.documents)

    def knows(self, word: str) -> bool:
        return word in self.documents

    def knows_stem(self, stem: str) -> bool:
        return stem in self.words_of_stem

    def stem_documents(self, stem: str) -> int:
        """Articles that use a word of `stem` (at most the sum of its words' counts)."""
        return min(self.articles, sum(self.documents[w] for w in self.words_of_stem.get(stem, ())))

    def rarity(self, stem: str) -> float:
        """How much a match on `stem` says: a word in every article says little."""
        return math.log(1 + (self.articles + 1) / (1 + self.stem_documents(stem)))


_loaded: dict[str, tuple[object, Vocabulary]] = {}
_lock = threading.Lock()


def version() -> str:
    """A token that changes whenever what is held here must be loaded again (a generation:
    a cache emptied by a restart starts a new one, never an old value again)."""
    return generations.current(VERSION_KEY)


def changed() -> None:
    """The index changed: every process reloads its vocabulary at its next search."""
    generations.renew(VERSION_KEY)


def vocabulary(language: str = "en") -> Vocabulary:
    version_now = version()
    held = _loaded.get(language)
    if held is not None and held[0] == version_now:
        return held[1]
    with _lock:
        rows = SearchTerm.objects.filter(language=language, documents__gt=0).values_list(
            "word", "stem", "documents"
        )
        documents, stems = {}, {}
        for word, stem, count in rows:
            documents[word] = count
            stems[word] = stem
        articles = SearchDocument.objects.filter(language=language).count()
        loaded = Vocabulary(language, documents, stems, articles=articles)
        _loaded[language] = (version_now, loaded)
        return loaded
