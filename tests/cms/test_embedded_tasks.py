"""The embedded default (TASKS_BACKEND=immediate): tasks run in the web process, on a
background thread, after the request's transaction commits. A mail server that accepts the
connection and never answers must not hold the reader's comment POST. Real processes: a
gunicorn server on a database of its own and an SMTP server that never says a word."""

from __future__ import annotations

import time

from tests.comment_utils import post_live_comment
from tests.live import LiveServer, base_env
from tests.processes import django_shell
from tests.smtp_server import SilentSmtpServer

ARTICLE = "your-skin-after-microneedling"


def test_a_hung_mail_server_never_holds_a_comment_post(live_databases):
    silent = SilentSmtpServer().start()
    # Long enough that a request waiting for the mail server would fail the POST's own
    # 30-second timeout, and the test with it.
    env = base_env(live_databases.fresh(), EMAIL_URL=silent.url, EMAIL_TIMEOUT="120")
    assert "TASKS_BACKEND" not in env  # the embedded default
    django_shell(
        env,
        "from blog.models import CommentPolicy; p = CommentPolicy.load();"
        "p.moderator_emails = 'moderators@example-clinic.com'; p.save()",
    )
    web = LiveServer(env).start()
    try:
        answer = post_live_comment(web, ARTICLE, "Is it normal to itch on day three?")
        assert answer["status"] == "pending"
        # The moderators' mail is on its way, held by the silent server, after the answer.
        deadline = time.monotonic() + 30
        while not silent.held and time.monotonic() < deadline:
            time.sleep(0.1)
        assert silent.held, "the moderators' mail was never attempted"
        # The process goes on serving, readers and posts alike, while the mail hangs.
        assert web.get("/api/v1/articles/", timeout=30)[0] == 200
        post_live_comment(web, ARTICLE, "And is a little swelling normal too?")
    finally:
        web.stop()
        silent.stop()


def test_seeding_with_the_embedded_backend_fails_no_task(tmp_path, live_databases):
    """Search and reference indexing write to the database: on SQLite they run in the thread
    that caused them, since a second writer thread met "database is locked" (found when the
    background thread ran every task)."""
    from tests.processes import manage

    # The run's SQLite template as migrated, before the demo (on a PostgreSQL run: migrate).
    unseeded = live_databases.fresh_unseeded()
    env = base_env(unseeded or f"sqlite:///{tmp_path / 'seed.sqlite3'}")
    if unseeded is None:
        manage(env, "migrate", "--no-input", "-v0", timeout=300)
    seeded = manage(env, "seed_demo", timeout=300)
    output = seeded.stdout + seeded.stderr
    assert "database is locked" not in output and "state=FAILED" not in output, output[-3000:]
    found = django_shell(
        env,
        "from blog.models import ArticlePage; "
        "print(ArticlePage.objects.live().search('microneedling').count())",
    )
    assert int(found.splitlines()[-1]) >= 1  # indexed, though it ran as a task
