"""What readers could not find: searches that found nothing, or only a correction, counted
per day (blog.models.SearchQueryDay) for Reports > Searches without results.

Never a write on the read's path: a search only adds one to a counter in its process's
memory (also when its answer came from the response cache). A thread of the process hands
the counts to a task once a minute (SEARCH_REPORT_FLUSH_SECONDS), and the task adds them to
the day's rows and deletes rows older than SEARCH_REPORT_DAYS (90). Counts of the last minute
are lost if the process is killed; a process that stops normally hands them over first.
"""

from __future__ import annotations

import atexit
import datetime
import logging
import threading
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from blog.models import SearchQueryDay
from blog.search.words import query_words

logger = logging.getLogger(__name__)

MAX_PENDING = 10_000  # distinct queries held between flushes; past it, new ones are dropped
Key = tuple[str, str, str, str]  # day, language, query, outcome

_pending: Counter[Key] = Counter()
_lock = threading.Lock()
_flusher: threading.Thread | None = None


def normalised(query: str) -> str:
    """The reader's words folded and deduplicated: "Sun-screen  SPF?" is "sunscreen spf"."""
    return " ".join(query_words(query))[:200]


def record(query: str, outcome: str, *, language: str = "en") -> None:
    """Count one search that found nothing ("nothing") or only a correction ("corrected")."""
    words = normalised(query)
    if not words:
        return
    key = (timezone.localdate().isoformat(), language, words, outcome)
    with _lock:
        if key in _pending or len(_pending) < MAX_PENDING:
            _pending[key] += 1
    _start_flusher()


def _start_flusher() -> None:
    global _flusher
    if not settings.SEARCH_REPORT_FLUSH_SECONDS or (_flusher is not None and _flusher.is_alive()):
        return
    with _lock:
        if _flusher is None or not _flusher.is_alive():
            _flusher = threading.Thread(target=_flush_forever, name="search-report", daemon=True)
            _flusher.start()
            atexit.register(flush)


def _flush_forever() -> None:
    stop = threading.Event()
    while not stop.wait(settings.SEARCH_REPORT_FLUSH_SECONDS):
        flush()


def flush() -> int:
    """Hand the counts held here to the task; returns how many rows they make."""
    with _lock:
        counts = [[*key, n] for key, n in _pending.items()]
        _pending.clear()
    if not counts:
        return 0
    try:
        store_counts_task.enqueue(counts)
    except Exception:  # the queue is down: these counts are lost, searching goes on
        logger.exception("could not queue %d search report counts", len(counts))
    return len(counts)


def store_counts(counts: list[list]) -> None:
    """Add [day, language, query, outcome, searches] rows to the report; prune old days."""
    with transaction.atomic():
        SearchQueryDay.objects.bulk_create(
            [
                SearchQueryDay(day=d, language=lang, query=q, outcome=o, searches=0)
                for d, lang, q, o, _ in counts
            ],
            ignore_conflicts=True,
        )
        for day, language, query, outcome, searches in counts:
            SearchQueryDay.objects.filter(
                day=day, language=language, query=query, outcome=outcome
            ).update(searches=F("searches") + searches)
        keep_from = timezone.localdate() - datetime.timedelta(days=settings.SEARCH_REPORT_DAYS)
        SearchQueryDay.objects.filter(day__lt=keep_from).delete()


@task()
def store_counts_task(counts: list[list]) -> None:
    store_counts(counts)
