"""The live tests' databases: one template per test run (migrated and seeded, SQLite or
PostgreSQL), built by the first test process that needs it and shared by pytest-xdist's
workers under a file lock, and fresh copies of it for each test (a file copy on SQLite,
`CREATE DATABASE ... TEMPLATE` on PostgreSQL). Servers and processes are tests/live.py."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from tests.live import base_env, require_postgres
from tests.processes import PYTHON, ROOT, manage

MIGRATED = "migrated.sqlite3"  # beside the SQLite template: the same, before seeding


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
