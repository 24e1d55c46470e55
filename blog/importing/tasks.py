"""The admin's import runs in the worker: a task that reads the uploaded export, keeps the
import's progress (done/total) up to date for the progress bar, and stores the report and
log when it ends. A file that is not a sound export ends the import as failed, with the
reason in its log, and nothing imported."""

from __future__ import annotations

import logging
import time

from django.utils import timezone
from django_tasks import task

from blog.importing.wordpress import ExportError, ImportFailed, ImportOptions, import_wordpress
from blog.models import WordPressImport

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 1.0  # seconds between progress writes


def options_of(job: WordPressImport) -> ImportOptions:
    saved = job.options or {}
    return ImportOptions(
        fetch_media=bool(saved.get("fetch_media")),
        index_id=saved.get("index_id"),
        category_map=dict(saved.get("category_map") or {}),
        author_map=dict(saved.get("author_map") or {}),
        dry_run=job.dry_run,
        user_id=job.created_by_id,
        import_id=job.pk,
    )


def run_import(job: WordPressImport) -> WordPressImport:
    """Run one queued import to its end (done or failed); returns it as it ended."""
    Status = WordPressImport.Status
    claimed = WordPressImport.objects.filter(pk=job.pk, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:  # another worker has it, or it already ran
        return job
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY or done == total:
            last[0] = now
            WordPressImport.objects.filter(pk=job.pk).update(done=done, total=total)

    status, report, log = Status.FAILED, {}, ""
    try:
        with job.export.open("rb") as export:
            result = import_wordpress(export, options=options_of(job), progress=progress)
        status, report, log = Status.DONE, result.as_json(), result.as_text()
    except (ExportError, ImportFailed) as error:
        log = f"Nothing was imported: {error}"
    except Exception:  # the worker must record the end of every import it started
        logger.exception("WordPress import %s failed", job.pk)
        log = (
            "The import stopped on an unexpected error (it is in the server's log). What it "
            "finished is kept; running it again completes it."
        )
    WordPressImport.objects.filter(pk=job.pk).update(
        status=status, report=report, log=log, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


@task()
def import_wordpress_task(import_id: int) -> str:
    job = WordPressImport.objects.filter(pk=import_id).first()
    if job is None:
        return "gone"
    return run_import(job).status
