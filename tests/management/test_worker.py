"""The production task worker: durable mail, retries with backoff, hung mail servers, and
scheduled publishing without cron. Real processes throughout: gunicorn for the web, the
`worker` command, a real SMTP server on loopback, and a database of their own."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from urllib.parse import urlsplit

import psycopg
import pytest

from tests.comment_utils import post_live_comment
from tests.live import LiveServer, base_env
from tests.processes import django_shell, manage
from tests.smtp_server import SilentSmtpServer, SmtpServer

ARTICLE = "your-skin-after-microneedling"
MODERATORS = "moderators@example-clinic.com"


def query(env: dict[str, str], sql: str) -> list[tuple]:
    """Read the processes' database directly (faster than a Django subprocess)."""
    url = env["DATABASE_URL"]
    if url.startswith("postgres"):
        with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
            return conn.execute(sql).fetchall()
    with closing(sqlite3.connect(urlsplit(url).path)) as conn:
        return conn.execute(sql).fetchall()


def task_states(env: dict[str, str]) -> list[tuple[str, str]]:
    rows = query(
        env, "SELECT task_path, status FROM django_tasks_database_dbtaskresult ORDER BY enqueued_at"
    )
    return [tuple(row) for row in rows]


def worker(env: dict[str, str], *args: str) -> None:
    manage(env, "worker", "--batch", "--no-startup-delay", *args, timeout=120)


@pytest.fixture
def stack(live_databases):
    """A database copy with moderators to notify, and the env of its processes."""
    env = base_env(
        live_databases.fresh(),
        TASKS_BACKEND="database",
        TASK_RETRY_BASE_SECONDS="1",
        EMAIL_TIMEOUT="2",
    )
    django_shell(
        env,
        "from blog.models import CommentPolicy; p = CommentPolicy.load();"
        f"p.moderator_emails = '{MODERATORS}'; p.save()",
    )
    return env


def test_mail_queued_by_a_request_whose_process_died_is_sent_once_by_the_worker(stack):
    smtp = SmtpServer().start()
    try:
        web = LiveServer({**stack, "EMAIL_URL": smtp.url}).start()
        try:
            post_live_comment(web, ARTICLE, "Is redness on day two normal?")
        finally:
            web.kill()  # SIGKILL: no chance to run anything after the response
        assert smtp.inbox.messages == []
        assert task_states(stack) == [("blog.comments.notifications.notify_moderators", "READY")]

        worker({**stack, "EMAIL_URL": smtp.url}, "--no-schedule")
        worker({**stack, "EMAIL_URL": smtp.url}, "--no-schedule")  # nothing left to send
    finally:
        smtp.stop()
    [subject] = smtp.inbox.subjects()
    assert subject.startswith("New comment on “Your skin after microneedling")
    assert smtp.inbox.messages[0]["To"] == MODERATORS
    assert task_states(stack) == [("blog.comments.notifications.notify_moderators", "SUCCESSFUL")]


@pytest.mark.parametrize("broken", ["down", "silent"])
def test_mail_server_down_or_hung_is_retried_with_backoff_and_sent_once(stack, broken):
    silent = SilentSmtpServer().start() if broken == "silent" else None
    smtp = SmtpServer()  # not started yet: its port refuses connections
    web = LiveServer({**stack, "EMAIL_URL": smtp.url}).start()
    try:
        # The POST never talks to the mail server: it answers at once either way.
        post_live_comment(web, ARTICLE, "Can I wear make-up the day after?")
    finally:
        web.stop()

    first_try = silent.url if silent else smtp.url
    worker({**stack, "EMAIL_URL": first_try}, "--no-schedule")
    assert task_states(stack) == [
        ("blog.comments.notifications.notify_moderators", "FAILED"),
        ("blog.comments.notifications.notify_moderators", "READY"),  # the retry, deferred
    ]

    smtp.start()
    try:
        time.sleep(1.5)  # the retry's backoff (TASK_RETRY_BASE_SECONDS=1) has passed
        worker({**stack, "EMAIL_URL": smtp.url}, "--no-schedule")
    finally:
        smtp.stop()
        if silent:
            silent.stop()
    assert len(smtp.inbox.messages) == 1
    assert [status for _, status in task_states(stack)] == ["FAILED", "SUCCESSFUL"]


def test_worker_publishes_and_unpublishes_on_schedule(stack):
    """The worker's clock does what cron and `publish_scheduled` did."""
    django_shell(
        stack,
        "import datetime; from django.utils import timezone; from blog.models import ArticlePage;"
        f"a = ArticlePage.objects.get(slug='{ARTICLE}');"
        "a.expire_at = timezone.now() - datetime.timedelta(minutes=1);"
        "a.save_revision().publish()",
    )
    worker(stack)  # --batch with the schedule: one clock tick, then the queue
    sql = "SELECT live FROM wagtailcore_page WHERE slug = 'your-skin-after-microneedling'"
    [(live,)] = query(stack, sql)
    assert not live


def test_a_scheduled_job_that_failed_is_tried_again_at_the_next_tick():
    from blog.management.commands.worker import run_locked

    runs: list[str] = []

    def failing() -> None:
        runs.append("failed")
        raise RuntimeError("storage down")

    with pytest.raises(RuntimeError):
        run_locked("prune-test", 86400, failing)
    assert run_locked("prune-test", 86400, lambda: runs.append("ran")) is True
    assert run_locked("prune-test", 86400, lambda: runs.append("again")) is False  # locked
    assert runs == ["failed", "ran"]


def test_a_webhook_refused_by_its_receiver_is_retried_by_the_worker_and_sent_once(
    live_databases,
):
    """The receiver answers 500, then recovers: the worker tries again on the webhook
    schedule (a second here, WEBHOOKS_RETRY_SECONDS) with the same webhook-id and a valid
    signature, and stops once it is delivered."""
    from standardwebhooks import Webhook

    from tests.http_receiver import Receiver

    receiver = Receiver(status=500).start()
    env = base_env(
        live_databases.fresh(),
        TASKS_BACKEND="database",
        WEBHOOKS_ALLOW_PRIVATE_TARGETS="1",
        WEBHOOKS_RETRY_SECONDS="1,1,1,1,1",
    )
    try:
        added = manage(
            env, "webhooks", "add", f"{receiver.url}/hook", "--events", "article.published"
        )
        secret = added.stdout.strip().splitlines()[-1]
        django_shell(
            env,
            f"from blog.models import ArticlePage; ArticlePage.objects.get(slug='{ARTICLE}')"
            ".save_revision().publish()",
        )
        assert receiver.requests == []  # nothing is sent by the process that published
        worker(env, "--no-schedule")
        assert [r.path for r in receiver.requests] == ["/hook"]

        receiver.status = 200
        time.sleep(1.5)
        worker(env, "--no-schedule")
        worker(env, "--no-schedule")  # nothing left to send
    finally:
        receiver.stop()
    first, second = receiver.requests
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    event = Webhook(secret).verify(second.body, second.headers)
    assert (event["type"], event["data"]["article"]["slug"]) == ("article.published", ARTICLE)
    rows = query(env, "SELECT status, attempts, response_code FROM blog_webhookdelivery")
    assert [tuple(row) for row in rows] == [("succeeded", 2, 200)]
