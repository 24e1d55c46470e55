"""Real-browser tests: Debian's Chromium, driven by Playwright, against Django's live server.

The browser is the system's own (/usr/bin/chromium, the `chromium` package): nothing here
downloads one. `pytest tests/browser -m browser` runs these alone (README, "Browser tests");
a failing test leaves a screenshot in test-results/.
"""

from __future__ import annotations

import os
import shutil

import pytest

# Playwright's sync API runs an event loop on the test's thread; the ORM calls the tests make
# between browser steps are ordinary blocking calls on that thread, which Django allows with
# this switch.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or ""


def pytest_configure(config) -> None:
    # A screenshot of every failing journey, without anyone having to ask for it.
    if getattr(config.option, "screenshot", None) == "off":
        config.option.screenshot = "only-on-failure"


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
