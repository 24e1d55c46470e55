"""The in-process task backend used when no task worker is deployed.

django-tasks' ImmediateBackend runs a task the moment it is enqueued. Wagtail enqueues search
indexing from post_save, before a page's tags and treatments are written, so articles were
indexed without them. A real worker only ever sees committed data; this backend does the same
by running each task once the surrounding transaction commits (at once outside one).
"""

from functools import partial

from django.db import transaction
from django_tasks.backends.immediate import ImmediateBackend


class OnCommitImmediateBackend(ImmediateBackend):
    def _execute_task(self, task_result) -> None:
        transaction.on_commit(partial(super()._execute_task, task_result), robust=True)
