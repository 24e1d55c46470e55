"""Faster query plans for unranked searches on Wagtail's database backends.

The API filters articles by search words and orders them itself, so it asks for unranked
matches. For those, Wagtail's query shapes defeat the indexes at 10,000 articles:

- SQLite joins the FTS table to the index entries, and the planner scans every entry of the
  content type, probing the FTS table once per entry: 240 ms for a common word. Selecting the
  matching rowids first takes 6 ms.
- PostgreSQL matches `title || body`, a vector computed per row that no index covers: 60 ms
  even for a rare word, twice per request (count and page). `title @@ q OR body @@ q` is the
  same predicate and uses both GIN indexes.

Ranked searches (the admin's) keep Wagtail's plans, which they need for the score.
"""

from __future__ import annotations

from django.db.models import BigIntegerField, Q
from django.db.models.functions import Cast
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


def _unranked(compiler, query, score_field) -> bool:
    return not (
        compiler.order_by_relevance
        or score_field is not None
        or compiler.fields is not None
        or isinstance(query, MatchAll | Not)
    )


def _filter_by_entries(compiler, entries):
    object_ids = entries.filter(
        content_type__in=get_descendants_content_types_pks(compiler.queryset.model)
    ).annotate(object_pk=Cast("object_id", BigIntegerField()))
    queryset = compiler.queryset.filter(pk__in=object_ids.values("object_pk"))
    if not queryset.query.order_by:
        queryset = queryset.order_by("-pk")  # stable pages, as Wagtail does
    return queryset


def sqlite_compiler_class() -> type:
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import (
        IndexEntry,
        SQLiteFTSIndexEntry,
        SQLiteSearchQueryCompiler,
    )

    class UnrankedFastSQLiteQueryCompiler(SQLiteSearchQueryCompiler):
        def search(self, config, start, stop, score_field=None):
            query = normalize(self.query)
            if not _unranked(self, query, score_field):
                return super().search(config, start, stop, score_field)
            match = MatchExpression(
                self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config)
            )
            rowids = SQLiteFTSIndexEntry.objects.filter(match).values("index_entry_id")
            return _filter_by_entries(self, IndexEntry.objects.filter(id__in=rowids))[start:stop]

    return UnrankedFastSQLiteQueryCompiler


def postgres_compiler_class() -> type:
    from modelsearch.backends.database.postgres.postgres import (
        IndexEntry,
        PostgresSearchQueryCompiler,
    )
    from modelsearch.query import Fuzzy

    class UnrankedFastPostgresQueryCompiler(PostgresSearchQueryCompiler):
        def search(self, config, start, stop, score_field=None, backend=None):
            if isinstance(self.query, Fuzzy) or not _unranked(self, self.query, score_field):
                return super().search(config, start, stop, score_field, backend)
            tsquery = self.build_tsquery(self.query, config=config)
            entries = IndexEntry.objects.filter(Q(title=tsquery) | Q(body=tsquery))
            return _filter_by_entries(self, entries)[start:stop]

    return UnrankedFastPostgresQueryCompiler
