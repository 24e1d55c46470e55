"""Real-browser tests: Debian's Chromium, driven by Playwright, against Django's live server.

The browser is the system's own (/usr/bin/chromium, the `chromium` package): nothing here
downloads one. `pytest tests/browser -m browser` runs these alone (docs/development.md,
"Browser tests"); a failing test leaves a screenshot in test-results/.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or ""


SCREENSHOTS = Path("test-results") / "browser"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session", autouse=True)
def _orm_beside_playwright():
    """Playwright's sync API runs an event loop on the test's thread; the ORM calls a test
    makes between browser steps (and the test database's setup) are ordinary blocking calls
    on that thread, which Django allows with this switch. Set only while browser tests run,
    before any other session fixture, so it never reaches another test's subprocess."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, tmp_path_factory):
    """On SQLite, the journeys' database is a file, as `dev.py up` serves. An in-memory test
    database is one connection that the live server shares between all its request threads,
    so two requests at once (the editor's autosave or preview beside a publish) interleave
    their transactions on it and fail with "database table is locked", which no deployment
    can do. With a file, each request has its own connection, as in production."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        path = tmp_path_factory.mktemp("browser-db") / "journeys.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


@pytest.fixture(autouse=True)
def _needs_chromium():
    if not CHROMIUM:
        pytest.skip("Chromium is not installed: apt-get install chromium (.ci/run does)")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/London"}


@pytest.fixture
def page(page, live_server, request):
    """Playwright's page, closed before the live server's database is emptied: depending on
    live_server makes it start after, and end before, the database of the test. A failing
    test leaves a screenshot of the whole page in test-results/browser/."""
    from django.db import connection

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.fail("the journeys need their database file: run them alone (dev.py browser)")
    page.set_default_timeout(10_000)  # a step that waits longer has failed
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "-", request.node.nodeid)[-150:]
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    # The editor saves drafts in the background (Wagtail's autosave): leave the page, so no
    # request is still writing when the test's data is flushed.
    page.goto("about:blank")
    page.wait_for_timeout(300)
