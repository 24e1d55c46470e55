"""Search the public articles in readers' words, ranked as a reader would rank them.

An article matches when it has every slot of the interpretation (blog.search.correction); if
none has them all, the articles with the most slots answer. Among matches, an article scores
the sum over slots of its best alternative's weight (where the word occurs: title, treatment,
tag, heading, introduction, body) times the word's rarity. Equal scores go newest first, with
an article whose medical review is overdue (or that was never reviewed) after the others: it
is never lifted by its date.

One query whatever the words, ranked in the database (blog.search.ranking): the page the
caller shows and the number of matches (a search that finds nothing tries its did-you-mean
once more).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from django.db.models import QuerySet

from blog.models import StoredArticle
from blog.search import correction, synonyms, vocabulary
from blog.search.ranking import RankedIds, ranked_page
from blog.search.words import query_words


@dataclass
class SearchResults:
    # Every match's id in rank order, read from the database a page at a time.
    ranked: Sequence[int]
    interpretation: correction.Interpretation | None = None
    did_you_mean: str | None = None
    # A correction that reads as a word the compliance rules block is not said back.
    correction_shown: bool = True

    @property
    def ids(self) -> list[int]:
        return list(self.ranked)

    @property
    def total(self) -> int:
        return len(self.ranked)

    @property
    def searched_for(self) -> str | None:
        """What was searched for instead of what was typed, when a correction was made."""
        i = self.interpretation
        if i is None or not i.corrected or not self.ranked or not self.correction_shown:
            return None
        return i.searched_for


def _did_you_mean(query: str, within: QuerySet[StoredArticle], language: str) -> str | None:
    """For a search that found nothing: the query with each unknown word replaced by the
    closest word the articles use, allowing one edit more than a correction does; offered
    only when it finds something, and never a word the compliance rules block."""
    vocab = vocabulary.vocabulary(language)
    blocked = synonyms.synonyms(language).blocked
    typed = query_words(query)[: correction.MAX_QUERY_WORDS]
    offered = []
    for word in typed:
        if vocab.knows(word) or word in correction.STOP_WORDS:
            offered.append(word)
            continue
        edits = correction.allowed_edits(word) + 1 if len(word) >= 4 else 0
        near = [w for w in correction.closest(word, vocab, edits=edits) if not blocked(w)]
        offered.append(near[0] if near else word)
    suggestion = " ".join(offered)
    if suggestion == " ".join(typed) or blocked(suggestion):
        return None
    found = search(suggestion, within=within, language=language, suggest=False, limit=1)
    return suggestion if found.ranked else None


def search(
    query: str,
    *,
    within: QuerySet[StoredArticle],
    language: str = "en",
    also: Sequence[str] = (),
    suggest: bool = True,
    offset: int = 0,
    limit: int = 20,
) -> SearchResults:
    """The articles of `within` that match `query`, best first; the ranks from `offset` to
    `offset + limit` (the page the caller will show) are read with the count. The query is
    read in `language` (its stemmer, vocabulary and synonyms), and its words also in the
    `also` languages: those of the fallback text `within` holds."""
    vocab = vocabulary.vocabulary(language)
    others = [(other, vocabulary.vocabulary(other)) for other in also if other != language]
    interpretation = correction.interpret(
        query, vocab, synonyms.synonyms(language), language=language, also=others
    )
    ranked: Sequence[int] = []
    if interpretation.slots:
        read = partial(ranked_page, interpretation, rarity=vocab.rarity, within=within)
        ranked = RankedIds(
            lambda start, size: read(offset=start, limit=size), offset=offset, limit=limit
        )
    if not ranked:
        return SearchResults(
            [], interpretation, _did_you_mean(query, within, language) if suggest else None
        )
    return SearchResults(
        ranked,
        interpretation,
        correction_shown=not (
            interpretation.corrected
            and synonyms.synonyms(language).blocked(interpretation.searched_for)
        ),
    )
