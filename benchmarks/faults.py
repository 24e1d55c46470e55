"""Fault benchmark: restart PostgreSQL under mixed API load on real gunicorn workers.

    .venv/bin/python benchmarks/faults.py [--duration 60] [--connections 32]
                                          [--restart-at SECONDS] [--no-restart]

Needs PostgreSQL 15 on 127.0.0.1:5432 (user postgres, trust auth; restarted with
`pg_ctlcluster 15 main restart`, so run it as root) and Redis on 127.0.0.1:6379. It creates
the database `clinic_bench_faults` (dropped first, dropped again at the end), migrates and
seeds it, flushes Redis db 14, and starts `gunicorn -c deploy/gunicorn.conf.py cms.wsgi` with
two workers and a production environment (DEBUG off, Redis cache, database task backend,
comment throttles raised so they are not what is measured) on a free loopback port.

Then DURATION seconds of load on N connections: 80% reads (article list, article details,
comment lists of the seeded articles), 20% comment POSTs with form tokens fetched beforehand
(gunicorn's sync workers close each connection after answering; http.client reopens it).
At --restart-at (default: halfway) PostgreSQL is restarted. The report: requests by status,
5xx (503 is the designed answer during the outage and must carry Retry-After and JSON; 500
must not happen), connection errors, accepted comments against rows stored, recovery time,
latency percentiles, and what the gunicorn log says. Exits 1 on any 500 or a lost comment.
A script, not a test: it restarts the whole cluster, so every other client sees it too.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import psycopg
import redis
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live import GUNICORN, base_env, free_port, manage  # noqa: E402
from tests.live import http as fetch  # noqa: E402

DB_NAME = "clinic_bench_faults"
ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
REDIS_URL = "redis://127.0.0.1:6379/14"
RESTART = ["pg_ctlcluster", "15", "main", "restart"]
POST_SHARE = 0.2
COMMENT = {"website": "", "parent": None, "consent": True, "notify_on_reply": False}
TOKEN_MIN_AGE = 3.2  # seconds; the API refuses form tokens younger than 3 s


@dataclass
class Result:
    kind: str  # list, detail, comments, post
    path: str
    start: float  # seconds since the load started
    end: float
    status: int  # 0: connection error
    error: str = ""  # the connection error's type
    json_ok: bool = True  # a JSON object with a JSON content type
    retry_after: bool = False
    comment_id: int | None = None
    body: bytes = b""  # kept for errors and non-JSON answers


def drop_database(*, create: bool = False) -> None:
    name = sql.Identifier(DB_NAME)
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if create:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def stored_comment_ids(marker: str) -> set[int]:
    with psycopg.connect(DATABASE_URL.replace("postgres://", "postgresql://")) as conn:
        query = "SELECT id FROM blog_readercomment WHERE body LIKE %s"
        return {row[0] for row in conn.execute(query, [f"{marker} %"])}


def start_gunicorn(env: dict[str, str], port: int, log_path: Path) -> subprocess.Popen:
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [GUNICORN, "-c", "deploy/gunicorn.conf.py", "cms.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us, not gunicorn: we stop it ourselves
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log_path.read_text()}")
        try:
            if fetch("GET", f"http://127.0.0.1:{port}/health/live/", timeout=2)[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start:\n{log_path.read_text()}")


def stop_gunicorn(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # the master stops its workers gracefully
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # its own session: master and workers
            process.wait(10)


def get_json(port: int, path: str) -> dict:
    status, _, body = fetch("GET", f"http://127.0.0.1:{port}{path}")
    if status != 200:
        raise RuntimeError(f"GET {path}: {status} {body[:300]!r}")
    return json.loads(body)


class Load:
    """The request mix and the restart; each client thread keeps its own list of results."""

    def __init__(self, port: int, slugs: list[str], open_slugs: list[str], clients: int) -> None:
        self.port = port
        self.reads = [("list", "/api/v1/articles/"), ("list", "/api/v1/articles/?ordering=title")]
        self.reads += [("list", f"/api/v1/articles/?page_size=5&page={n}") for n in (1, 2)]
        self.reads += [("detail", f"/api/v1/articles/{slug}/") for slug in slugs]
        self.reads += [("comments", f"/api/v1/articles/{slug}/comments/") for slug in slugs]
        self.open_slugs = open_slugs
        self.marker = f"faults-{uuid.uuid4().hex[:8]}"  # starts every comment body of this run
        # Tokens are bound to an article, not to a client or a single use.
        self.tokens = {
            slug: get_json(port, f"/api/v1/articles/{slug}/comments/form-token/")["form_token"]
            for slug in open_slugs
        }
        self.tokens_issued = time.monotonic()
        self.results: list[list[Result]] = [[] for _ in range(clients)]
        self.stop = threading.Event()
        self.t0 = 0.0
        self.restart: tuple[float, float] | None = None  # started, finished
        self.restart_error = ""

    def comment(self, client: int, n: int, slug: str) -> bytes:
        body = f"{self.marker} {client}-{n}: my skin healed well after the session."
        who = {"name": f"Bench reader {client}", "email": f"bench{client}@example.org"}
        data = {**COMMENT, **who, "body": body, "form_token": self.tokens[slug]}
        return json.dumps(data).encode()

    def client(self, number: int, deadline: float) -> None:
        rng = random.Random(number)  # noqa: S311 - a request mix, not a secret
        results = self.results[number]
        conn: http.client.HTTPConnection | None = None
        while not self.stop.is_set() and time.monotonic() < deadline:
            if rng.random() < POST_SHARE:
                slug = rng.choice(self.open_slugs)
                kind, method, path = "post", "POST", f"/api/v1/articles/{slug}/comments/"
                body: bytes | None = self.comment(number, len(results), slug)
                headers = {"Content-Type": "application/json"}
            else:
                (kind, path), method, body, headers = rng.choice(self.reads), "GET", None, {}
            start = time.monotonic() - self.t0
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
            except (OSError, http.client.HTTPException) as error:
                if conn is not None:
                    conn.close()
                conn = None  # reconnect for the next request
                end = time.monotonic() - self.t0
                results.append(Result(kind, path, start, end, 0, error=type(error).__name__))
                continue
            result = Result(kind, path, start, time.monotonic() - self.t0, response.status)
            result.retry_after = response.getheader("Retry-After") is not None
            try:
                parsed = json.loads(data)
            except ValueError:
                parsed = None
            json_type = (response.getheader("Content-Type") or "").startswith("application/json")
            result.json_ok = json_type and isinstance(parsed, dict)
            if response.status == 201 and isinstance(parsed, dict):
                result.comment_id = parsed.get("id")
            if response.status >= 400 or not result.json_ok:
                result.body = data[:300]
            results.append(result)
        if conn is not None:
            conn.close()

    def restart_postgres(self, at: float) -> None:
        if self.stop.wait(max(0.0, self.t0 + at - time.monotonic())):
            return
        started = time.monotonic() - self.t0
        # Its own session: a Ctrl-C must not leave the cluster half restarted.
        done = subprocess.run(
            RESTART, capture_output=True, text=True, check=False, start_new_session=True
        )
        self.restart = (started, time.monotonic() - self.t0)
        if done.returncode:
            self.restart_error = f"exit {done.returncode}: {done.stdout}{done.stderr}".strip()


def percentiles(values: list[float]) -> str:
    if len(values) < 2:
        return "-"
    q = statistics.quantiles(values, n=100, method="inclusive")
    return f"p50 {q[49] * 1000:7.1f} ms  p99 {q[98] * 1000:7.1f} ms  (n={len(values)})"


def summarise_log(text: str) -> list[str]:
    """What the server logged: Django's request errors, the exceptions, gunicorn's errors."""
    patterns = {
        "request": r"^(Internal Server Error: \S+|Service Unavailable(?=: ))",
        "exception": r"^([\w.]+(?:Error|Exception|Timeout)\b.{0,120})",
        "gunicorn": r"^\[[^]]*\] \[\d+\] (\[(?:ERROR|CRITICAL|WARNING)\].{0,100})",
    }
    out = []
    for label, pattern in patterns.items():
        found = Counter(m.group(1) for line in text.splitlines() if (m := re.match(pattern, line)))
        out += [f"  {label} {n}x: {line}" for line, n in found.most_common(10)]
    return out or ["  (nothing logged at error level)"]


def report(load: Load, elapsed: float, stored: set[int], log_text: str, log_path: Path) -> bool:
    results = sorted((r for rs in load.results for r in rs), key=lambda r: r.end)
    statuses = Counter(r.status for r in results if r.status)
    errors = Counter(r.error for r in results if not r.status)
    by_kind = Counter((r.kind, r.status) for r in results)
    print(f"\nrequests: {len(results)} ({len(results) / elapsed:.0f}/s)")
    print("by status: " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    for kind in ("list", "detail", "comments", "post"):
        row = sorted((s, n) for (k, s), n in by_kind.items() if k == kind)
        print(f"  {kind:9s} " + ", ".join(f"{s or 'conn-error'}: {n}" for s, n in row))
    print(f"connection errors: {sum(errors.values())}" + (f" {dict(errors)}" if errors else ""))

    s503 = [r for r in results if r.status == 503]
    bad503 = [r for r in s503 if not (r.retry_after and r.json_ok)]
    s500 = [r for r in results if r.status == 500]
    other = Counter(r.status for r in results if r.status > 500 and r.status != 503)
    print(
        f"5xx: 500: {len(s500)}; 503: {len(s503)} ({len(s503) - len(bad503)} with Retry-After "
        f"and a JSON body, {len(bad503)} without); other: {dict(other) or 0}"
    )
    not_json = [r for r in results if r.status and not r.json_ok]
    print(f"answers that are not a JSON object: {len(not_json)}")
    odd = [*s500, *bad503, *not_json, *(r for r in results if 400 <= r.status < 500)]
    for (status, path, body), n in Counter((r.status, r.path, r.body) for r in odd).most_common(8):
        print(f"  {n}x {status} {path}: {body[:160]!r}")

    accepted = {r.comment_id for r in results if r.status == 201 and r.comment_id}
    missing = accepted - stored
    print(
        f"comments: accepted (201) {len(accepted)}, stored {len(stored)}, accepted but "
        f"missing {len(missing)}, stored without a 201 {len(stored - accepted)}"
    )
    if load.restart:
        started, finished = load.restart
        print(f"restart: `{' '.join(RESTART)}` from {started:.2f} s to {finished:.2f} s")
        if load.restart_error:
            print(f"  restart FAILED: {load.restart_error}")
        if failed := [r.end for r in results if r.status == 0 or r.status >= 500]:
            span = f"{min(failed):.2f} s to {max(failed):.2f} s"
            print(f"  failures (5xx, connection errors) answered from {span}")
        meanwhile = sum(1 for r in results if r.status < 300 and started <= r.end <= finished)
        print(f"  successful answers while the restart command ran: {meanwhile}")
        for status in (200, 201):
            after = [r.end for r in results if r.status == status and r.start >= finished]
            first = f"{min(after) - finished:.2f} s after it" if after else "never"
            print(f"  first {status} to a request sent after the restart finished: {first}")
    else:
        print("restart: none")

    ok = [r for r in results if r.status and r.status < 400]
    print("latency of successful answers:")
    print(f"  all    {percentiles([r.end - r.start for r in ok])}")
    print(f"  reads  {percentiles([r.end - r.start for r in ok if r.kind != 'post'])}")
    print(f"  posts  {percentiles([r.end - r.start for r in ok if r.kind == 'post'])}")
    print(f"gunicorn log ({log_path}):")
    print("\n".join(summarise_log(log_text)))

    failures = [] if ok else ["no request succeeded"]
    failures += [f"{len(s500)} answers with status 500"] if s500 else []
    failures += [f"{len(missing)} accepted comments not stored"] if missing else []
    failures += ["the PostgreSQL restart failed"] if load.restart_error else []
    print("\nresult: " + ("FAIL: " + "; ".join(failures) if failures else "OK"))
    return not failures


def run(args: argparse.Namespace) -> bool:
    workdir = Path(tempfile.mkdtemp(prefix="clinic-bench-faults-"))
    log_path = workdir / "gunicorn.log"
    env = base_env(
        DATABASE_URL,
        REDIS_URL=REDIS_URL,
        TASKS_BACKEND="database",
        GUNICORN_WORKERS="2",
        GUNICORN_ACCESS_LOG="",  # off
        COMMENTS_RATE_PER_CLIENT="100000/min",
        COMMENTS_RATE_PER_ARTICLE="100000/min",
        COMMENTS_FORM_TOKEN_MAX_POSTS="100000",  # noqa: S106 - a count, not a secret
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        ALLOWED_HOSTS="127.0.0.1",
        SECRET_KEY="faults-benchmark-secret-key-" + "x" * 40,
        EMAIL_URL="consolemail://",
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
    )
    server: subprocess.Popen | None = None
    load: Load | None = None
    restarter: threading.Thread | None = None
    try:
        print(f"database {DB_NAME}: create, migrate, seed_demo; collectstatic into {workdir}")
        drop_database(create=True)
        redis.Redis.from_url(REDIS_URL).flushdb()
        manage(env, "migrate", "--no-input", "-v0", timeout=600)
        manage(env, "seed_demo", timeout=600)
        manage(env, "collectstatic", "--no-input", "-v0", timeout=600)
        port = free_port()
        server = start_gunicorn(env, port, log_path)
        slugs = [a["slug"] for a in get_json(port, "/api/v1/articles/?page_size=100")["results"]]
        open_slugs = [s for s in slugs if get_json(port, f"/api/v1/articles/{s}/comments/")["open"]]
        if not open_slugs:
            raise RuntimeError("no seeded article accepts comments")
        load = Load(port, slugs, open_slugs, args.connections)
        time.sleep(max(0.0, load.tokens_issued + TOKEN_MIN_AGE - time.monotonic()))
        restart = "no restart" if args.no_restart else f"restart at {args.restart_at:.1f} s"
        print(
            f"gunicorn on 127.0.0.1:{port}, 2 workers; {len(slugs)} articles "
            f"({len(open_slugs)} open for comments); {args.duration:.0f} s at "
            f"{args.connections} connections, {POST_SHARE:.0%} comment POSTs, {restart}"
        )
        load.t0 = time.monotonic()
        deadline = load.t0 + args.duration
        clients = [
            threading.Thread(target=load.client, args=(n, deadline), daemon=True)
            for n in range(args.connections)
        ]
        if not args.no_restart:
            restarter = threading.Thread(target=load.restart_postgres, args=(args.restart_at,))
            restarter.start()
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join()
        if restarter is not None:
            restarter.join()
        elapsed = time.monotonic() - load.t0
        stored = stored_comment_ids(load.marker)
        stop_gunicorn(server)
        kept_log = Path(tempfile.gettempdir()) / f"clinic-bench-faults-gunicorn-{port}.log"
        shutil.copyfile(log_path, kept_log)
        return report(load, elapsed, stored, kept_log.read_text(), kept_log)
    finally:
        if load is not None:
            load.stop.set()
        if restarter is not None:
            restarter.join()  # never drop the database while the cluster is restarting
        if server is not None:
            stop_gunicorn(server)
        drop_database()
        shutil.rmtree(workdir, ignore_errors=True)
        print(f"cleaned up: {'gunicorn stopped, ' if server else ''}database {DB_NAME} dropped")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--restart-at", type=float, help="seconds into the load (default: half)")
    parser.add_argument("--no-restart", action="store_true", help="load only, no restart")
    args = parser.parse_args()
    if args.restart_at is None:
        args.restart_at = args.duration / 2
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # clean up as on Ctrl-C
    try:
        sys.exit(0 if run(args) else 1)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    main()
