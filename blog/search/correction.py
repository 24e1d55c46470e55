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

from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from blog.search.synonyms import Synonyms
from blog.search.vocabulary import Vocabulary
from blog.search.words import phrase_words, query_words, stem

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


# How much a match on each kind of alternative counts, against the words as typed: a reader
# who typed the clinic's word is best served by the articles that use it.
AS_TYPED, JOINED, CORRECTED, SYNONYM = 1.0, 0.9, 0.8, 0.7
MAX_PHRASE = 4  # words in the longest synonym phrase matched ("collagen induction therapy")


@dataclass
class Alternative:
    stems: tuple[str, ...]  # an article must have them all
    weight: float = AS_TYPED


@dataclass
class Slot:
    typed: str
    alternatives: list[Alternative] = field(default_factory=list)
    read_as: str = ""  # how the slot reads to the reader ("microneedling")
    corrected: bool = False

    def add(self, stems: tuple[str, ...], weight: float) -> None:
        if stems and all(a.stems != stems for a in self.alternatives):
            self.alternatives.append(Alternative(stems, weight))


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
        return {s for slot in self.slots for a in slot.alternatives for s in a.stems}


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


def _stems(words: list[str] | tuple[str, ...], language: str) -> tuple[str, ...]:
    return tuple(stem(word, language) for word in words)


def _with_synonyms(slot: Slot, phrase: str, synonyms: Synonyms, language: str) -> None:
    for stems in synonyms.alternatives(phrase, language):
        slot.add(stems, SYNONYM)


def _single(word: str, vocabulary: Vocabulary, synonyms: Synonyms, language: str) -> Slot:
    slot = Slot(word, read_as=word)
    if vocabulary.knows_stem(stem(word, language)):
        slot.add(_stems([word], language), AS_TYPED)
        _with_synonyms(slot, word, synonyms, language)
        return slot
    _with_synonyms(slot, word, synonyms, language)
    if parts := _split(word, vocabulary):
        slot.add(_stems(parts, language), JOINED)
        slot.read_as, slot.corrected = " ".join(parts), True
    for candidate in closest(word, vocabulary):
        slot.add(_stems([candidate], language), CORRECTED)
        _with_synonyms(slot, candidate, synonyms, language)
        if not slot.corrected and not synonyms.leads_from(word):
            slot.read_as, slot.corrected = candidate, True
    return slot


def _phrase(
    words: list[str], vocabulary: Vocabulary, synonyms: Synonyms, language: str
) -> Slot | None:
    """A slot for `words` read together: a synonym phrase, or two words the articles write
    as one ("micro needling"); None when they are not one thing."""
    phrase = " ".join(words)
    joined = "".join(words)
    if not synonyms.leads_from(phrase) and not (len(words) == 2 and vocabulary.knows(joined)):
        return None
    slot = Slot(phrase, read_as=phrase)
    if len(words) == 2 and vocabulary.knows(joined):
        slot.add(_stems([joined], language), AS_TYPED)
        slot.read_as = joined
    # The words of a synonym phrase may each occur anywhere in an article ("skin" in one
    # sentence, "peel" in another): that is no better a match than what the phrase means.
    slot.add(_stems(words, language), SYNONYM if synonyms.leads_from(phrase) else AS_TYPED)
    _with_synonyms(slot, phrase, synonyms, language)
    return slot


def _also_as_served(slot: Slot, also: Sequence[tuple[str, Vocabulary]]) -> None:
    """The slot's words as another language of the served text stems them, where its
    articles use them: a French reader is also served English articles (the fallback), and
    their words are English."""
    words = phrase_words(slot.typed)
    for language, vocabulary in also:
        stems = _stems(words, language)
        if all(vocabulary.knows_stem(each) for each in stems):
            slot.add(stems, AS_TYPED)


def interpret(
    text: str,
    vocabulary: Vocabulary,
    synonyms: Synonyms,
    *,
    language: str = "en",
    also: Sequence[tuple[str, Vocabulary]] = (),
) -> Interpretation:
    """`also`: the other languages (and their vocabularies) of the text a reader is served,
    along their fallbacks."""
    typed = query_words(text)[:MAX_QUERY_WORDS]
    meaningful = [w for w in typed if w not in STOP_WORDS] or typed
    slots: list[Slot] = []
    i = 0
    while i < len(meaningful):
        for size in range(min(MAX_PHRASE, len(meaningful) - i), 1, -1):
            if (
                slot := _phrase(meaningful[i : i + size], vocabulary, synonyms, language)
            ) is not None:
                _also_as_served(slot, also)
                slots.append(slot)
                i += size
                break
        else:
            slot = _single(meaningful[i], vocabulary, synonyms, language)
            _also_as_served(slot, also)
            if slot.alternatives:
                slots.append(slot)
            i += 1
    return Interpretation(text, slots)
