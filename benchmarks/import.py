"""Benchmark the WordPress import (issue 24) on a large export: time and peak memory.

    .venv/bin/python benchmarks/import.py                # 5,000 posts: about half an hour
    BENCH_POSTS=200 BENCH_COMMENTS=4000 BENCH_IMAGES=80 .venv/bin/python benchmarks/import.py
    .venv/bin/python benchmarks/import.py --profile     # the import under cProfile, in-process

Writes a WXR export (tests/importing/builder.py) of BENCH_POSTS posts, Gutenberg and classic,
with BENCH_COMMENTS threaded comments of mixed statuses and BENCH_IMAGES image attachments,
and a `wp-content/uploads` copy of those images (small JPEGs, each different). Then, in
benchmarks/.work/import/ (BENCH_WORK; started afresh each time), a new SQLite database
(migrate, setup_site) takes `manage.py import_wordpress` twice: the first run imports
everything, the second should change nothing. Each run is a subprocess whose wall time, CPU
time and peak resident memory (its own rusage, from os.wait4) are measured, with progress and
memory sampled every BENCH_SAMPLE_SECONDS. The database is counted after each run against
what the export holds. Prints a table and the issue's goals (first run under 10 minutes, peak
under 500 MB, second run under 2 minutes) and writes benchmarks/results/import.{json,png}
(the chart needs matplotlib: `pip install -c constraints.txt -e ".[bench]"`). --profile
writes no results: it prints the top functions and keeps the .pstats files in the work dir.

BENCH_TASKS=database queues search and reference indexing and article rendering for the
worker, as in production; by default (the embedded setting) they run in the importing process.
Wall times depend on the machine and its load: compare the CPU seconds too.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.smaps import resident_mb  # noqa: E402
from benchmarks.wordpress_export import COMMENTS, IMAGES, POSTS, Expected, build_export  # noqa: E402

PYTHON = sys.executable
WORK = Path(os.environ.get("BENCH_WORK", ROOT / "benchmarks" / ".work" / "import"))
RESULTS = ROOT / "benchmarks" / "results"
SAMPLE = float(os.environ.get("BENCH_SAMPLE_SECONDS", "15"))
# The embedded default runs search and reference indexing in the importing process;
# BENCH_TASKS=database queues them for `manage.py worker`, as in production.
TASKS = os.environ.get("BENCH_TASKS", "immediate")
GOALS = {"first run seconds": 600, "peak MB": 500, "second run seconds": 120}


@dataclass
class Run:
    name: str
    seconds: float
    cpu_seconds: float
    peak_mb: float
    exit_code: int
    report_counts: dict = field(default_factory=dict)
    database: dict = field(default_factory=dict)
    timeline: list[dict] = field(default_factory=list)


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_"))}
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.base",
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{WORK / 'import.sqlite3'}",
        MEDIA_ROOT=str(WORK / "media"),
        IMPORTS_ROOT=str(WORK / "imports"),
        TASKS_BACKEND=TASKS,
        LOG_LEVEL="WARNING",
    )
    return env


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=environment(), check=True)


def measured(name: str, args: list[str]) -> Run:
    """Run a subprocess and read its own rusage (os.wait4): its peak memory, not the largest
    of every child this script has waited for (RUSAGE_CHILDREN would include `migrate`).
    Meanwhile, every SAMPLE seconds, note how far it got and its memory (Linux only)."""
    timeline: list[dict] = []
    with (WORK / f"{name}.log").open("w") as log:
        started = time.perf_counter()
        process = subprocess.Popen(args, cwd=ROOT, env=environment(), stdout=log, stderr=log)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(1)
            if time.perf_counter() - started >= SAMPLE * (len(timeline) + 1):
                point = sample(process.pid, time.perf_counter() - started)
                if point["rss_mb"]:  # else it has just ended
                    timeline.append(point)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    run = Run(name, seconds, usage.ru_utime + usage.ru_stime, peak, process.returncode)
    run.timeline = timeline
    return run


def sample(pid: int, seconds: float) -> dict:
    """Posts and comments imported so far (the database is in WAL mode: reading it does not
    hold the import up), the process's resident memory and how much of that is the SQLite
    file mapped into memory (cms.settings: mmap_size): page cache, not the import's own."""
    found = {"seconds": round(seconds, 1)}
    try:
        with sqlite3.connect(f"file:{WORK / 'import.sqlite3'}?mode=ro", uri=True) as db:
            rows = db.execute(
                "SELECT kind, count(*) FROM blog_importedobject GROUP BY kind"
            ).fetchall()
        found |= {f"{kind}s": n for kind, n in rows if kind in {"post", "comment"}}
    except sqlite3.Error:
        pass
    try:
        rss, mapped = resident_mb(pid)
    except OSError:
        rss = mapped = 0
    return found | {"rss_mb": round(rss), "database_mapped_mb": round(mapped)}


def count_database() -> None:
    """(In a subprocess with the benchmark's settings.) Print the database's counts as JSON."""
    import django

    django.setup()
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.images import get_image_model
    from wagtail.models import Revision

    from blog.models import ArticlePage, ImportedObject, ReaderComment

    comments = ReaderComment.objects
    print(json.dumps({
        "articles": ArticlePage.objects.count(),
        "live articles": ArticlePage.objects.filter(live=True).count(),
        "comments": comments.count(),
        "approved comments": comments.filter(status="approved").count(),
        "pending comments": comments.filter(status="pending").count(),
        "replies": comments.filter(parent__isnull=False).count(),
        "staff replies": comments.filter(is_staff_reply=True).count(),
        "images": get_image_model().objects.count(),
        "articles with a hero image": ArticlePage.objects.filter(hero_image__isnull=False).count(),
        "redirects": Redirect.objects.count(),
        "revisions": Revision.objects.count(),
        "imported objects": ImportedObject.objects.count(),
    }))  # fmt: skip


def database_counts() -> dict:
    out = subprocess.run(
        [PYTHON, __file__, "--count"], cwd=ROOT, env=environment(), capture_output=True,
        text=True, check=True,
    ).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def profile_import(export: str, uploads: str) -> None:
    """(In a subprocess.) The import in-process under cProfile: the top functions by own time
    and by cumulative time, for the first and the second run."""
    import cProfile
    import io
    import pstats

    import django

    django.setup()
    from django.core.management import call_command

    for run in ("first", "second"):
        profiler = cProfile.Profile()
        profiler.runcall(
            call_command, "import_wordpress", export, "--uploads", uploads, stdout=io.StringIO()
        )
        profiler.dump_stats(WORK / f"profile-{run}.pstats")
        for order in ("tottime", "cumulative"):
            print(f"\n=== {run} run, top 25 by {order} ===")
            pstats.Stats(profiler).sort_stats(order).print_stats(25)


def code_version() -> str:
    """The commit measured, and the files of blog/ changed since (others edit as it runs)."""
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    changed = subprocess.run(
        [*git, "status", "--porcelain", "blog"], capture_output=True, text=True
    ).stdout.split("\n")
    edits = [line[3:] for line in changed if line.strip()]
    return head.stdout.strip() + (f" with changes to {', '.join(edits)}" if edits else "")


def goals(first: Run, second: Run) -> list[tuple[str, float, float, bool]]:
    peak = max(first.peak_mb, second.peak_mb)
    return [
        ("first run < 10 min", first.seconds, GOALS["first run seconds"], first.seconds < 600),
        ("peak memory < 500 MB", peak, GOALS["peak MB"], peak < 500),
        ("second run < 2 min", second.seconds, GOALS["second run seconds"], second.seconds < 120),
    ]


def chart(first: Run, second: Run, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.2))
    names = ["first run", "second run"]
    for ax, values, limits, label in (
        (left, [first.seconds, second.seconds], [600, 120], "wall time (s)"),
        (right, [first.peak_mb, second.peak_mb], [500, 500], "peak resident memory (MB)"),
    ):
        ax.barh(names, values, color=["C0", "C1"])
        for y, limit in enumerate(limits):
            ax.plot([limit, limit], [y - 0.4, y + 0.4], "r--", linewidth=1.5)
        ax.set_xlim(0, max(values + limits) * 1.1)
        ax.invert_yaxis()
        ax.set_xlabel(f"{label}; red: the goal")
        ax.grid(axis="x", alpha=0.3)
    fig.suptitle(f"WordPress import: {POSTS:,} posts, {COMMENTS:,} comments, {IMAGES:,} images")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def report(expected: Expected, first: Run, second: Run, code: str) -> None:
    lines = [
        f"{POSTS:,} posts, {COMMENTS:,} comments, {IMAGES:,} images; SQLite, DEBUG=1, "
        f"TASKS_BACKEND={TASKS}, "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}",
        "",
        "| run | wall s | CPU s | peak MB | exit |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for run in (first, second):
        lines.append(
            f"| {run.name} | {run.seconds:,.1f} | {run.cpu_seconds:,.1f} | {run.peak_mb:,.0f} | "
            f"{run.exit_code} |"
        )
    for run in (first, second):
        if run.timeline:
            top = max(run.timeline, key=lambda point: point["rss_mb"])
            lines.append(
                f"{run.name}: sampled peak {top['rss_mb']} MB resident, "
                f"{top['database_mapped_mb']} MB of it the mapped SQLite file"
            )
    wanted = {"articles": expected.articles, "comments": expected.comments,
              "images": expected.images}  # fmt: skip
    lines += ["", "| in the database | expected | after first | after second |",
              "| --- | ---: | ---: | ---: |"]  # fmt: skip
    for key in first.database:
        want = wanted.get(key)
        mark = "" if want is None or want == first.database[key] else "  MISMATCH"
        lines.append(
            f"| {key} | {'' if want is None else f'{want:,}'} | {first.database[key]:,} | "
            f"{second.database.get(key, 0):,}{mark} |"
        )
    lines += ["", "Report counts (first / second run):"]
    for key in sorted(set(first.report_counts) | set(second.report_counts)):
        lines.append(
            f"  {key}: {first.report_counts.get(key, 0):,} / {second.report_counts.get(key, 0):,}"
        )
    same = first.database == second.database
    lines += ["", f"Second run {'changed nothing' if same else 'CHANGED the database'}.", ""]
    lines += [f"- {goal}: {figure:,.0f} ({'met' if met else 'NOT met'})"
              for goal, figure, _, met in goals(first, second)]  # fmt: skip
    print("\n" + "\n".join(lines))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "import.json").write_text(json.dumps({
        "sizes": {"posts": POSTS, "comments": COMMENTS, "images": IMAGES},
        "machine": {"cpus": os.cpu_count(), "load_at_end": os.getloadavg()[0]},
        "code": code,
        "settings": f"SQLite, DEBUG=1, TASKS_BACKEND={TASKS}, subprocesses of manage.py",
        "expected": {**wanted, "comments in the export by status": dict(expected.statuses)},
        "runs": [asdict(first), asdict(second)],
        "second run changed nothing": same,
        "goals": [{"goal": g, "figure": f, "limit": lim, "met": m}
                  for g, f, lim, m in goals(first, second)],
    }, indent=2))  # fmt: skip
    chart(first, second, RESULTS / "import.png")
    print(f"wrote {RESULTS / 'import.json'} and {RESULTS / 'import.png'}")


def main() -> None:
    if "--count" in sys.argv:
        count_database()
        return
    if "--profile-child" in sys.argv:
        profile_import(*sys.argv[2:4])
        return
    shutil.rmtree(WORK, ignore_errors=True)
    uploads = WORK / "wp-content" / "uploads"
    uploads.mkdir(parents=True)
    export = WORK / "export.xml"
    started = time.perf_counter()
    expected = build_export(export, uploads)
    print(
        f"wrote {export} ({export.stat().st_size / 1e6:,.1f} MB) and {IMAGES:,} images in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    manage("migrate", "--no-input", "-v0")
    manage("setup_site", "--name", "Benchmark Clinic", "--hostname", "localhost")
    if "--profile" in sys.argv:
        subprocess.run([PYTHON, __file__, "--profile-child", str(export), str(uploads)],
                       cwd=ROOT, env=environment(), check=True)  # fmt: skip
        return
    runs, code = [], code_version()
    for name in ("first run", "second run"):
        print(f"importing ({name})…", flush=True)
        report_file = WORK / f"report-{name.split()[0]}.json"
        run = measured(
            name.replace(" ", "-"),
            [PYTHON, "manage.py", "import_wordpress", str(export), "--uploads", str(uploads),
             "--report", str(report_file)],
        )  # fmt: skip
        run.name = name
        if run.exit_code:
            log = (WORK / f"{name.replace(' ', '-')}.log").read_text()
            raise SystemExit(f"the import failed ({run.exit_code}):\n{log[-3000:]}")
        run.report_counts = json.loads(report_file.read_text())["counts"]
        run.database = database_counts()
        print(f"  {run.seconds:,.1f} s, peak {run.peak_mb:,.0f} MB", flush=True)
        runs.append(run)
    report(expected, *runs, code=code)


if __name__ == "__main__":
    main()
