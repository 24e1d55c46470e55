"""Languages (issue 26) for benchmarks/compare.py: list and detail with 10,000 articles in
each of two locales, against the same reads in compare.py's one-language 10,000.

The two-language database is a copy of the one-language one in which every English article
also has a published French translation (made once, kept in benchmarks/.work/ with its
build time). The translations are written as `seed_demo --scale` writes articles
(blog.demo.scale): Page rows bulk-inserted under the French index with the source's
translation key, slug and dates; ArticlePage rows copied as blog.models.translation_fields
says (the words translated from a small dictionary; images, byline, treatments and comment
switches kept; no medical review; French tags). The store then renders them, and the
English rows whose `translations` now name them. No wagtail-localize TranslationSource is
made: no read looks at one.

Read on uncached servers: one language (its default); two languages by default, with
`?locale=fr`, and with `Accept-Language: fr-CH`. Goals: within 1.3x of one language (p50),
no more queries, and no query for Accept-Language.

    .venv/bin/python benchmarks/languages_seed.py       # DATABASE_URL: the copy to translate
    .venv/bin/python benchmarks/languages.py --queries  # queries per read, as JSON
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Articles per locale. Only a quick trial of this script should set it lower.
SIZE = int(os.environ.get("BENCH_LANGUAGES_SIZE", "10000"))
LANGUAGE = "fr"
HEADER = "fr-CH"  # negotiated to fr, as Wagtail's routing matches it
ONE, TWO = "one language", "two languages"


@dataclass
class Summary:
    """What compare.py reports of this case: Markdown lines, goals, and its JSON."""

    lines: list[str] = field(default_factory=list)
    goals: list[tuple[str, bool | None, str]] = field(default_factory=list)
    data: dict = field(default_factory=dict)


class Read(NamedTuple):
    name: str
    database: str  # ONE or TWO
    path: str
    headers: dict[str, str]
    peer: str  # its one-language read


# The detail's article: a generated one (blog.demo.scale.SLUG_PREFIX) from the list's middle.
SLUG = f"generated-article-{SIZE // 2:06d}"


def reads() -> list[Read]:
    found = []
    for kind, path in (("list", "/api/v1/articles/"), ("detail", f"/api/v1/articles/{SLUG}/")):
        one, two, header = f"{kind}, {ONE}", f"{kind}, {TWO}", {"Accept-Language": HEADER}
        found += [
            Read(one, ONE, path, {}, ""),
            Read(two, TWO, path, {}, one),
            Read(f"{two}, ?locale={LANGUAGE}", TWO, f"{path}?locale={LANGUAGE}", {}, one),
            Read(f"{two}, Accept-Language: {HEADER}", TWO, path, header, one),
        ]
    return found


# Building the two-language database (in compare.py's process).


def two_language_url(one_url: str) -> str:
    if one_url.startswith("postgres"):
        return f"{one_url}_{LANGUAGE}"
    return one_url.removesuffix(".sqlite3") + f"-{LANGUAGE}.sqlite3"


def prepare(
    one_url: str, *, work: Path, env: Callable[..., dict], manage: Callable[..., None]
) -> tuple[str, dict]:
    """The two-language copy of `one_url`'s database, made once (again when the one-language
    database was seeded anew); returns its URL and how it was built ({seconds, ...}).
    `env` and `manage` are compare.py's (the environment for a database URL, a command)."""
    url = two_language_url(one_url)
    name = url.rsplit("/", 1)[-1]
    marker = work / f"ready-{name}"
    source = work / f"ready-{one_url.rsplit('/', 1)[-1]}"
    if marker.exists() and marker.stat().st_mtime >= source.stat().st_mtime:
        manage(env(url), "migrate", "--no-input", "-v0")
        manage(env(url), "render_articles")
        return url, json.loads(marker.read_text())
    print(f"translating the {SIZE:,} articles into {url} (once)", flush=True)
    started = time.perf_counter()
    _copy_database(one_url, url)
    copied = time.perf_counter() - started
    subprocess.run(
        [sys.executable, str(Path(__file__).with_name("languages_seed.py"))],
        cwd=ROOT,
        env=env(url),
        check=True,
        timeout=3 * 3600,
    )
    built = {"seconds": time.perf_counter() - started, "copy_seconds": copied}
    marker.write_text(json.dumps(built))
    return url, built


def _copy_database(source: str, target: str) -> None:
    if source.startswith("postgres"):
        import psycopg

        admin = source.rsplit("/", 1)[0] + "/postgres"
        old, new = source.rsplit("/", 1)[-1], target.rsplit("/", 1)[-1]
        with psycopg.connect(admin.replace("postgres://", "postgresql://", 1)) as conn:
            conn.autocommit = True
            conn.execute(f"DROP DATABASE IF EXISTS {new} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {new} TEMPLATE {old}")
        return
    path = Path(target.removeprefix("sqlite:///"))
    for leftover in (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm"))):
        leftover.unlink(missing_ok=True)  # a failed build's log must not replay on the copy
    old, new = sqlite3.connect(source.removeprefix("sqlite:///")), sqlite3.connect(path)
    try:
        old.backup(new)  # consistent, whatever the write-ahead log holds
    finally:
        old.close()
        new.close()


# Queries per read (in a process of its own, Django set up on one database).


def count_queries() -> None:
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client()
    counts = {}
    for read in reads():
        if read.database == ONE:  # the three ways to ask, in whichever database this is
            continue
        headers = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in read.headers.items()}
        name = read.name.replace(f", {TWO}", "")
        cache.clear()
        with override_settings(API_RESPONSE_CACHE_TIMEOUT=0):
            client.get(read.path, **headers)
            with CaptureQueriesContext(connection) as built:
                response = client.get(read.path, **headers)
        built_count = len(built)
        client.get(read.path, **headers)
        with CaptureQueriesContext(connection) as served:
            again = client.get(read.path, **headers)
        assert response.status_code == again.status_code == 200, (read.path, response)
        language = response.headers.get("Content-Language", "")
        counts[name] = {"built": built_count, "cached": len(served), "language": language}
    print(json.dumps(counts))


# The report (in compare.py's process).


def _row(rows, name: str):
    return next((r for r in rows if r.name == name), None)


def section(rows, queries: dict, built: dict) -> list[str]:
    """The report's Markdown: timings against one language, queries, the build."""
    lines = [
        f"Languages: {SIZE:,} articles in each of two locales (uncached, 8 connections) "
        f"against the same database with one language:",
        "",
        "| read | req/s | p50 ms | p99 ms | errors | p50 ratio | req/s ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        peer = _row(rows, r.peer) if r.peer else None
        time_ratio = f"{r.p50_ms / peer.p50_ms:.2f}x" if peer and peer.p50_ms else ""
        rate_ratio = f"{peer.rps / r.rps:.2f}x" if peer and r.rps else ""
        lines.append(
            f"| {r.name} | {r.rps:,.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.errors} | "
            f"{time_ratio} | {rate_ratio} |"
        )
    lines += [
        "",
        "Ratios: p50 over the one-language p50, and one-language req/s over this read's.",
        "",
        "Queries per read (built / served from the response cache; Content-Language):",
        "",
        f"| read | {ONE} | {TWO} |",
        "| --- | ---: | ---: |",
    ]
    for name in queries[TWO]:
        cells = [
            f"{queries[db][name]['built']} / {queries[db][name]['cached']} "
            f"({queries[db][name]['language']})"
            for db in (ONE, TWO)
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"Building the two-language database (a copy of the one-language one, then "
        f"{SIZE:,} translations written and rendered): {built['seconds']:.0f} s.",
        "",
    ]
    return lines


def goals(rows, queries: dict) -> list[tuple[str, bool | None, str]]:
    out: list[tuple[str, bool | None, str]] = []
    for r in rows:
        peer = _row(rows, r.peer) if r.peer else None
        if peer is None:
            continue
        ratio = r.p50_ms / peer.p50_ms if peer.p50_ms else float("inf")
        met = r.rps > 0 and ratio <= 1.3
        goal = f"{r.name} within 1.3x of one language ({SIZE:,} per locale, p50)"
        out.append((goal, met, f"{ratio:.2f}x"))
    for kind in ("list", "detail"):
        one = queries[ONE][kind]
        two = [queries[TWO][n] for n in queries[TWO] if n.startswith(kind)]
        most = {k: max(q[k] for q in two) for k in ("built", "cached")}
        met = all(most[k] <= one[k] for k in most)
        figure = f"at most {most['built']} / {most['cached']} (one language: "
        figure += f"{one['built']} / {one['cached']})"
        out.append((f"{kind} in two languages: no more queries than in one", met, figure))
        # Negotiating costs what naming the language costs, and what asking for nothing does.
        header = queries[TWO][f"{kind}, Accept-Language: {HEADER}"]
        param = queries[TWO][f"{kind}, ?locale={LANGUAGE}"]
        plain = queries[TWO][kind]
        same = all(header[k] == param[k] == plain[k] for k in ("built", "cached"))
        figure = ", ".join(
            f"{label} {q['built']} / {q['cached']}"
            for label, q in ((HEADER, header), ("?locale=", param), ("neither", plain))
        )
        out.append((f"{kind}: Accept-Language adds no query", same, figure))
    return out


def summary(rows, queries: dict, built: dict) -> Summary:
    data = {"rows": [asdict(r) for r in rows], "queries": queries, "built": built}
    return Summary(section(rows, queries, built), goals(rows, queries), data)


if __name__ == "__main__":
    if "--queries" in sys.argv:
        count_queries()
    else:
        sys.exit(__doc__)
