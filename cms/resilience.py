"""Reads ride through a database restart instead of failing.

When PostgreSQL restarts (a failover, a minor-version upgrade, a crash), every connection
open at that moment breaks, and requests in flight fail. For a read that is a pity, not a
necessity: nothing was written, so it can simply run again once the database answers. This
middleware catches a connection failure raised by the view of a GET, HEAD or OPTIONS
request, waits for the database to accept a new connection (polling for at most
DATABASE_OUTAGE_WAIT seconds, 5 by default) and runs the view once more. If the database is
still down, the request ends as every outage does: 503 with Retry-After (cms.errors).

Writes are never retried here: whether a broken commit took effect is unknowable, and the
client, told 503, decides (a comment re-posted is caught by the duplicate check).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
POLL_SECONDS = 0.25
# When a wait has just failed, the database is down rather than restarting: answer 503 at
# once instead of holding every worker for the full wait (per process, monotonic seconds).
_last_failed_wait = float("-inf")


def database_is_back(deadline: float) -> bool:
    """Reconnect every alias, polling until the deadline; True once all answer."""
    while True:
        try:
            for conn in connections.all():
                conn.close()
                conn.ensure_connection()
            return True
        except (OperationalError, InterfaceError):
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_SECONDS)


class RetryReadsThroughDatabaseRestarts:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.method not in SAFE_METHODS or getattr(request, "_read_retry_tried", False):
            return None
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        if any(conn.in_atomic_block for conn in connections.all(initialized_only=True)):
            return None  # inside a transaction (ATOMIC_REQUESTS, tests): nothing to re-run
        global _last_failed_wait
        request._read_retry_tried = True
        wait = settings.DATABASE_OUTAGE_WAIT
        now = time.monotonic()
        if now - _last_failed_wait < wait or not database_is_back(now + wait):
            _last_failed_wait = time.monotonic()
            return None  # still down: the 500 handler answers 503 with Retry-After
        logger.warning(
            "database connection lost during %s %s; ran it again", request.method, request.path
        )
        # An error of the re-run carries this one as its context; it is not an outage for
        # it (cms.errors.server_error).
        request.read_retried_after = exception
        return self.get_response(request)
