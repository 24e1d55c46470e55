"""One run of an indexing task per object per transaction, however often it was asked for.

Wagtail asks for a page's search and reference indexes to be updated on every save, and
creating and publishing a page saves it three times (add_child, save_revision, publish): three
search-index and three reference-index tasks for one page, in one transaction. The tasks read
the object when they run, after the commit, so the first one already sees the final state;
the other two redo the same work (a third of a WordPress import's time went to them).

Inside a transaction, a task named in COALESCED_TASKS with the same arguments as one already
enqueued in that transaction, and not yet run, is not enqueued again: the earlier result is
returned. The
mark of what was enqueued rides on the connection's own list of commit callbacks, so a
rollback (of the transaction or of a savepoint) forgets it together with the work it undid.
Outside a transaction every task is enqueued as before.
"""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django_tasks import TaskResult, TaskResultStatus

# Tasks whose effect depends only on their arguments and the state they read when they run.
COALESCED_TASKS = frozenset(
    {
        "modelsearch.tasks.insert_or_update_object_task",
        "wagtail.tasks.update_reference_index_task",
    }
)


class _Enqueued:
    """A no-op commit callback that remembers a task enqueued in this transaction."""

    __slots__ = ("key", "result")

    def __init__(self, key: tuple, result: TaskResult) -> None:
        self.key = key
        self.result = result

    def __call__(self) -> None:
        pass


def _enqueued_in_transaction(connection: Any) -> dict[tuple, TaskResult]:
    """The coalesced tasks among the connection's commit callbacks, read incrementally."""
    callbacks = connection.run_on_commit
    cache = getattr(connection, "_coalesced_tasks", None)
    if cache is None or cache[0] is not callbacks:
        # Django replaces the list when it commits or rolls back: read it afresh.
        cache = (callbacks, {}, 0)
    _, found, seen = cache
    for _, func, _ in callbacks[seen:]:
        if isinstance(func, _Enqueued):
            found[func.key] = func.result
    connection._coalesced_tasks = (callbacks, found, len(callbacks))
    return found


class CoalescingMixin:
    """For a django-tasks backend: see the module's docstring."""

    def enqueue(self, task: Any, args: Any, kwargs: Any) -> TaskResult:
        connection = connections[DEFAULT_DB_ALIAS]
        if task.module_path not in COALESCED_TASKS or not connection.in_atomic_block:
            return super().enqueue(task, args, kwargs)
        key = (task.module_path, tuple(args), tuple(sorted(kwargs.items())))
        result = _enqueued_in_transaction(connection).get(key)
        if result is not None and result.status == TaskResultStatus.READY:
            return result  # not run yet (a test may run commit callbacks before the commit)
        result = super().enqueue(task, args, kwargs)
        connection.on_commit(_Enqueued(key, result))
        return result
