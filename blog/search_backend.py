"""Wagtail's database search backend, made safe for any text a visitor can type.

Wagtail's SQLite FTS5 backend quotes each search term but does not escape double quotes, so
a query such as `"` or `a"b` raises OperationalError, a 500 (wagtail/wagtail#13227).
PostgreSQL rejects NUL bytes in the same way. Instead of guarding every caller, this backend
cleans the query once: quotes and control characters become spaces. Unranked searches also
get faster query plans (blog.search_plans). Settings point WAGTAILSEARCH_BACKENDS here.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from modelsearch.backends import database
from modelsearch.query import Phrase, PlainText

from blog import search_plans

_UNSAFE = re.compile(r'["\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')


def _clean_text(text: str) -> str:
    # A query that is blank once cleaned must be "", which the backend treats as no terms;
    # whitespace alone crashes the SQLite query builder.
    return " ".join(_UNSAFE.sub(" ", text).split())


def clean_query(query: Any) -> Any:
    """Return `query` with double quotes and control characters replaced by spaces."""
    if isinstance(query, str):
        return _clean_text(query)
    if isinstance(query, PlainText):
        return PlainText(_clean_text(query.query_string), operator=query.operator)
    if isinstance(query, Phrase):
        return Phrase(_clean_text(query.query_string))
    return query


class SafeQueryMixin:
    def search(self, query, *args, **kwargs):
        return super().search(clean_query(query), *args, **kwargs)

    def autocomplete(self, query, *args, **kwargs):
        return super().autocomplete(clean_query(query), *args, **kwargs)


@functools.cache
def _safe_class(backend_class: type) -> type:
    attrs = {}
    if backend_class.__name__ == "SQLiteSearchBackend":
        attrs["query_compiler_class"] = search_plans.sqlite_compiler_class()
    elif backend_class.__name__ == "PostgresSearchBackend":
        attrs["query_compiler_class"] = search_plans.postgres_compiler_class()
    return type(f"SafeQuery{backend_class.__name__}", (SafeQueryMixin, backend_class), attrs)


def SearchBackend(params: dict) -> Any:
    """The database backend Wagtail would pick for this database, with cleaned queries."""
    backend = database.SearchBackend(params)
    return _safe_class(type(backend))(params)
