"""One log line when an outage begins and one when it ends, instead of a traceback per 503.

While Redis or the database is down, every request fails the same way: Django logged each
503 with its full traceback (hundreds a second), burying the one line that matters. Here an
outage begins with the first 503 of a process (logged once, with its traceback) and ends at
the first good answer once OUTAGE_LOG_QUIET_SECONDS have passed without a 503 (logged with
how long it lasted and how many requests were answered 503). Another kind of error during the
outage is logged once, without a traceback. Per process: each gunicorn worker logs its own.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("cms.outages")


class Outage:
    def __init__(self, error: BaseException, now: float) -> None:
        self.began = now
        self.last_failure = now
        self.answered = 0
        self.kinds = {type(error).__name__}


_lock = threading.Lock()
_current: Outage | None = None


def describe(error: BaseException) -> str:
    return f"{type(error).__module__}.{type(error).__qualname__}: {error}"


def outage_answered(error: BaseException) -> None:
    """A request was answered 503 because of `error`, a dependency outage (cms.errors)."""
    global _current
    now = time.monotonic()
    with _lock:
        if _current is None:
            _current = Outage(error, now)
            logger.error(
                "Dependency outage began: %s. Requests are answered 503 until it ends.",
                describe(error),
                exc_info=error,
            )
        elif type(error).__name__ not in _current.kinds:
            _current.kinds.add(type(error).__name__)
            logger.error("During the outage also: %s", describe(error))
        _current.answered += 1
        _current.last_failure = now


def request_served() -> None:
    """A request was answered without an outage: the end of one, once it has been quiet."""
    global _current
    if _current is None:  # the common case, without the lock
        return
    now = time.monotonic()
    with _lock:
        outage = _current
        if outage is None or now - outage.last_failure < settings.OUTAGE_LOG_QUIET_SECONDS:
            return
        _current = None
    logger.warning(
        "Dependency outage ended: it lasted %.1f s, and %d requests were answered 503.",
        outage.last_failure - outage.began,
        outage.answered,
    )


class OutageLogMiddleware:
    """Notices the first good answers after an outage (first in MIDDLEWARE: it sees every
    response, also those of middleware that failed)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(response, "outage", False):
            request_served()
        return response
