"""The API against its peers, on the same data and the same server, in one run.

    python3 dev.py bench                    # or: .venv/bin/python benchmarks/compare.py

For each size (BENCH_SIZES, default 200 and 10,000 generated articles beside the demo ones)
it seeds a database once (kept in benchmarks/.work/ for the next run), starts two real
gunicorn servers of two workers each, one with the response cache and one without
(API_RESPONSE_CACHE_TIMEOUT=0), and loads in interleaved rounds (BENCH_ROUNDS of
BENCH_SECONDS each): our /api/v1/ endpoints (cached, uncached, 304s, comments, search,
sync, taxonomy), stock Wagtail's /api/v2/ on the same pages, a bare Django JSON view and a
plain DRF list of the same comments (cms/benchmark_views.py), and a static file served by
WhiteNoise. Load comes from wrk when installed, else a Python generator (benchmarks/load.py).
Then languages (benchmarks/languages.py): list and detail with 10,000 articles in each of
two locales against one language, by default, `?locale=fr` and Accept-Language.

It prints a table (requests per second, p50/p99, the ratio to each row's peer), the query
count of every /api/v1/ read at each size, the workers' memory, and the issue's goals met
or not; and writes benchmarks/results/compare.{md,json,png}. BENCH_DATABASE_URL (a
PostgreSQL server URL) runs on PostgreSQL instead of SQLite, and BENCH_REDIS_URL gives the
servers a shared Redis cache, as in production. Timings vary with the machine:
compare ratios, not absolute figures.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import languages, load  # noqa: E402
from benchmarks.report import Row, report  # noqa: E402
from benchmarks.smaps import resident_mb  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
WORK = ROOT / "benchmarks" / ".work"
ARTICLE = "your-skin-after-microneedling"  # a demo article with approved comments
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "200,10000").split(",")]
SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
RANKED = "/api/v1/search/?q=redness+after+peel"
TYPO = "/api/v1/search/?q=microneedeling+redness"
SUGGEST = "/api/v1/search/suggest/?q=micr"


@dataclass
class Case:
    name: str
    server: str  # "cached" or "uncached"
    path: str
    peer: str = ""  # the row this one is compared with
    headers: dict[str, str] = field(default_factory=dict)
    # One connection: a request's own time, without waiting behind others (the issue's
    # latency goals were measured so); else wrk's eight.
    connections: int = 8


def database_url(size: int) -> str:
    server = os.environ.get("BENCH_DATABASE_URL", "")
    if server.startswith("postgres"):
        return server.rstrip("/").rsplit("/", 1)[0] + f"/clinic_bench_{size}"
    return f"sqlite:///{WORK / f'bench-{size}.sqlite3'}"


def base_env(url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.pop("REDIS_URL", None)
    if redis := os.environ.get("BENCH_REDIS_URL", ""):  # as in production; else each
        env["REDIS_URL"] = redis  # worker's own memory cache, as in the embedded default
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.base",
        DEBUG="0",
        SECRET_KEY="benchmark-only-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=url,
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=str(WORK / "static"),
        MEDIA_ROOT=str(WORK / "media"),
        WAGTAILADMIN_BASE_URL="http://localhost",
        EMAIL_URL="consolemail://",
        BENCHMARK_VIEWS="1",
        TASKS_BACKEND="immediate",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=3600)


def prepare(size: int) -> str:
    """Migrate and seed the size's database once; later runs reuse it."""
    url = database_url(size)
    marker = WORK / f"ready-{urlsplit(url).path.rsplit('/', 1)[-1]}"
    if marker.exists():
        # New migrations apply to a kept database; rows they add are filled after migrating.
        manage(base_env(url), "migrate", "--no-input", "-v0")
        manage(base_env(url), "render_articles")  # what the migrations left stale
        return url
    if url.startswith("postgres"):
        import psycopg

        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin.replace("postgres://", "postgresql://", 1)) as conn:
            conn.autocommit = True
            conn.execute(f"DROP DATABASE IF EXISTS clinic_bench_{size} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE clinic_bench_{size}")
    print(f"seeding {size:,} articles into {url} (once)", flush=True)
    env = base_env(url)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "seed_demo", "--scale", str(size))
    marker.write_text(url)
    return url


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    url: str

    def rss_mb(self) -> tuple[float, float]:
        """The largest resident memory of the master's workers, and how much of it is the
        SQLite database mapped into memory (cms.settings: mmap_size): pages of the OS page
        cache that every process shares, not the worker's own."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        sizes = []
        for pid in children.read_text().split() if children.exists() else []:
            status = Path(f"/proc/{pid}/status").read_text()
            kb = next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS"))
            sizes.append((int(kb) / 1024, resident_mb(pid)[1]))
        return max(sizes, default=(0.0, 0.0))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def start_server(env: dict[str, str]) -> Server:
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"}
    # No recycling: at these rates the production default (a new worker every 2,000
    # requests) restarts one every second or two, and every row measures the restarts.
    env["GUNICORN_MAX_REQUESTS"] = "0"
    env["GUNICORN_ACCESS_LOG"] = ""
    process = subprocess.Popen(
        [GUNICORN, "-c", "deploy/gunicorn.conf.py", "cms.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Server(process, f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{server.url}/health/live/", timeout=2):  # noqa: S310
                return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise SystemExit("gunicorn did not start")


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[bytes, dict]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.read(), dict(response.headers)
    except urllib.error.HTTPError as answer:  # a 304 is an answer too
        return answer.read(), dict(answer.headers)


def get(url: str) -> tuple[dict, dict]:
    body, headers = fetch(url)
    return json.loads(body), headers


def static_file() -> str:
    found = sorted((WORK / "static").rglob("*.css"))
    return "/static/" + found[0].relative_to(WORK / "static").as_posix()


def cases(cached: Server) -> list[Case]:
    v2 = "/api/v2/pages/?type=blog.ArticlePage&fields=*&limit=20"
    found, _ = get(f"{cached.url}/api/v2/pages/?type=blog.ArticlePage&slug={ARTICLE}")
    page_id = found["items"][0]["id"]
    _, headers = get(f"{cached.url}/api/v1/articles/")
    detail = f"/api/v1/articles/{ARTICLE}/"
    return [
        Case("bare Django JSON view", "cached", "/bench/json/"),
        Case("static file (WhiteNoise)", "cached", static_file()),
        Case("v2 list, fields=*", "cached", v2),
        Case("v2 detail", "cached", f"/api/v2/pages/{page_id}/"),
        Case("v1 list, uncached", "uncached", "/api/v1/articles/", peer="v2 list, fields=*"),
        Case("v1 list, cached", "cached", "/api/v1/articles/", peer="bare Django JSON view"),
        Case(
            "v1 list, 304",
            "cached",
            "/api/v1/articles/",
            peer="bare Django JSON view",
            headers={"If-None-Match": headers["ETag"]},
        ),
        Case("v1 detail, uncached", "uncached", detail, peer="v2 detail"),
        Case("v1 detail, cached", "cached", detail, peer="bare Django JSON view"),
        Case("plain DRF comment list", "uncached", f"/bench/drf-comments/{ARTICLE}/"),
        Case(
            "v1 comments, uncached",
            "uncached",
            f"/api/v1/articles/{ARTICLE}/comments/",
            peer="plain DRF comment list",
        ),
        Case(
            "v1 comments, cached",
            "cached",
            f"/api/v1/articles/{ARTICLE}/comments/",
            peer="plain DRF comment list",
        ),
        Case("v1 search, uncached", "uncached", "/api/v1/articles/?q=redness"),
        Case("v1 sync page, uncached", "uncached", "/api/v1/sync/"),
        Case("v1 treatments, uncached", "uncached", "/api/v1/treatments/"),
        Case("v1 tags, uncached", "uncached", "/api/v1/tags/"),
        Case("v1 search, alone", "uncached", "/api/v1/articles/?q=redness", connections=1),
        # Search in readers' words (issue 25): ranked, with highlights, and with a typo.
        Case("v1 ranked search, uncached", "uncached", RANKED),
        Case("v1 ranked search, alone", "uncached", RANKED, connections=1),
        Case("v1 ranked search, typo, alone", "uncached", TYPO, connections=1),
        Case("v1 suggest, alone", "uncached", SUGGEST, connections=1),
        Case("v1 suggest, cached", "cached", SUGGEST, connections=1),
        Case("v1 treatments, alone", "uncached", "/api/v1/treatments/", connections=1),
        Case("v1 tags, alone", "uncached", "/api/v1/tags/", connections=1),
    ]


def query_counts(url: str, script: str = __file__) -> dict[str, dict[str, int]]:
    """Queries per /api/v1/ read at this size, in a process of its own (Django is set up
    for one database per process): built without the cache, then served from it."""
    output = subprocess.run(
        [PYTHON, script, "--queries"],
        cwd=ROOT,
        env=base_env(url, ALLOWED_HOSTS="testserver,localhost"),
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def count_queries() -> None:
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client()
    paths = {
        "list": "/api/v1/articles/",
        "list, filtered": "/api/v1/articles/?treatment=microneedling",
        "detail": f"/api/v1/articles/{ARTICLE}/",
        "lookup": f"/api/v1/articles/lookup/?path=/articles/{ARTICLE}/",
        "comments": f"/api/v1/articles/{ARTICLE}/comments/",
        "search": "/api/v1/articles/?q=redness",
        "ranked search": RANKED,
        "ranked search, typo": TYPO,
        "suggest": SUGGEST,
        "sync": "/api/v1/sync/",
        "treatments": "/api/v1/treatments/",
        "tags": "/api/v1/tags/",
        "authors": "/api/v1/authors/",
    }
    counts = {}
    for name, path in paths.items():
        cache.clear()  # no stored body; the warm-up refills the rest (site directory, ...)
        with override_settings(API_RESPONSE_CACHE_TIMEOUT=0):
            client.get(path)
            with CaptureQueriesContext(connection) as built:
                response = client.get(path)
        built_count = len(built)  # read now: the next request empties Django's query log
        client.get(path)  # stored in the response cache
        with CaptureQueriesContext(connection) as served:
            again = client.get(path)
        assert response.status_code == again.status_code == 200, (path, response.status_code)
        counts[name] = {"built": built_count, "cached": len(served)}
    print(json.dumps(counts))


def run_plan(plan: list[Case], servers: dict[str, Server], size: int, label: str) -> list[Row]:
    """Each case of `plan` loaded in interleaved rounds; a row of medians for each."""
    for case in plan:  # warm every worker's per-process caches
        for _ in range(4):
            fetch(servers[case.server].url + case.path, case.headers)
    results: dict[str, list[load.Result]] = {case.name: [] for case in plan}
    for round_number in range(ROUNDS):
        print(f"  {label}, round {round_number + 1}/{ROUNDS}", flush=True)
        for case in plan:
            target = servers[case.server].url + case.path
            found = load.run(
                target, seconds=SECONDS, headers=case.headers, connections=case.connections
            )
            results[case.name].append(found)
    rows = []
    for case in plan:
        runs = results[case.name]
        rows.append(
            Row(
                name=case.name,
                size=size,
                rps=statistics.median(r.rps for r in runs),
                p50_ms=statistics.median(r.p50_ms for r in runs),
                p99_ms=statistics.median(r.p99_ms for r in runs),
                errors=sum(r.errors for r in runs),
                peer=case.peer,
            )
        )
    return rows


def measure(size: int) -> tuple[list[Row], dict, float]:
    url = prepare(size)
    servers = {
        "cached": start_server(base_env(url)),
        "uncached": start_server(base_env(url, API_RESPONSE_CACHE_TIMEOUT="0")),
    }
    try:
        rows = run_plan(cases(servers["cached"]), servers, size, f"{size:,} articles")
        memory = max(server.rss_mb() for server in servers.values())
    finally:
        for server in servers.values():
            server.stop()
    return rows, query_counts(url), memory


def measure_languages() -> languages.Summary:
    """benchmarks/languages.py: one language against two, uncached, on two servers."""
    one = prepare(languages.SIZE)
    two, built = languages.prepare(one, work=WORK, env=base_env, manage=manage)
    urls = {languages.ONE: one, languages.TWO: two}
    servers = {}
    try:
        for name, url in urls.items():
            servers[name] = start_server(base_env(url, API_RESPONSE_CACHE_TIMEOUT="0"))
        plan = [Case(r.name, r.database, r.path, r.peer, r.headers) for r in languages.reads()]
        rows = run_plan(plan, servers, languages.SIZE, "languages")
    finally:
        for server in servers.values():
            server.stop()
    queries = {name: query_counts(url, script=languages.__file__) for name, url in urls.items()}
    return languages.summary(rows, queries, built)


def main() -> None:
    if "--queries" in sys.argv:
        count_queries()
        return
    WORK.mkdir(parents=True, exist_ok=True)
    manage(base_env("sqlite://:memory:"), "collectstatic", "--no-input", "-v0")
    engine = "PostgreSQL" if database_url(SIZES[0]).startswith("postgres") else "SQLite"
    shared = "Redis" if os.environ.get("BENCH_REDIS_URL") else "each worker's memory"
    tool = "wrk" if load.have_wrk() else "Python load generator"
    print(f"{engine}, cache in {shared}, {tool}, {ROUNDS} rounds of {SECONDS:g} s", flush=True)
    rows, queries, memory = [], {}, {}
    for size in SIZES:
        found, queries[size], memory[size] = measure(size)
        rows += found
    spoken = measure_languages() if languages.SIZE else languages.Summary()  # 0: left out
    tool = f"{tool}, cache in {shared}"
    report(rows, queries=queries, memory=memory, engine=engine, tool=tool, extra=spoken)


if __name__ == "__main__":
    main()
