"""One production-like web process (gunicorn, DEBUG off, the demo content) shared by the
tests of what it serves as it is: static files, media. They only read, so one server does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.live import DatabaseFactory, LiveServer, base_env


@pytest.fixture(scope="package")
def server(live_databases: DatabaseFactory) -> Iterator[LiveServer]:
    live = LiveServer(base_env(live_databases.fresh())).start()
    yield live
    live.stop()
