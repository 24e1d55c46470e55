"""Real processes for the production tests: a migrated database of their own, gunicorn web
servers and management commands run as subprocesses, exactly as deployed.

The database is built once per test session (migrate + seed_demo) and copied for each user:
a file copy on SQLite, `CREATE DATABASE ... TEMPLATE` on PostgreSQL (when the suite runs with
DATABASE_URL=postgres://...). Nothing here is mocked: the processes share the database (and
Redis, when REDIS_URL is set) as a deployment's processes do.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
STATIC_ROOT = ROOT / ".pytest_cache" / "live-static"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


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

    @property
    def is_postgres(self) -> bool:
        return self.template_url.startswith("postgres")

    def fresh(self) -> str:
        name = f"clinic_live_{uuid.uuid4().hex[:10]}"
        if self.is_postgres:
            template = urlsplit(self.template_url).path.lstrip("/")
            with psycopg.connect(_admin_dsn(self.template_url), autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            url = _with_db_name(self.template_url, name)
        else:
            path = self.workdir / f"{name}.sqlite3"
            shutil.copyfile(urlsplit(self.template_url).path, path)
            url = f"sqlite:///{path}"
        self.made.append(url)
        return url

    def drop_all(self) -> None:
        if not self.is_postgres:
            return
        with psycopg.connect(_admin_dsn(self.template_url), autocommit=True) as conn:
            for url in [*self.made, self.template_url]:
                name = urlsplit(url).path.lstrip("/")
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def build_template(workdir: Path) -> DatabaseFactory:
    """Collect static files, and migrate and seed one database, for the whole session."""
    suite_url = os.environ.get("DATABASE_URL", "")
    if suite_url.startswith("postgres"):
        name = f"clinic_live_template_{os.getpid()}"
        with psycopg.connect(_admin_dsn(suite_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        url = _with_db_name(suite_url, name)
    else:
        url = f"sqlite:///{workdir / 'template.sqlite3'}"
    env = base_env(url)
    manage(env, "collectstatic", "--no-input", "-v0", timeout=300)
    manage(env, "migrate", "--no-input", "-v0", timeout=300)
    manage(env, "seed_demo", timeout=300)
    if url.startswith("postgres"):
        # A template database must have no open connections when it is copied.
        with psycopg.connect(_admin_dsn(url), autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [urlsplit(url).path.lstrip("/")],
            )
    return DatabaseFactory(template_url=url, workdir=workdir)


def http(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


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
        env = {
            **self.env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(self.workers),
            "GUNICORN_ACCESS_LOG": "",
        }
        self.log_path = ROOT / ".pytest_cache" / f"gunicorn-{self.port}.log"
        self.log_path.parent.mkdir(exist_ok=True)
        log = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603
            [GUNICORN, "-c", "deploy/gunicorn.conf.py", "cms.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
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
