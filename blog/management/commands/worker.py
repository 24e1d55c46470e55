"""`manage.py worker`: the production task worker, and the clock that cron used to be.

It is django-tasks-db's `db_worker` (same options) with two additions:

- It rides out database outages. db_worker exits on the first connection error; a worker
  that dies whenever PostgreSQL restarts needs a supervisor to notice. This one logs, waits
  with backoff (1 s doubling to 30 s) and carries on, so tasks stored meanwhile still run.
- It keeps time. Every WORKER_SCHEDULE_INTERVAL seconds (60) it publishes and unpublishes
  scheduled pages (Wagtail's `publish_scheduled`), once a day it prunes finished task
  results older than a week, and once a week it mails reviewers their articles due for
  medical review (blog.governance.digest). A cache lock (shared through Redis in
  production) makes one worker do each run when several are deployed. Readers never wait
  for this: the API and the site honour go-live and expiry times at read time
  (blog.scheduling).

Run `manage.py worker --batch --no-schedule` to process what is queued and exit.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

logger = logging.getLogger("blog.worker")

PRUNE_EVERY_SECONDS = 24 * 3600
DIGEST_LOCK_SECONDS = 8 * 24 * 3600  # outlives its ISO week
EXPIRE_CONSENTS_EVERY_SECONDS = 3600  # a consent that expired at midnight ends within the hour


def run_locked(name: str, seconds: int, action) -> bool:
    """Run `action` unless another worker ran `name` within `seconds` (cache.add is atomic).
    If it fails, the lock goes with it, so the next tick tries again rather than a day later."""
    key = f"worker-lock:{name}"
    if not cache.add(key, "1", seconds):
        return False
    try:
        action()
    except BaseException:
        cache.delete(key)
        raise
    return True


def publish_scheduled() -> None:
    # The same catch-up that API reads run, under the same lock: never two at once.
    from blog.scheduling import catch_up

    catch_up()


def send_review_digests() -> None:
    from blog.governance.digest import send_review_digests as send

    send(today=timezone.localdate())


def digest_week() -> str:
    """The lock's name for this ISO week: one digest a week, whichever worker's clock and
    however often the workers restart."""
    year, week, _ = timezone.localdate().isocalendar()
    return f"review-digest:{year}-W{week:02d}"


def expire_consents() -> None:
    from blog.governance.consent import expire_consents as expire

    expire()


def prune_task_results() -> None:
    call_command("prune_db_task_results", "--min-age-days", "7", "--queue-name", "*", verbosity=0)


def prune_form_tokens() -> None:
    from blog.comments.tokens import prune_form_token_uses

    prune_form_token_uses()


def prune_changes() -> None:
    from blog.changes import prune_change_log

    prune_change_log(days=settings.CHANGE_LOG_RETENTION_DAYS)


class Clock(threading.Thread):
    """The schedule runs beside the task loop, in a thread with its own connections."""

    def __init__(self, interval: int) -> None:
        super().__init__(name="worker-clock", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def tick(self) -> None:
        jobs = [
            ("publish-scheduled", max(self.interval - 1, 1), publish_scheduled),
            ("prune-task-results", PRUNE_EVERY_SECONDS, prune_task_results),
            ("prune-change-log", PRUNE_EVERY_SECONDS, prune_changes),
            ("prune-form-tokens", PRUNE_EVERY_SECONDS, prune_form_tokens),
            (digest_week(), DIGEST_LOCK_SECONDS, send_review_digests),
            ("expire-consents", EXPIRE_CONSENTS_EVERY_SECONDS, expire_consents),
        ]
        try:
            for name, seconds, action in jobs:
                try:
                    run_locked(name, seconds, action)
                except Exception:
                    # An outage, or one job's own fault, must stop neither the clock nor the
                    # other jobs; the next tick tries again.
                    logger.exception("%s failed; trying again in %d s", name, self.interval)
        finally:
            close_old_connections()
            connections.close_all()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.tick()
            self.stopped.wait(self.interval)


class Command(DbWorkerCommand):
    help = "Run background tasks (mail, indexing) and scheduled publishing. Use in production."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            help="Do not publish scheduled pages or prune old task results.",
        )

    def handle(self, *args, schedule: bool = True, **options) -> None:
        if settings.TASKS_BACKEND != "database":
            logger.warning(
                "TASKS_BACKEND is %r: tasks run in the web process and this worker finds none. "
                "Set TASKS_BACKEND=database in production.",
                settings.TASKS_BACKEND,
            )
        clock = Clock(settings.WORKER_SCHEDULE_INTERVAL) if schedule else None
        if clock and options.get("batch"):
            clock.tick()  # one pass, then the queue: `worker --batch` is a one-shot cron job
            clock = None
        if clock:
            clock.start()
        try:
            self.run_through_outages(*args, **options)
        finally:
            if clock:
                clock.stopped.set()

    def run_through_outages(self, *args, **options) -> None:
        delay = 1.0
        while True:
            started = time.monotonic()
            try:
                super().handle(*args, **options)
                return
            except (OperationalError, InterfaceError) as error:
                if time.monotonic() - started > 60:
                    delay = 1.0  # a new outage after a healthy spell starts the backoff again
                logger.warning("database unavailable (%s); retrying in %.0f s", error, delay)
                connections.close_all()
                time.sleep(delay)
                delay = min(delay * 2, 30.0)
                # The startup jitter already happened.
                options["startup_delay"] = False
