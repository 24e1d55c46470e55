"""Search the public articles in readers' words, ranked as a reader would rank them.

An article matches when it has every slot of the interpretation (blog.search.correction); if
none has them all, the articles with the most slots answer. Among matches, an article scores
the sum over slots of its best alternative's weight (where the word occurs: title, treatment,
tag, heading, introduction, body) times the word's rarity. Equal scores go newest first, with
an article whose medical review is overdue (or that was never reviewed) after the others: it
is never lifted by its date.

One query whatever the words: the postings of the query's stems within the articles the
caller may show, with the dates and review status of their articles (a search that finds
nothing tries its did-you-mean once more).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from blog.models import SearchPosting, StoredArticle
from blog.search import correction, synonyms, vocabulary
from blog.search.words import query_words


@dataclass
class SearchResults:
    ids: list[int]  # ranked, every match
    interpretation: correction.Interpretation | None = None
    did_you_mean: str | None = None
    # A correction that reads as a word the compliance rules block is not said back.
    correction_shown: bool = True

    @property
    def total(self) -> int:
        return len(self.ids)

    @property
    def searched_for(self) -> str | None:
        """What was searched for instead of what was typed, when a correction was made."""
        i = self.interpretation
        if i is None or not i.corrected or not self.ids or not self.correction_shown:
            return None
        return i.searched_for


def _slot_score(slot: correction.Slot, found: dict[str, int], rarity: dict[str, float]) -> float:
    best = 0.0
    for alternative in slot.alternatives:
        stems = alternative.stems
        if all(s in found for s in stems):
            score = sum(found[s] * rarity[s] for s in stems) / len(stems)
            best = max(best, score * alternative.weight)
    return best


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
    return (
        suggestion
        if search(suggestion, within=within, language=language, suggest=False).ids
        else None
    )


def search(
    query: str, *, within: QuerySet[StoredArticle], language: str = "en", suggest: bool = True
) -> SearchResults:
    vocab = vocabulary.vocabulary(language)
    interpretation = correction.interpret(
        query, vocab, synonyms.synonyms(language), language=language
    )
    if not interpretation.slots:
        return SearchResults(
            [], interpretation, _did_you_mean(query, within, language) if suggest else None
        )
    stems = interpretation.stems()
    rarity = {s: vocab.rarity(s) for s in stems}
    # The postings with what ranking needs of their articles, in one query over the index,
    # read raw: converting thousands of dates costs more than the query (a date compares as
    # it comes, an ISO string on SQLite and a datetime on PostgreSQL).
    postings = SearchPosting.objects.filter(
        stem__in=stems, article__in=within.values("page_id")
    ).values_list("article_id", "stem", "weight", "article__sort_at", "article__next_review_due")
    sql, params = postings.query.sql_with_params()
    by_article: dict[int, dict[str, int]] = {}
    dates: dict[int, object] = {}
    overdue: set[int] = set()
    today = timezone.localdate()
    today_text = today.isoformat()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for article_id, stem, weight, sort_at, review_due in cursor.fetchall():
            by_article.setdefault(article_id, {})[stem] = weight
            if article_id not in dates:
                dates[article_id] = sort_at
                due = review_due.isoformat() if hasattr(review_due, "isoformat") else review_due
                if due is None or due < today_text:  # as ArticlePage.review_overdue
                    overdue.add(article_id)
    scored: dict[int, tuple[int, float]] = {}
    slots = interpretation.slots
    for article_id, found in by_article.items():
        scores = [_slot_score(slot, found, rarity) for slot in slots]
        matched = sum(1 for score in scores if score > 0)
        if matched:
            scored[article_id] = (matched, sum(scores))
    if not scored:
        return SearchResults(
            [], interpretation, _did_you_mean(query, within, language) if suggest else None
        )
    most = max(matched for matched, _ in scored.values())
    best = [(score, pk) for pk, (matched, score) in scored.items() if matched == most]
    # Best score first; on a tie, an article in good standing, then the newest (dates sort
    # as they come from the database), then the latest created.
    best.sort(key=lambda item: item[1], reverse=True)
    best.sort(
        key=lambda item: (dates.get(item[1]) is not None, dates.get(item[1]) or 0), reverse=True
    )
    best.sort(key=lambda item: (-round(item[0], 6), item[1] in overdue))
    ranked = best
    return SearchResults(
        [pk for _, pk in ranked],
        interpretation,
        correction_shown=not (
            interpretation.corrected
            and synonyms.synonyms(language).blocked(interpretation.searched_for)
        ),
    )
