"""Words as search compares them: folded, split, joined and stemmed the same way for the
articles' text and the reader's query.

- Folded: lower case, accents off ("Réthinol" and "rethinol" are one word), apostrophes and
  their "s" dropped ("Dr Okafor's" is "dr okafor").
- Split at anything that is not a letter or digit, and a hyphenated word is also kept whole:
  "anti-wrinkle" is the words "anti" and "wrinkle" and the word "antiwrinkle", so a reader's
  "antiwrinkle" and "anti wrinkle" both find it.
- Stemmed with Snowball (the stemmer Sphinx, Lucene and PostgreSQL's own text search use), so
  a plural finds its singular ("peels", "peel") and "needling" finds "needle".
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

import snowballstemmer

MAX_WORD = 40  # longer "words" are URLs, hashes or junk: not indexed, not corrected
HYPHENS = "-\u2010\u2011"  # hyphen-minus, hyphen, non-breaking hyphen
_HYPHEN = re.compile(f"[{HYPHENS}]")
_WORD = re.compile(rf"[^\W_]+(?:[{HYPHENS}][^\W_]+)*")
_APOSTROPHE = re.compile(r"['\u2019](?:s\b)?")  # straight and curly apostrophes
LANGUAGES = {"en": "english", "fr": "french", "de": "german", "it": "italian", "es": "spanish"}


def fold(text: str) -> str:
    """Lower case without accents, apostrophes and their possessive "s" removed."""
    text = _APOSTROPHE.sub("", text.casefold())
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of `text` in order; a hyphenated word gives its parts, then itself
    joined."""
    found: list[str] = []
    for match in _WORD.finditer(fold(text)):
        parts = _HYPHEN.split(match.group())
        found.extend(part for part in parts if len(part) <= MAX_WORD)
        if len(parts) > 1 and len(joined := "".join(parts)) <= MAX_WORD:
            found.append(joined)
    return found


def phrase_words(text: str) -> list[str]:
    """The folded words of a phrase, a hyphenated word as its parts only: what an article
    must all have to say the phrase ("anti-wrinkle injections": anti, wrinkle, injections)."""
    return [part for match in _WORD.finditer(fold(text)) for part in _HYPHEN.split(match.group())]


def query_words(text: str) -> list[str]:
    """The words a reader typed, each once, in order; a hyphenated word stays whole
    ("anti-wrinkle" is one word to match, "antiwrinkle"), as the reader meant one thing."""
    seen: dict[str, None] = {}
    for match in _WORD.finditer(fold(text)):
        word = _HYPHEN.sub("", match.group())
        if len(word) <= MAX_WORD:
            seen.setdefault(word, None)
    return list(seen)


def search_language(code: str) -> str:
    """The language search reads a content language's text in: its generic form ("en" for
    en-gb, "fr" for fr-ca), whose stemmer, vocabulary and synonyms it uses."""
    return (code or "en").split("-")[0].lower()


def search_languages(chain: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """A fallback chain of content languages as search reads it: the language the query is
    read in, and the others of the text served along the chain."""
    languages = list(dict.fromkeys(search_language(code) for code in chain))
    return languages[0], tuple(languages[1:])


@functools.cache
def _stemmer(language: str):
    name = LANGUAGES.get(language)
    return snowballstemmer.stemmer(name) if name else None


@functools.lru_cache(maxsize=65536)
def stem(word: str, language: str = "en") -> str:
    """The stem of a folded word: what plural and singular forms share. A language without
    a stemmer here (Arabic, Hebrew) compares words whole, folded ("simple")."""
    stemmer = _stemmer(language)
    if stemmer is None or word.isdigit() or len(word) < 3:
        return word
    return stemmer.stemWord(word)
