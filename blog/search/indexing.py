"""Index public articles for search: the stems of each field with the weight of the best
field they occur in, and the vocabulary's counts of articles per word.

Called when an article's stored copy is rendered (blog.published.store, in the render task),
so the index follows exactly the articles readers may see: a draft or a restricted article has
no stored row, hence no postings, and a row's postings and document go with it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest

from blog.body import body_texts
from blog.models import ArticlePage, SearchDocument, SearchPosting, SearchTerm, StoredArticle
from blog.search import vocabulary
from blog.search.words import search_language, stem, words

# Where a word occurs says how much the article is about it: a title or a treatment above a
# heading, a heading above the introduction, the introduction above a passing mention.
TITLE, TREATMENT, TAG, HEADING, INTRO, BODY = 10, 8, 5, 3, 2, 1
# A word the body repeats is more the article's subject than one it mentions once.
REPEATED = 3  # occurrences in the body that count as a heading's weight
MAX_TEXT = 20_000  # characters of text kept for excerpts


def article_fields(article: ArticlePage) -> list[tuple[int, str]]:
    """(weight, text) for every field of `article` that search reads."""
    fields = [(TITLE, article.title), (INTRO, article.intro or "")]
    fields += [(TREATMENT, treatment.name) for treatment in article.treatments.all()]
    fields += [(TAG, tag.name) for tag in article.tags.all()]
    for block_type, text in body_texts(article.body):
        fields.append((HEADING if block_type == "heading" else BODY, text))
    return fields


def plain_text(article: ArticlePage) -> str:
    """The introduction and the body's texts, one paragraph a line."""
    return "\n".join([article.intro or "", *(text for _, text in body_texts(article.body))])


def weigh(fields: Iterable[tuple[int, str]], language: str = "en") -> tuple[dict[str, int], set]:
    """({stem: weight}, {word}) for the fields of one article."""
    weights: dict[str, int] = {}
    in_body: Counter[str] = Counter()
    used: set[str] = set()
    for weight, text in fields:
        for word in words(text):
            used.add(word)
            key = stem(word, language)
            weights[key] = max(weights.get(key, 0), weight)
            if weight == BODY:
                in_body[key] += 1
    for key, count in in_body.items():
        if count >= REPEATED:
            weights[key] = max(weights[key], HEADING)
    return weights, used


def index_articles(articles: Iterable[ArticlePage]) -> int:
    """Index `articles` (with their treatments and tags prefetched) that still have a
    stored row, each in its own language (its stemmer and vocabulary: a French word never
    becomes an English correction); returns how many were indexed."""
    by_pk = {article.pk: article for article in articles}
    if not by_pk:
        return 0
    with transaction.atomic():
        present = dict(
            StoredArticle.objects.select_for_update()
            .filter(page_id__in=by_pk)
            .values_list("page_id", "language")
        )
        before, was_in = {}, {}
        documents_before = SearchDocument.objects.filter(article_id__in=present)
        for pk, language, text in documents_before.values_list("article_id", "language", "words"):
            before[pk], was_in[pk] = text, language
        postings, documents = [], []
        counted: dict[str, Counter[str]] = {}
        for pk, content_language in present.items():
            language = search_language(content_language or settings.LANGUAGE_CODE)
            weights, used = weigh(article_fields(by_pk[pk]), language)
            postings += [SearchPosting(article_id=pk, stem=s, weight=w) for s, w in weights.items()]
            old = set(before.get(pk, "").split())
            old_language = was_in.get(pk, language)
            if old_language != language:  # counted out of the language it was in
                counted.setdefault(old_language, Counter()).update(dict.fromkeys(old, -1))
                old = set()
            changes = counted.setdefault(language, Counter())
            changes.update(dict.fromkeys(used - old, 1))
            changes.subtract(dict.fromkeys(old - used, 1))
            documents.append(
                SearchDocument(
                    article_id=pk,
                    language=language,
                    words=" ".join(sorted(used)),
                    text=plain_text(by_pk[pk])[:MAX_TEXT],
                )
            )
        SearchPosting.objects.filter(article_id__in=present).delete()
        SearchPosting.objects.bulk_create(postings, batch_size=1000)
        SearchDocument.objects.bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=["language", "words", "text"],
        )
        for language, changes in counted.items():
            count_words(changes, language=language)
        transaction.on_commit(vocabulary.changed)
    return len(present)


def count_words(changes: Counter[str], *, language: str = "en") -> None:
    """Add `changes` ({word: +n or -n}) to the vocabulary's counts of articles."""
    changes = Counter({word: n for word, n in changes.items() if n})
    if not changes:
        return
    SearchTerm.objects.bulk_create(
        [SearchTerm(language=language, word=w, stem=stem(w, language)) for w in changes],
        ignore_conflicts=True,
        batch_size=1000,
    )
    by_delta: dict[int, list[str]] = {}
    for word, delta in changes.items():
        by_delta.setdefault(delta, []).append(word)
    for delta, same in by_delta.items():
        for start in range(0, len(same), 500):
            SearchTerm.objects.filter(language=language, word__in=same[start : start + 500]).update(
                documents=Greatest(F("documents") + delta, 0)
            )


def forget(article_ids: Iterable[int]) -> None:
    """Count out the words of articles whose stored row is about to go (their postings and
    document go with the row)."""
    counted: dict[str, Counter[str]] = {}
    documents = SearchDocument.objects.filter(article_id__in=list(article_ids))
    for language, text in documents.values_list("language", "words"):
        counted.setdefault(language, Counter()).update(dict.fromkeys(text.split(), -1))
    for language, changes in counted.items():
        count_words(changes, language=language)
    transaction.on_commit(vocabulary.changed)
