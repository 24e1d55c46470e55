"""Health endpoints for load balancers and orchestrators, answered before anything else.

- `/health/live/`: the process is up and serving. Touches no database, cache or storage, so
  a database outage never gets healthy web processes restarted.
- `/health/ready/`: this instance can serve traffic: the database answers, the cache
  answers, media storage answers, and background tasks are not stuck (the oldest task waiting
  to run is younger than HEALTH_MAX_TASK_AGE). 200 or 503 with `Retry-After`, both JSON,
  naming each check.

The middleware sits first in the stack: probes come by instance address and plain HTTP, which
ALLOWED_HOSTS and the HTTPS redirect would otherwise refuse. Responses are never cached.

These endpoints answer anyone who can reach the instance, so a failing check names the check
and the kind of error only; the full message (host names, ports, bucket names) goes to the log.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from cms.errors import RETRY_AFTER_SECONDS

logger = logging.getLogger(__name__)

LIVE_PATH = "/health/live/"
READY_PATH = "/health/ready/"


class CheckFailed(Exception):
    """A check's own finding, worded by us and safe to show in the response."""


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    key = "health:ready"
    cache.set(key, "ok", 30)
    if cache.get(key) != "ok":
        raise CheckFailed("the cache did not return what was just stored")


def _check_storage() -> None:
    bucket = getattr(default_storage, "bucket_name", None)
    if bucket:
        # A missing key answers 404 just as a missing bucket does, so an existence check
        # would call a misspelt AWS_STORAGE_BUCKET_NAME ready: ask for the bucket itself.
        default_storage.connection.meta.client.head_bucket(Bucket=bucket)
    else:
        default_storage.exists("health-check")  # a stat on the local disk


def _check_tasks() -> None:
    # HEALTH_MAX_TASK_AGE=0 leaves the queue out: for operators who would rather keep web
    # instances in the load balancer while the worker is down (mail waits, reads go on).
    if settings.TASKS_BACKEND != "database" or settings.HEALTH_MAX_TASK_AGE <= 0:
        return
    from django_tasks_db.models import DBTaskResult

    from cms.tasks import oldest_waiting_task_age

    age = oldest_waiting_task_age(DBTaskResult)
    if age is not None and age > settings.HEALTH_MAX_TASK_AGE:
        raise CheckFailed(f"the oldest waiting task has waited {age:.0f} s; is a worker running?")


CHECKS: dict[str, Callable[[], None]] = {
    "database": _check_database,
    "cache": _check_cache,
    "storage": _check_storage,
    "tasks": _check_tasks,
}


# Checks that read the database: when it is down they cannot say anything new, and running
# them would wait for a second connection timeout while the probe waits.
NEEDS_DATABASE = {"tasks"}


def readiness() -> tuple[bool, dict[str, dict[str, object]]]:
    """Run every check; (all passed, {name: {"ok", "ms", and "error" when failed}})."""
    results: dict[str, dict[str, object]] = {}
    for name, check in CHECKS.items():
        if name in NEEDS_DATABASE and not results.get("database", {"ok": True})["ok"]:
            results[name] = {"ok": False, "error": "not run: the database is unavailable"}
            continue
        started = time.perf_counter()
        try:
            check()
        except CheckFailed as error:
            results[name] = {"ok": False, "error": str(error)}
        except Exception as error:
            logger.warning("readiness check %r failed", name, exc_info=True)
            results[name] = {"ok": False, "error": type(error).__name__}
        else:
            results[name] = {"ok": True}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return all(result["ok"] for result in results.values()), results


def _json(data: dict, status: int) -> HttpResponse:
    response = JsonResponse(data, status=status)
    response["Cache-Control"] = "no-store"
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # path_info: the path within the site, also when it is mounted under a prefix.
        if request.path_info == LIVE_PATH:
            return _json({"status": "ok"}, 200)
        if request.path_info == READY_PATH:
            ok, checks = readiness()
            if connection.connection is not None and not ok:
                # A broken connection must not be reused by the next request.
                connection.close_if_unusable_or_obsolete()
            body = {"status": "ok" if ok else "unavailable", "checks": checks}
            body["time"] = timezone.now().isoformat()
            return _json(body, 200 if ok else 503)
        return self.get_response(request)
