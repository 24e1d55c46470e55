"""An import killed midway (the worker's machine restarted, the operator pressed Ctrl-C twice)
leaves no post half-written, and running it again completes it: every post once, every
comment once, as if it had never stopped."""

from __future__ import annotations

import datetime
import re
import signal
import subprocess
import time
from pathlib import Path

from tests.importing.builder import Comment, Post, write_export
from tests.live import base_env, query
from tests.processes import PYTHON, ROOT, manage

POSTS = 60
COMMENTS_PER_POST = 3
PATTERN = "question-%-about-skin-boosters%"  # the imported articles' slugs


def export(path: Path) -> None:
    posts = []
    for n in range(1, POSTS + 1):
        first = 10_000 + n * 10
        comments = [
            Comment(first, f"Thank you, this helped with question {n}."),
            Comment(first + 1, "Does it sting the first time?", parent=first),
            Comment(first + 2, "Only for a minute or two.", parent=first + 1),
        ]
        posts.append(
            Post(
                n,
                f"Question {n} readers ask about skin boosters",
                slug=f"question-{n}-about-skin-boosters",
                date=datetime.datetime(2023, 1, 1) + datetime.timedelta(days=n),
                comments=comments,
            )
        )
    with path.open("w", encoding="utf-8") as out:
        write_export(out, posts)


def imported_state(url: str) -> dict[str, int]:
    def one(sql: str) -> int:
        return query(url, sql, (PATTERN,))[0][0] if "%s" in sql else query(url, sql)[0][0]

    return {
        "posts mapped": one("SELECT count(*) FROM blog_importedobject WHERE kind = 'post'"),
        "articles": one("SELECT count(*) FROM wagtailcore_page WHERE slug LIKE %s"),
        "comments": one(
            "SELECT count(*) FROM blog_readercomment c JOIN wagtailcore_page p"
            " ON p.id = c.article_id WHERE p.slug LIKE %s"
        ),
    }


def test_an_import_killed_midway_completes_when_run_again(live_databases, tmp_path):
    url = live_databases.fresh()
    env = base_env(url)
    path = tmp_path / "export.xml"
    export(path)

    running = subprocess.Popen(
        [PYTHON, "manage.py", "import_wordpress", str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300
        while imported_state(url)["posts mapped"] < 5 and time.monotonic() < deadline:
            assert running.poll() is None, "the import ended before it could be interrupted"
            time.sleep(0.05)
    finally:
        running.send_signal(signal.SIGKILL)
        running.wait()

    stopped = imported_state(url)
    assert 5 <= stopped["posts mapped"] < POSTS
    # Each post was written with its comments in one transaction: none is half there.
    assert stopped["articles"] == stopped["posts mapped"]
    assert stopped["comments"] == stopped["posts mapped"] * COMMENTS_PER_POST

    manage(env, "import_wordpress", str(path), timeout=300)
    expected = {"posts mapped": POSTS, "articles": POSTS, "comments": POSTS * COMMENTS_PER_POST}
    assert imported_state(url) == expected
    slugs = [row[0] for row in query(url, "SELECT slug FROM wagtailcore_page")]
    assert not [slug for slug in slugs if slug.endswith("-boosters-2")]  # nothing twice

    again = manage(env, "import_wordpress", str(path), timeout=300)
    assert imported_state(url) == expected
    assert re.search(rf"posts unchanged\s+{POSTS}\n", again.stdout)
    assert "created" not in again.stdout
