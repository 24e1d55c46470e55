"""Real processes for the production tests: gunicorn web servers and management commands run
as subprocesses, exactly as deployed, on databases of their own (tests/live_databases.py:
one migrated, seeded template per test run, copied for each user). Nothing here is mocked:
the processes share the database (and Redis, when a test sets REDIS_URL) as a deployment's
processes do.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from tests.processes import ROOT

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
# One per test process: collectstatic rewrites the manifest (deleting it first), and a server
# of a concurrent test run that starts in that moment would 500 on every page with an asset.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="clinic-live-static-"))
atexit.register(shutil.rmtree, STATIC_ROOT, ignore_errors=True)
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/12"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def reachable(url: str, timeout: float = 3) -> bool:
    """Whether anything accepts TCP connections at the URL's host and port."""
    parts = urlsplit(url)
    default_port = {"redis": 6379, "rediss": 6379}.get(parts.scheme, 5432)
    try:
        socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), timeout
        ).close()
    except OSError:
        return False
    return True


def postgres_server_url() -> str:
    """The PostgreSQL server for live tests: the suite's own, else LIVE_POSTGRES_URL."""
    suite_url = os.environ.get("DATABASE_URL", "")
    if suite_url.startswith("postgres"):
        return suite_url
    return os.environ.get("LIVE_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def require_postgres() -> str:
    """The server URL; skips the test only when nothing listens there at all (a server that
    answers but refuses us is a failure to see, not a reason to skip)."""
    url = postgres_server_url()
    if not reachable(url):
        pytest.skip(f"PostgreSQL is unreachable at {urlsplit(url).netloc}")
    return url


def redis_server_url() -> str:
    """Redis for live tests: LIVE_REDIS_URL, else the suite's REDIS_URL, else database 12.
    Under pytest-xdist each worker takes its own database below that one (gw1: one lower),
    so two workers' live servers never share cached state."""
    url = os.environ.get("LIVE_REDIS_URL") or os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.removeprefix("gw").isdigit():
        return url
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return parts._replace(path=f"/{(base - int(worker[2:])) % 16}").geturl()


def require_redis() -> str:
    url = redis_server_url()
    if not reachable(url):
        pytest.skip(f"Redis is unreachable at {urlsplit(url).netloc}")
    return url


def base_env(database_url: str, **extra: str) -> dict[str, str]:
    """A production-like environment (DEBUG off) on plain HTTP for loopback tests."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST", "DJANGO_", "AWS_", "GUNICORN_")) and k != "REDIS_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.base",
        DEBUG="0",
        SECRET_KEY="live-test-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        EMAIL_URL="consolemail://",
        STATIC_ROOT=str(STATIC_ROOT),
        MEDIA_ROOT=str(ROOT / ".pytest_cache" / "live-media"),
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        PYTHONUNBUFFERED="1",
        # Live tests post forms at once; waiting out the minimum age would race the clock
        # on a loaded machine. tests/comments/test_form_tokens.py tests the minimum age itself.
        COMMENTS_FORM_MIN_SECONDS="0",
    )
    env.update(extra)
    return env


def query(database_url: str, sql: str, params: tuple | list = ()) -> list[tuple]:
    """Run one SQL statement on a live database (SQLite file or PostgreSQL), committed, and
    return its rows: what a test checks must come from the database, not from the server it
    is testing. Placeholders are written %s for both."""
    if database_url.startswith("postgres"):
        with psycopg.connect(_with_scheme(database_url), autocommit=True) as conn:
            cursor = conn.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
    conn = sqlite3.connect(urlsplit(database_url).path, timeout=30)
    try:
        with conn:  # commits
            return conn.execute(sql.replace("%s", "?"), params).fetchall()
    finally:
        conn.close()


def _with_scheme(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(scheme="postgresql"))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs) -> None:
        return None  # the 3xx itself comes back, as an HTTPError


_no_redirects = urllib.request.build_opener(_NoRedirects)


def http(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
    follow_redirects: bool = True,
) -> tuple[int, dict[str, str], bytes]:
    """One request; any HTTP status is returned, not raised. With follow_redirects=False a
    redirect is returned as it was sent (an HTTPS redirect cannot be followed on loopback)."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})  # noqa: S310
    opener = urllib.request.urlopen if follow_redirects else _no_redirects.open
    try:
        with opener(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def lower_headers(headers: dict[str, str]) -> dict[str, str]:
    """Response headers by lower-case name (HTTP names are case-insensitive)."""
    return {name.lower(): value for name, value in headers.items()}


@dataclass
class LiveServer:
    """A gunicorn web process (or several workers) on a loopback port."""

    env: dict[str, str]
    workers: int = 1
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> LiveServer:
        return self.launch().wait_ready(timeout)

    def launch(self) -> LiveServer:
        """Start gunicorn without waiting for it (see `start_all`)."""
        env = {
            **self.env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(self.workers),
            "GUNICORN_ACCESS_LOG": "",
        }
        self.log_path = ROOT / ".pytest_cache" / f"gunicorn-{self.port}.log"
        self.log_path.parent.mkdir(exist_ok=True)
        with self.log_path.open("w") as log:  # the child keeps its own descriptor
            self.process = subprocess.Popen(
                [GUNICORN, "-c", "deploy/gunicorn.conf.py", "cms.wsgi"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def wait_ready(self, timeout: float = 60) -> LiveServer:
        """Wait until /health/live/ answers (it needs no database, so this works in outages)."""
        assert self.process is not None, "launch() first"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{self.log()}")
            try:
                if http("GET", f"{self.url}/health/live/", timeout=2)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not start:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path and self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL the whole process group: a crash, not a shutdown."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def get(self, path: str, **kwargs) -> tuple[int, dict[str, str], bytes]:
        return http("GET", self.url + path, **kwargs)

    def post(self, path: str, body: bytes, **kwargs) -> tuple[int, dict[str, str], bytes]:
        headers = {"Content-Type": "application/json", **kwargs.pop("headers", {})}
        return http("POST", self.url + path, body=body, headers=headers, **kwargs)


def start_all(*servers: LiveServer, timeout: float = 60) -> tuple[LiveServer, ...]:
    """Start several servers side by side: their imports overlap instead of queueing."""
    for server in servers:
        server.launch()
    try:
        for server in servers:
            server.wait_ready(timeout)
    except BaseException:
        stop_all(*servers)
        raise
    return servers


def stop_all(*servers: LiveServer) -> None:
    """Stop several servers side by side: each takes a second or two to shut down."""
    for server in servers:
        if server.process and server.process.poll() is None:
            os.killpg(server.process.pid, signal.SIGTERM)
    for server in servers:
        server.stop()
