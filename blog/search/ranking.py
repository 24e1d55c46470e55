"""Rank an interpretation's matches in the database and read one page of them.

The database sums the weights: each article's postings of the query's stems become one row
(a column per stem), each slot's score is its best alternative's, and only the articles
matching the most slots are ranked, with the page's ids and their total in one statement.
Reading every posting into Python instead cost 100 ms for a word in all of 10,000 articles.

The order is the one readers trust (blog.search.engine): the score, then an article in good
standing before one whose medical review is overdue or that was never reviewed, then the
newest, then the latest created.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from blog.models import SearchPosting, StoredArticle
from blog.search.correction import Interpretation

Page = tuple[list[int], int]  # the page's ids, and how many match in all


def _greatest(expressions: list[str]) -> str:
    if len(expressions) == 1:
        return expressions[0]
    name = "GREATEST" if connection.vendor == "postgresql" else "MAX"  # SQLite's scalar max
    return f"{name}({', '.join(expressions)})"


def ranked_page(
    interpretation: Interpretation,
    *,
    rarity: Callable[[str], float],
    within: QuerySet[StoredArticle],
    offset: int,
    limit: int | None,
) -> Page:
    """The ids ranked `offset` to `offset + limit` (every one with `limit` None), and the
    number of matches; past the last match the page is empty and the number is 0."""
    stems = sorted(interpretation.stems())
    column = {s: f"w{i}" for i, s in enumerate(stems)}
    params: list[object] = []

    # One row per article: its weight for each stem, NULL where it lacks it.
    weights = ", ".join(
        f"MAX(CASE WHEN p.stem = %s THEN p.weight END) AS {column[s]}" for s in stems
    )
    params += stems
    scope_sql, scope_params = within.values("page_id").query.sql_with_params()
    postings = SearchPosting._meta.db_table
    params += stems
    params += scope_params

    # A slot scores its best alternative: the mean of its stems' weight times rarity, times the
    # kind's weight, when the article has every stem of it.
    slot_scores = []
    for slot in interpretation.slots:
        options = []
        for alternative in slot.alternatives:
            has_all = " AND ".join(f"{column[s]} IS NOT NULL" for s in alternative.stems)
            total = " + ".join(f"{column[s]} * %s" for s in alternative.stems)
            options.append(f"CASE WHEN {has_all} THEN ({total}) * %s ELSE 0 END")
            params += [rarity(s) for s in alternative.stems]
            params.append(alternative.weight / len(alternative.stems))
        slot_scores.append(_greatest(options))
    scored = ", ".join(f"{score} AS t{i}" for i, score in enumerate(slot_scores))
    slots = range(len(slot_scores))
    matched = " + ".join(f"CASE WHEN t{i} > 0 THEN 1 ELSE 0 END" for i in slots)
    score = " + ".join(f"t{i}" for i in slots)

    articles = StoredArticle._meta.db_table
    today = connection.ops.adapt_datefield_value(timezone.localdate())
    page = "" if limit is None else "LIMIT %s OFFSET %s"
    # Only column names and placeholders are formatted in; every value is a parameter.
    sql = f"""
        WITH weights AS (
            SELECT p.article_id AS id, {weights}
            FROM {postings} p
            WHERE p.stem IN ({", ".join(["%s"] * len(stems))}) AND p.article_id IN ({scope_sql})
            GROUP BY p.article_id
        ),
        slots AS (SELECT id, {scored} FROM weights),
        matches AS (SELECT id, {matched} AS matched, {score} AS score FROM slots),
        best AS (
            SELECT id, score FROM matches
            WHERE matched > 0 AND matched = (SELECT MAX(matched) FROM matches)
        )
        SELECT best.id, COUNT(*) OVER ()
        FROM best JOIN {articles} a ON a.page_id = best.id
        ORDER BY
            ROUND(CAST(best.score AS NUMERIC), 6) DESC,
            CASE WHEN a.next_review_due IS NULL OR a.next_review_due < %s THEN 1 ELSE 0 END,
            CASE WHEN a.sort_at IS NULL THEN 1 ELSE 0 END,
            a.sort_at DESC,
            best.id DESC
        {page}
    """  # noqa: S608
    params.append(today)
    if limit is not None:
        params += [limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [pk for pk, _ in rows], (rows[0][1] if rows else 0)


class RankedIds(Sequence[int]):
    """Every match's id in rank order, read a page at a time: a paginator asks for the
    length, then a slice; the page the caller expects is read with the total up front."""

    def __init__(self, read: Callable[[int, int | None], Page], *, offset: int, limit: int):
        self._read = read
        self._offset = offset
        self._ids, self._total = read(offset, limit)
        if not self._ids and offset:  # past the end: the total on its own
            self._total = read(0, 1)[1]

    def __len__(self) -> int:
        return self._total

    def __bool__(self) -> bool:
        return self._total > 0

    def __iter__(self) -> Iterator[int]:
        return iter(self[0 : self._total])

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, int):
            found = self[index : index + 1] if index >= 0 else self[self._total + index :][:1]
            if not found:
                raise IndexError(index)
            return found[0]
        start, stop, step = index.indices(self._total)
        if step != 1:
            return list(self)[index]
        if stop <= start:
            return []
        held = self._offset + len(self._ids)
        if self._offset <= start and stop <= held:
            return self._ids[start - self._offset : stop - self._offset]
        return self._read(start, stop - start)[0]
