"""Background tasks: the in-process backend, retries with backoff, and the worker's health.

Embedded default: django-tasks' ImmediateBackend runs a task the moment it is enqueued.
Wagtail enqueues search indexing from post_save, before a page's tags and treatments are
written, so articles were indexed without them. A real worker only ever sees committed data;
`OnCommitImmediateBackend` does the same by running each task once the surrounding
transaction commits (at once outside one).

Production (TASKS_BACKEND=database): django-tasks-db stores each task in the same transaction
as the change that caused it, and `manage.py worker` runs it.

`retried` gives a task retries: a failed attempt is recorded as FAILED (with its traceback)
and enqueues the next one after an exponential delay (TASK_RETRY_BASE_SECONDS x 2^n), until
TASK_MAX_ATTEMPTS, after which the failure is logged as an error. Backends that cannot defer
a task (the in-process one) make one attempt: a retry there would hold up the request.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from functools import partial, wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.backends.immediate import ImmediateBackend

logger = logging.getLogger(__name__)


class OnCommitImmediateBackend(ImmediateBackend):
    def _execute_task(self, task_result) -> None:
        transaction.on_commit(partial(super()._execute_task, task_result), robust=True)


def retry_delay(attempt: int) -> datetime.timedelta:
    """How long to wait after failed attempt number `attempt` (1-based)."""
    return datetime.timedelta(seconds=settings.TASK_RETRY_BASE_SECONDS * 2 ** (attempt - 1))


def retried(func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a task function (under @task()) so that failures are tried again later.

    A missing object (the comment was deleted meanwhile) is not worth retrying: the task ends.
    """

    @wraps(func)
    def run(*args: Any, attempt: int = 1, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ObjectDoesNotExist:
            logger.info("%s: object gone, nothing to do", func.__qualname__)
            return None
        except Exception:
            this = import_string(f"{func.__module__}.{func.__qualname__}")
            if attempt >= settings.TASK_MAX_ATTEMPTS or not this.get_backend().supports_defer:
                logger.exception("%s failed on attempt %d; giving up", func.__qualname__, attempt)
                raise
            delay = retry_delay(attempt)
            this.using(run_after=timezone.now() + delay).enqueue(
                *args, attempt=attempt + 1, **kwargs
            )
            logger.warning(
                "%s failed on attempt %d; trying again in %d s",
                func.__qualname__,
                attempt,
                delay.total_seconds(),
            )
            # This attempt is recorded as failed, with its traceback; the next one is queued.
            raise

    return run


def oldest_waiting_task_age(result_model: type[models.Model]) -> float | None:
    """Seconds the longest-waiting runnable task has waited (None when nothing waits).

    A task waits from when it was enqueued, or, when deferred (a retry), from its run_after.
    """
    from django_tasks_db.models import get_date_max

    never = get_date_max()
    found = result_model.objects.ready().aggregate(
        queued=Min("enqueued_at", filter=Q(run_after=never)),
        deferred=Min("run_after", filter=~Q(run_after=never)),
    )
    waiting = [moment for moment in found.values() if moment is not None]
    if not waiting:
        return None
    return max(0.0, (timezone.now() - min(waiting)).total_seconds())
