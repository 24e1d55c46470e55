"""Real processes for the production tests: a migrated database of their own, gunicorn web
servers and management commands run as subprocesses, exactly as deployed.

The database is built once per test run (migrate + seed_demo), by the first test process
that needs it (pytest-xdist's workers share it: shared_template), and copied for each user:
a file copy on SQLite, `CREATE DATABASE ... TEMPLATE` on PostgreSQL (when the suite runs with
DATABASE_URL=postgres://...). Tests that need PostgreSQL even on a SQLite run (outages of a
network database) get copies from `postgres_databases`, built once per session on the server
of LIVE_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres). Nothing here is
mocked: the processes share the database (and Redis, when a test sets REDIS_URL) as a
deployment's processes do.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import json
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
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from tests.processes import PYTHON, ROOT, manage

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
# One per test process: collectstatic rewrites the manifest (deleting it first), and a server
# of a concurrent test run that starts in that moment would 500 on every page with an asset.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="clinic-live-static-"))
atexit.register(shutil.rmtree, STATIC_ROOT, ignore_errors=True)
MIGRATED = "migrated.sqlite3"  # beside the SQLite template: the same, before seeding
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


def _with_db_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin_dsn(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))


@dataclass
class DatabaseFactory:
    """Fresh copies of one migrated, seeded database."""

    template_url: str
    workdir: Path
    made: list[str] = field(default_factory=list)
    # Shared between test processes: CREATE DATABASE ... TEMPLATE one at a time (a copy in
    # progress holds the template), and the last process to finish drops the template.
    lock: Path | None = None
    owns_template: bool = True

    @property
    def is_postgres(self) -> bool:
        return self.template_url.startswith("postgres")

    def fresh(self) -> str:
        name = f"clinic_live_{uuid.uuid4().hex[:10]}"
        if self.is_postgres:
            template = urlsplit(self.template_url).path.lstrip("/")
            with (
                _locked(self.lock),
                psycopg.connect(_admin_dsn(self.template_url), autocommit=True) as conn,
            ):
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            url = _with_db_name(self.template_url, name)
        else:
            path = self.workdir / f"{name}.sqlite3"
            shutil.copyfile(urlsplit(self.template_url).path, path)
            url = f"sqlite:///{path}"
        self.made.append(url)
        return url

    def fresh_unseeded(self) -> str | None:
        """A copy of the SQLite template as it was migrated, before the demo was seeded (None
        on PostgreSQL)."""
        if self.is_postgres:
            return None
        path = self.workdir / f"clinic_unseeded_{uuid.uuid4().hex[:10]}.sqlite3"
        shutil.copyfile(Path(urlsplit(self.template_url).path).with_name(MIGRATED), path)
        return f"sqlite:///{path}"

    def drop_all(self) -> None:
        if not self.is_postgres:
            return
        dropped = [*self.made, self.template_url] if self.owns_template else self.made
        with psycopg.connect(_admin_dsn(self.template_url), autocommit=True) as conn:
            for url in dropped:
                name = urlsplit(url).path.lstrip("/")
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_collectstatic: subprocess.Popen | None = None


def collect_static(*, wait: bool = True) -> None:
    """collectstatic once per test process (every server of the process shares STATIC_ROOT);
    wait=False starts it in the background, to overlap with migrating a database."""
    global _collectstatic
    if _collectstatic is None:
        _collectstatic = subprocess.Popen(
            [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=ROOT,
            env=base_env("sqlite://:memory:"),  # it needs no database
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
    if wait:
        done = _collectstatic.returncode is not None
        output = "" if done else _collectstatic.communicate(timeout=300)[0]
        if _collectstatic.returncode != 0:
            raise AssertionError(f"manage.py collectstatic failed:\n{output}")


def build_template(workdir: Path, *, postgres_url: str | None = None) -> DatabaseFactory:
    """Collect static files, and migrate and seed one database, for the whole session: on the
    suite's database engine, or on the PostgreSQL server of `postgres_url` when given."""
    server_url = postgres_url or os.environ.get("DATABASE_URL", "")
    if server_url.startswith("postgres"):
        name = f"clinic_live_template_{os.getpid()}"
        with psycopg.connect(_admin_dsn(server_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        url = _with_db_name(server_url, name)
    else:
        url = f"sqlite:///{workdir / 'template.sqlite3'}"
    env = base_env(url)
    collect_static(wait=False)
    manage(env, "migrate", "--no-input", "-v0", timeout=300)
    if not url.startswith("postgres"):
        shutil.copyfile(workdir / "template.sqlite3", workdir / MIGRATED)
    manage(env, "seed_demo", timeout=300)
    collect_static()
    if url.startswith("postgres"):
        # A template database must have no open connections when it is copied.
        with psycopg.connect(_admin_dsn(url), autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [urlsplit(url).path.lstrip("/")],
            )
    return DatabaseFactory(template_url=url, workdir=workdir)


@contextlib.contextmanager
def _locked(path: Path | None):
    if path is None:
        yield
        return
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_directory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory of this test run that every pytest-xdist worker of it shares (a run
    without workers has its own base directory)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def shared_template(
    run_dir: Path, workdir: Path, *, postgres_url: str | None = None
) -> DatabaseFactory:
    """The run's template, built by the first test process that asks (the others wait for it
    and use it): building one costs a migrate and a seed, twice over with two workers.
    `run_dir` is the directory every process of the run shares (pytest's base temporary
    directory's parent); each process releases the template with `release`."""
    server_url = postgres_url or os.environ.get("DATABASE_URL", "")
    kind = "postgres" if server_url.startswith("postgres") else "sqlite"
    lock = run_dir / f"live-template-{kind}.lock"
    record = run_dir / f"live-template-{kind}.json"
    with _locked(lock):
        shared = json.loads(record.read_text()) if record.exists() else None
        if shared is None:
            folder = run_dir / f"live-template-{kind}"
            folder.mkdir(exist_ok=True)
            built = build_template(folder, postgres_url=postgres_url)
            shared = {"url": built.template_url, "users": 0}
        else:
            collect_static()
        shared["users"] += 1
        record.write_text(json.dumps(shared))
    return DatabaseFactory(
        template_url=shared["url"], workdir=workdir, lock=lock, owns_template=False
    )


def release(factory: DatabaseFactory, run_dir: Path) -> None:
    """Drop this process's copies; the last process to release the template drops it too."""
    kind = "postgres" if factory.is_postgres else "sqlite"
    record = run_dir / f"live-template-{kind}.json"
    with _locked(factory.lock):
        shared = json.loads(record.read_text())
        shared["users"] -= 1
        factory.owns_template = shared["users"] <= 0
        if factory.owns_template:
            record.unlink()
        else:
            record.write_text(json.dumps(shared))
        factory.drop_all()


_POSTGRES = pytest.StashKey[DatabaseFactory]()


def postgres_databases(request: pytest.FixtureRequest) -> DatabaseFactory:
    """Copies of a migrated, seeded PostgreSQL database, also when the suite runs on SQLite.

    On a PostgreSQL run these are the `live_databases` copies. Otherwise a PostgreSQL template
    is built at the first call and dropped when the session ends. Skips when PostgreSQL is
    unreachable.
    """
    server_url = require_postgres()
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return request.getfixturevalue("live_databases")
    config = request.config
    if _POSTGRES not in config.stash:
        # The work directory only ever holds SQLite copies; these are all on the server.
        run_dir = run_directory(request.getfixturevalue("tmp_path_factory"))
        factory = shared_template(run_dir, Path(tempfile.gettempdir()), postgres_url=server_url)
        config.add_cleanup(lambda: release(factory, run_dir))
        config.stash[_POSTGRES] = factory
    return config.stash[_POSTGRES]


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
