"""What a request gets when something breaks: never Django's HTML 500 for a dependency outage.

While the database, Redis or object storage cannot be reached, requests answer 503 with a
`Retry-After` header (JSON under /api/ and /health/, a short HTML page elsewhere): a load
balancer or client retries, and the instance recovers by itself once the dependency is back,
because Django opens a fresh connection for the next request. Any other unexpected error is a
500, in JSON under /api/.

Django calls the 500 handler from inside the `except` block that caught the error, so the
exception is still available from sys.exc_info().
"""

from __future__ import annotations

import sys

from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

from cms.outage_log import outage_answered

RETRY_AFTER_SECONDS = 10


def _outage_types() -> tuple[type[BaseException], ...]:
    """Exceptions that mean "a service we depend on is unavailable", not "our bug".

    Besides unreachable services: a database or Redis that refuses writes because it is a
    read-only replica. That is what clients of a demoted primary see during a failover until
    they reconnect to the new one; the app never asks for read-only transactions itself.
    """
    types: list[type[BaseException]] = [OperationalError, InterfaceError]
    try:
        from psycopg.errors import ReadOnlySqlTransaction

        types.append(ReadOnlySqlTransaction)  # Django raises it as InternalError, from this
    except ImportError:  # pragma: no cover - only with PostgreSQL
        pass
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import ReadOnlyError as RedisReadOnlyError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        types += [RedisConnectionError, RedisTimeoutError, RedisReadOnlyError]
    except ImportError:  # pragma: no cover - redis is a dependency
        pass
    try:
        from botocore.exceptions import ConnectionError as BotoConnectionError

        types.append(BotoConnectionError)
    except ImportError:  # pragma: no cover - botocore comes with django-storages[s3]
        pass
    return tuple(types)


OUTAGES = _outage_types()


def is_outage(error: BaseException | None, *, ridden_out: BaseException | None = None) -> bool:
    """Whether the error, or one it was raised from or while handling, is an outage: a view
    may wrap a connection error in an error of its own. `ridden_out` is a connection error
    the request already recovered from (cms.resilience re-ran the view): an error of the
    re-run has it as context, yet is a failure of its own."""
    seen: set[int] = set()
    while error is not None and error is not ridden_out and id(error) not in seen:
        if isinstance(error, OUTAGES):
            return True
        seen.add(id(error))  # chains can be made circular
        error = error.__cause__ or error.__context__
    return False


def wants_json(request: HttpRequest) -> bool:
    return request.path_info.startswith(("/api/", "/health/"))


def service_unavailable(request: HttpRequest, *, reason: str) -> HttpResponse:
    if wants_json(request):
        response: HttpResponse = JsonResponse(
            {
                "detail": "The service is temporarily unavailable. Try again shortly.",
                "reason": reason,
            },
            status=503,
        )
    else:
        response = HttpResponse(
            "<!doctype html><title>Temporarily unavailable</title>"
            "<h1>Temporarily unavailable</h1><p>Please try again in a few seconds.</p>",
            status=503,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    if is_outage(error, ridden_out=getattr(request, "read_retried_after", None)):
        response = service_unavailable(request, reason="dependency_unavailable")
        # The outage is logged when it begins and ends (cms.outage_log), not with a
        # traceback per request: Django's request logger skips a response marked logged.
        outage_answered(error)
        response._has_been_logged = True
        response.outage = True
        return response
    if wants_json(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


__all__ = ["page_not_found", "server_error", "service_unavailable"]


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's own refusals (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields, a
    bad Host) as JSON under /api/: a body too large is a 413, like smaller oversized ones."""
    if not wants_json(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return JsonResponse({"request": ["The request is too large."]}, status=413)
    return JsonResponse({"request": ["The request could not be understood."]}, status=400)
