"""How often search finds what readers mean (issue 25): recall@3 and nDCG@5 over a judged
set of reader queries, before (the articles list's `?q=`, Wagtail's backend, newest first) and
after (/api/v1/search/).

    .venv/bin/python benchmarks/relevance.py                 # demo + 2,000 generated articles
    BENCH_GENERATED=0 .venv/bin/python benchmarks/relevance.py

The corpus is a fresh SQLite database in benchmarks/.work/relevance/ (BENCH_WORK): the demo
clinic with its synonyms, its old WordPress blog imported, and BENCH_GENERATED generated
articles whose words (skin, peel, laser, needling, sunscreen...) compete with the demo's. The
judged set, benchmarks/relevance_queries.json, holds reader queries of every kind (exact,
typos, split and joined words, plurals, lay and brand names, questions), each with the
articles a reader meant: 2 for the one that answers, 1 for one that also helps.

Writes benchmarks/results/relevance.json; prints the scores per kind of query and the
queries whose best answer is not first.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(os.environ.get("BENCH_WORK", ROOT / "benchmarks" / ".work" / "relevance"))
GENERATED = int(os.environ.get("BENCH_GENERATED", "2000"))
QUERIES = ROOT / "benchmarks" / "relevance_queries.json"
RESULTS = ROOT / "benchmarks" / "results"
GOAL_NDCG = 0.9


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_"))}
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.base",
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{WORK / 'relevance.sqlite3'}",
        MEDIA_ROOT=str(WORK / "media"),
        TASKS_BACKEND="immediate",
        LOG_LEVEL="WARNING",
        SEARCH_REPORT_FLUSH_SECONDS="0",
    )
    return env


def build_corpus() -> None:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)

    def manage(*args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=environment(), check=True
        )

    manage("migrate", "--no-input", "-v0")
    manage("seed_demo", "--wordpress", *(["--scale", str(GENERATED)] if GENERATED else []))
    (WORK / "corpus.json").write_text(json.dumps({"generated_articles": GENERATED}))


def dcg(gains: list[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def scores(found: list[str], relevant: dict[str, int]) -> tuple[float, float]:
    """(recall@3, nDCG@5) of the slugs `found`, in order, against the judged `relevant`."""
    wanted = {slug for slug, grade in relevant.items() if grade > 0}
    recall = len(wanted & set(found[:3])) / min(3, len(wanted))
    ideal = dcg(sorted(relevant.values(), reverse=True)[:5])
    ndcg = dcg([relevant.get(slug, 0) for slug in found[:5]]) / ideal
    return recall, ndcg


def measure() -> dict:
    os.environ.update(environment())
    import django

    django.setup()
    from django.test import Client

    from blog.models import SearchDocument, StoredArticle
    from blog.published import store

    if SearchDocument.objects.count() < StoredArticle.objects.count():
        store.rebuild()  # articles whose render (and so their indexing) has not run yet
    client = Client(HTTP_HOST="localhost")
    judged = json.loads(QUERIES.read_text())["queries"]
    ways = {
        "before": ("/api/v1/articles/", "results"),
        "after": ("/api/v1/search/", "results"),
    }
    generated = json.loads((WORK / "corpus.json").read_text())["generated_articles"]
    report: dict = {"queries": len(judged), "generated_articles": generated, "runs": {}}
    for name, (url, key) in ways.items():
        by_kind: dict[str, list[tuple[float, float]]] = defaultdict(list)
        misses = []
        for query in judged:
            response = client.get(url, {"q": query["q"], "page_size": 5})
            ok = response.status_code == 200
            found = [r["slug"] for r in response.json().get(key, [])] if ok else []
            recall, ndcg = scores(found, query["relevant"])
            by_kind[query["kind"]].append((recall, ndcg))
            best = max(query["relevant"], key=query["relevant"].get)
            if not found or found[0] != best:
                misses.append({"q": query["q"], "first": found[0] if found else None})
        every = [pair for pairs in by_kind.values() for pair in pairs]
        report["runs"][name] = {
            "recall@3": round(sum(r for r, _ in every) / len(every), 3),
            "ndcg@5": round(sum(n for _, n in every) / len(every), 3),
            "by_kind": {
                kind: {
                    "queries": len(pairs),
                    "recall@3": round(sum(r for r, _ in pairs) / len(pairs), 3),
                    "ndcg@5": round(sum(n for _, n in pairs) / len(pairs), 3),
                }
                for kind, pairs in sorted(by_kind.items())
            },
            "best_answer_not_first": misses,
        }
    return report


def main() -> None:
    if "--reuse" not in sys.argv or not (WORK / "relevance.sqlite3").exists():
        build_corpus()
    report = measure()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "relevance.json").write_text(json.dumps(report, indent=1) + "\n")
    generated = report["generated_articles"]
    print(f"{report['queries']} judged queries; demo + {generated:,} generated articles\n")
    print("| kind | queries | recall@3 before | after | nDCG@5 before | after |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    before, after = report["runs"]["before"], report["runs"]["after"]
    for kind, row in after["by_kind"].items():
        old = before["by_kind"][kind]
        print(
            f"| {kind} | {row['queries']} | {old['recall@3']} | {row['recall@3']} | "
            f"{old['ndcg@5']} | {row['ndcg@5']} |"
        )
    print(
        f"| **all** | {report['queries']} | {before['recall@3']} | {after['recall@3']} | "
        f"{before['ndcg@5']} | {after['ndcg@5']} |"
    )
    met = "met" if after["ndcg@5"] >= GOAL_NDCG else "NOT met"
    print(f"\n- nDCG@5 ≥ {GOAL_NDCG}: {after['ndcg@5']} ({met})")
    if after["best_answer_not_first"]:
        print("- best answer not first (after):")
        for miss in after["best_answer_not_first"]:
            print(f"    {miss['q']!r}: {miss['first']}")
    print(f"wrote {RESULTS / 'relevance.json'}")


if __name__ == "__main__":
    main()
