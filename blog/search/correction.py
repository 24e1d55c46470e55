"""What a reader meant: each typed word (or pair of words) becomes a slot of alternatives that
an article may match, from the vocabulary of the public articles and the staff's synonyms.

- A word the articles use matches itself, its plural and its singular (one stem).
- Two words that the articles write as one match it ("micro needling", "after care"), and one
  word that they write as two matches both ("antiwrinkle" finds "anti-wrinkle").
- A word no article uses is matched to the closest words they do use: one edit for a word of
  four to seven letters, two from eight, none below four ("sunscrean" finds "sunscreen").
- A synonym adds what it leads to ("botox" finds "anti-wrinkle injections").
- A word that is none of these drops out, so one stray word does not empty the results.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from blog.search.synonyms import Synonyms
from blog.search.vocabulary import Vocabulary
from blog.search.words import query_words, stem

MAX_QUERY_WORDS = 12
# Words a question is built of: they rank nothing and would make every article match.
STOP_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "if",
        "in",
        "is",
        "it",
        "my",
        "of",
        "on",
        "or",
        "so",
        "the",
        "to",
        "was",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "you",
        "your",
    }
)


def allowed_edits(word: str) -> int:
    if len(word) < 4:
        return 0
    return 1 if len(word) < 8 else 2


@dataclass
class Slot:
    typed: str
    # Each alternative is a group of stems that an article must all have.
    alternatives: list[tuple[str, ...]] = field(default_factory=list)
    read_as: str = ""  # how the slot reads to the reader ("microneedling")
    corrected: bool = False


@dataclass
class Interpretation:
    typed: str
    slots: list[Slot]

    @property
    def corrected(self) -> bool:
        return any(slot.corrected for slot in self.slots)

    @property
    def searched_for(self) -> str:
        return " ".join(slot.read_as for slot in self.slots)

    def stems(self) -> set[str]:
        return {s for slot in self.slots for alternative in slot.alternatives for s in alternative}


def closest(word: str, vocabulary: Vocabulary, *, edits: int | None = None) -> list[str]:
    """The vocabulary's words nearest `word` within its allowed edits, commonest first."""
    edits = allowed_edits(word) if edits is None else edits
    if not edits or not vocabulary.words:
        return []
    found = process.extract(
        word, vocabulary.words, scorer=Levenshtein.distance, score_cutoff=edits, limit=20
    )
    if not found:
        return []
    nearest = min(distance for _, distance, _ in found)
    best = [w for w, distance, _ in found if distance == nearest]
    return sorted(best, key=lambda w: (-vocabulary.documents[w], w))[:2]


def _split(word: str, vocabulary: Vocabulary) -> tuple[str, str] | None:
    splits = [
        (word[:n], word[n:])
        for n in range(2, len(word) - 1)
        if vocabulary.knows(word[:n]) and vocabulary.knows(word[n:])
    ]
    if not splits:
        return None
    return max(splits, key=lambda pair: min(vocabulary.documents[w] for w in pair))


def _single(word: str, vocabulary: Vocabulary, language: str) -> Slot:
    slot = Slot(word, read_as=word)
    if vocabulary.knows_stem(stem(word, language)):
        slot.alternatives.append((stem(word, language),))
        return slot
    if parts := _split(word, vocabulary):
        slot.alternatives.append(tuple(stem(part, language) for part in parts))
        slot.read_as, slot.corrected = " ".join(parts), True
    for candidate in closest(word, vocabulary):
        slot.alternatives.append((stem(candidate, language),))
        if not slot.corrected:
            slot.read_as, slot.corrected = candidate, True
    return slot


def interpret(
    text: str, vocabulary: Vocabulary, synonyms: Synonyms, *, language: str = "en"
) -> Interpretation:
    typed = query_words(text)[:MAX_QUERY_WORDS]
    meaningful = [w for w in typed if w not in STOP_WORDS] or typed
    slots: list[Slot] = []
    i = 0
    while i < len(meaningful):
        word = meaningful[i]
        pair = f"{word} {meaningful[i + 1]}" if i + 1 < len(meaningful) else None
        joined = pair.replace(" ", "") if pair else None
        if pair and (synonyms.leads_from(pair) or vocabulary.knows(joined)):
            slot = Slot(pair, read_as=pair)
            if vocabulary.knows(joined):
                slot.alternatives.append((stem(joined, language),))
                slot.read_as = joined
            slot.alternatives.append(tuple(stem(w, language) for w in pair.split()))
            slot.alternatives += synonyms.alternatives(pair, language)
            slots.append(slot)
            i += 2
            continue
        slot = _single(word, vocabulary, language)
        slot.alternatives += synonyms.alternatives(word, language)
        if slot.alternatives:
            slots.append(slot)
        i += 1
    return Interpretation(text, slots)
