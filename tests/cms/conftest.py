"""One production-like web process (gunicorn, DEBUG off, the demo content) shared by the
tests of what it serves as it is: static files, media. They only read, so one server does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.live import LiveServer, base_env
from tests.live_databases import DatabaseFactory


@pytest.fixture(scope="package")
def server(live_databases: DatabaseFactory) -> Iterator[LiveServer]:
    live = LiveServer(base_env(live_databases.fresh())).start()
    yield live
    live.stop()
