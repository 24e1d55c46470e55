"""Which translation of each page a reader is served: the first language of the reader's
fallback chain (`fr → en-gb`) the page is published in.

Shared by the content API (blog.published.selectors, blog.published.sync) and the website's
lists (blog.models.pages), so both serve each article once, in the same language. No query
of its own: a chain comes from the settings (cms/settings/languages.py), a locale's code is
held per process, and the filters are subqueries of the rows they narrow.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from wagtail.models import Locale

_locale_codes: dict[int, str] = {}


def language_of_locale(locale_id: int | None) -> str:
    """A locale's language code, held per process: events are made on every publish, and
    a locale's code does not change once its pages exist. A new locale is read on its
    first use."""
    if locale_id is None:
        return ""
    if locale_id not in _locale_codes:
        _locale_codes.update(Locale.all_objects.values_list("pk", "language_code"))
    return _locale_codes.get(locale_id, "")


def chain_of(language: str) -> tuple[str, ...]:
    """`language`, then its fallbacks (LANGUAGE_FALLBACKS): ("fr", "en-gb")."""
    default = settings.WAGTAIL_CONTENT_LANGUAGES[0][0]
    return tuple(settings.LANGUAGE_FALLBACKS.get(language, [language, default]))


def in_languages(
    rows: QuerySet, chain: Sequence[str], *, language: str, key: str = "translation_key"
) -> QuerySet:
    """Each translation in `rows` once, in the first language of `chain` it has: a French
    reader with the chain ("fr", "en-gb") gets the French translation where there is one
    and the English article where there is none. `language` is the rows' column (or
    lookup) holding their language code, `key` the one their translations share."""
    return rows.filter(_served_along(rows, chain, language=language, key=key))


def in_any_of(
    rows: QuerySet, chains: Sequence[Sequence[str]], *, language: str, key: str = "translation_key"
) -> QuerySet:
    """What `in_languages` serves along any of `chains`: the app syncing French and German
    keeps an article in each (or its fallback, once when both fall back to the same)."""
    found = Q(pk__in=[])
    for chain in chains:
        found |= _served_along(rows, chain, language=language, key=key)
    return rows.filter(found)


def _served_along(rows: QuerySet, chain: Sequence[str], *, language: str, key: str) -> Q:
    found = Q(**{language: chain[0]})
    for position, code in enumerate(chain[1:], start=1):
        # Correlated (NOT EXISTS on the row's own key, which is indexed): a NOT IN over
        # every translation in the earlier languages made SQLite build that whole list for
        # each statement, 15 ms at 10,000 articles against 0.15 ms (benchmarks/languages.py).
        earlier = rows.filter(**{f"{language}__in": chain[:position], key: OuterRef(key)})
        found |= Q(**{language: code}) & ~Exists(earlier)
    return found
