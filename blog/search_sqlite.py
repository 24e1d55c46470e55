"""A faster plan for unranked searches on SQLite's FTS5 index.

Wagtail's SQLite backend joins the FTS table to the index entries, and SQLite's planner then
scans every entry of the content type and probes the FTS table once per entry: 240 ms for a
common word at 10,000 articles. Selecting the matching rowids first and filtering entries by
them is the same query in another shape, and takes 6 ms. Ranked searches (the admin's) keep
Wagtail's plan, which they need for the score.
"""

from __future__ import annotations

from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    SQLiteFTSIndexEntry,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


class UnrankedFastSQLiteQueryCompiler(SQLiteSearchQueryCompiler):
    def search(self, config, start, stop, score_field=None):
        query = normalize(self.query)
        if self.order_by_relevance or score_field is not None or isinstance(query, MatchAll | Not):
            return super().search(config, start, stop, score_field)
        match = MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config)
        )
        rowids = SQLiteFTSIndexEntry.objects.filter(match).values("index_entry_id")
        object_ids = IndexEntry.objects.filter(
            id__in=rowids,
            content_type__in=get_descendants_content_types_pks(self.queryset.model),
        ).values("object_id")
        queryset = self.queryset.filter(pk__in=object_ids)
        if not queryset.query.order_by:
            queryset = queryset.order_by("-pk")  # stable pages, as Wagtail does
        return queryset[start:stop]
