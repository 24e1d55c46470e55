"""Background tasks: the in-process backend, retries with backoff, and the worker's health.

Embedded default: django-tasks' ImmediateBackend runs a task the moment it is enqueued.
Wagtail enqueues search indexing from post_save, before a page's tags and treatments are
written, so articles were indexed without them. A real worker only ever sees committed data;
`OnCommitImmediateBackend` does the same by running each task once the surrounding
transaction commits (at once outside one). It still runs on the request's thread, so a mail
server that accepts and never answers held a comment POST for EMAIL_TIMEOUT: the embedded
default, `BackgroundThreadBackend`, hands each committed task to one background thread of
the process instead. The test suite keeps `OnCommitImmediateBackend`, whose effects are
done when the request returns.

Production (TASKS_BACKEND=database): django-tasks-db stores each task in the same transaction
as the change that caused it, and `manage.py worker` runs it.

Every task that fails, ours and Wagtail's (search indexing, the reference index) alike, is
tried again: `retry_failed_task` listens to django-tasks' task_finished signal and enqueues
the same task with the same arguments after an exponential delay (TASK_RETRY_BASE_SECONDS x
2^n), until TASK_MAX_ATTEMPTS attempts have failed; then the failure is logged as an error.
Each attempt is its own task result (FAILED with its traceback, then READY, ...), so the
history stays visible. Backends that cannot defer a task (the in-process one) make one
attempt: a retry there would hold up the request. A missing object (a comment deleted
meanwhile) is not worth retrying.
"""

from __future__ import annotations

import datetime
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import connections, models, transaction
from django.db.models import Min, Q
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.signals import task_finished
from django_tasks_db import DatabaseBackend

from cms.task_coalescing import CoalescingMixin

logger = logging.getLogger(__name__)


class OnCommitImmediateBackend(CoalescingMixin, ImmediateBackend):
    def _execute_task(self, task_result) -> None:
        transaction.on_commit(partial(super()._execute_task, task_result), robust=True)


# Tasks that wait on other servers (mail, webhook receivers, CDN purge APIs): the embedded
# backend runs these off the request's thread. The rest write to the database (search and
# reference indexes); on SQLite a second writer thread would meet "database is locked", so
# they run on commit in the thread that caused them, as before.
NETWORK_TASK_MODULES = (
    "blog.comments.notifications",
    "blog.delivery.",
    "wagtail.contrib.frontend_cache.",
)


class BackgroundThreadBackend(CoalescingMixin, ImmediateBackend):
    """After commit, network-bound tasks on a background thread (the request answers
    without waiting for a mail server or a webhook receiver), the others in the request's
    thread.

    One thread per process, so they run one at a time in the order they were enqueued, as
    a single worker would run them. Tasks still waiting when the process exits are lost:
    durable delivery is the database backend's job (TASKS_BACKEND=database).
    """

    _executor: ThreadPoolExecutor | None = None
    _lock = threading.Lock()

    @classmethod
    def _pool(cls) -> ThreadPoolExecutor:
        # Created on first use, in the process that runs tasks (after gunicorn forks).
        with cls._lock:
            if cls._executor is None:
                cls._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tasks")
            return cls._executor

    def _execute_task(self, task_result) -> None:
        if not task_result.task.module_path.startswith(NETWORK_TASK_MODULES):
            transaction.on_commit(partial(super()._execute_task, task_result), robust=True)
            return
        run = partial(self._pool().submit, self._run_in_thread, task_result)
        transaction.on_commit(run, robust=True)

    def _run_in_thread(self, task_result) -> None:
        try:
            super()._execute_task(task_result)
        finally:
            connections.close_all()  # this thread's own connections


class CoalescingDatabaseBackend(CoalescingMixin, DatabaseBackend):
    """Production's backend (django-tasks-db), storing an indexing task once per transaction."""


def retry_delay(attempt: int) -> datetime.timedelta:
    """How long to wait after failed attempt number `attempt` (1-based)."""
    return datetime.timedelta(seconds=settings.TASK_RETRY_BASE_SECONDS * 2 ** (attempt - 1))


def failed_attempts(task_result: TaskResult) -> int:
    """Failed attempts at the same work (task and arguments) within the retry window.

    The database backend keeps each attempt as a row; counting the failed ones needs no
    extra state. Identical work enqueued twice in the window shares the count, which only
    makes it give up a little sooner.
    """
    from django_tasks_db.models import DBTaskResult

    window = retry_delay(settings.TASK_MAX_ATTEMPTS) * 2
    return DBTaskResult.objects.filter(
        task_path=task_result.task.module_path,
        args_kwargs={"args": list(task_result.args), "kwargs": task_result.kwargs},
        status=TaskResultStatus.FAILED,
        finished_at__gte=timezone.now() - window,
    ).count()


@receiver(task_finished)
def retry_failed_task(sender: type, task_result: TaskResult, **kwargs: Any) -> None:
    if task_result.status != TaskResultStatus.FAILED:
        return
    try:
        _retry(task_result)
    except Exception:
        # Never let the retry bookkeeping take the worker down (the database may be what
        # failed); the task result already says FAILED.
        logger.exception("could not schedule a retry of %s", task_result.id)


def _retry(task_result: TaskResult) -> None:
    task = task_result.task
    name = task.module_path
    if not task.get_backend().supports_defer:
        return  # in-process: django-tasks has logged the failure; there is no later
    error = task_result.errors[-1] if task_result.errors else None
    try:
        if error and issubclass(error.exception_class, ObjectDoesNotExist):
            logger.info("%s: its object is gone; not retrying", name)
            return
    except (ImportError, ValueError):
        pass
    attempt = failed_attempts(task_result)
    if attempt >= settings.TASK_MAX_ATTEMPTS:
        logger.error("%s failed %d times; giving up: %s", name, attempt, task_result.id)
        return
    delay = retry_delay(attempt)
    task.using(run_after=timezone.now() + delay).enqueue(*task_result.args, **task_result.kwargs)
    logger.warning("%s failed (attempt %d); trying again in %d s", name, attempt, delay.seconds)


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
