"""The report of benchmarks/compare.py: a table, the issue's goals, a Markdown copy and a
chart (matplotlib), written to benchmarks/results/."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Row:
    name: str
    size: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    peer: str = ""


def _find(rows: list[Row], name: str, size: int) -> Row | None:
    return next((r for r in rows if r.name == name and r.size == size), None)


def _ratio(rows: list[Row], row: Row) -> str:
    peer = _find(rows, row.peer, row.size) if row.peer else None
    return f"{row.rps / peer.rps:.2f}x {row.peer}" if peer and peer.rps else ""


def table(rows: list[Row]) -> list[str]:
    lines = [
        "| articles | endpoint | req/s | p50 ms | p99 ms | errors | ratio |",
        "| ---: | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r.size:,} | {r.name} | {r.rps:,.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | "
            f"{r.errors} | {_ratio(rows, r)} |"
        )
    return lines


def goals(rows: list[Row], memory: dict, engine: str) -> list[tuple[str, bool | None, str]]:
    """(goal, met, figure) for each goal of the issue; met is None when not measured."""
    out: list[tuple[str, bool | None, str]] = []
    small, large = min(r.size for r in rows), max(r.size for r in rows)

    def rps(name: str, size: int) -> float:
        row = _find(rows, name, size)
        return row.rps if row else 0.0

    def at_least(goal: str, name: str, peer: str, factor: float, size: int) -> None:
        mine, theirs = rps(name, size), rps(peer, size)
        ratio = mine / theirs if theirs else 0.0
        out.append((goal, ratio >= factor, f"{ratio:.2f}x"))

    for size in sorted({r.size for r in rows}):
        at_least(
            f"uncached list ≥ 10x v2 list ({size:,})",
            "v1 list, uncached",
            "v2 list, fields=*",
            10,
            size,
        )
        at_least(
            f"uncached detail ≥ 4x v2 detail ({size:,})",
            "v1 detail, uncached",
            "v2 detail",
            4,
            size,
        )
        at_least(
            f"uncached list ≥ ⅓ cached list ({size:,})",
            "v1 list, uncached",
            "v1 list, cached",
            1 / 3,
            size,
        )
        at_least(
            f"uncached detail ≥ ⅓ cached detail ({size:,})",
            "v1 detail, uncached",
            "v1 detail, cached",
            1 / 3,
            size,
        )
        for mode in ("uncached", "cached"):
            at_least(
                f"{mode} comments ≥ plain DRF list ({size:,})",
                f"v1 comments, {mode}",
                "plain DRF comment list",
                1,
                size,
            )
        for name in ("v1 list, cached", "v1 detail, cached", "v1 list, 304"):
            at_least(
                f"{name} ≥ 0.8x bare JSON view ({size:,})", name, "bare Django JSON view", 0.8, size
            )
    if small != large:
        for name in ("v1 list, uncached", "v1 detail, uncached"):
            slow, fast = _find(rows, name, large), _find(rows, name, small)
            if slow and fast:
                ratio = slow.p50_ms / fast.p50_ms if fast.p50_ms else 0.0
                out.append(
                    (
                        f"{name}: {large:,} within 1.3x of {small:,} (p50)",
                        ratio <= 1.3,
                        f"{ratio:.2f}x",
                    )
                )
    limit = 150 if engine == "PostgreSQL" else 300
    for name, label in (("v1 search, uncached", ""), ("v1 search, alone", ", one connection")):
        if search := _find(rows, name, large):
            answered = search.rps > 0  # nothing answered within the run: not met
            out.append(
                (
                    f"search p99 ≤ {limit} ms{label} ({large:,})",
                    answered and search.p99_ms <= limit,
                    f"{search.p99_ms:.0f} ms" if answered else "no answer within the run",
                )
            )
    # Issue 25: ranked search with typo correction, on one connection, within 150 ms
    # (PostgreSQL) or 100 ms (SQLite); under eight connections on two workers at most 4x
    # that; suggestions within 20 ms.
    ranked_limit = 150 if engine == "PostgreSQL" else 100
    alone = _find(rows, "v1 ranked search, alone", large)
    for name in ("v1 ranked search, alone", "v1 ranked search, typo, alone"):
        if row := _find(rows, name, large):
            met = row.rps > 0 and row.p99_ms <= ranked_limit
            out.append(
                (f"{name}: p99 ≤ {ranked_limit} ms ({large:,})", met, f"{row.p99_ms:.0f} ms")
            )
    if alone and (crowded := _find(rows, "v1 ranked search, uncached", large)):
        ratio = crowded.p99_ms / alone.p99_ms if alone.p99_ms else 0.0
        out.append(
            (
                f"ranked search p99 under 8 connections ≤ 4x one connection ({large:,})",
                crowded.rps > 0 and ratio <= 4,
                f"{ratio:.1f}x",
            )
        )
    for name in ("v1 suggest, alone", "v1 suggest, cached"):
        if row := _find(rows, name, large):
            met = row.rps > 0 and row.p99_ms <= 20
            out.append((f"{name}: p99 ≤ 20 ms ({large:,})", met, f"{row.p99_ms:.1f} ms"))
    # A request's own time (one connection), as the issue measured it; under eight
    # connections on two workers a p50 also waits behind about three other requests.
    for name in ("v1 treatments, alone", "v1 tags, alone"):
        if row := _find(rows, name, large):
            met = row.rps > 0 and row.p50_ms < 20
            out.append((f"{name} under 20 ms ({large:,}, p50)", met, f"{row.p50_ms:.1f} ms"))
    if large in memory:
        resident, mapped = memory[large]
        own = resident - mapped
        figure = (
            f"{own:.0f} MB ({resident:.0f} MB resident, {mapped:.0f} MB of it the mapped database)"
        )
        out.append((f"worker memory < 250 MB, its own ({large:,})", own < 250, figure))
    return out


def chart(rows: list[Row], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(dict.fromkeys(r.name for r in rows))
    sizes = sorted({r.size for r in rows})
    fig, ax = plt.subplots(figsize=(10, 0.45 * len(names) + 1.5))
    height = 0.8 / len(sizes)
    for i, size in enumerate(sizes):
        values = [(_find(rows, n, size) or Row(n, size, 0, 0, 0, 0)).rps for n in names]
        ax.barh(
            [y + i * height for y in range(len(names))],
            values,
            height=height,
            label=f"{size:,} articles",
        )
    ax.set_yticks([y + height * (len(sizes) - 1) / 2 for y in range(len(names))], names)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlabel("requests per second (log scale; gunicorn, 2 workers)")
    ax.legend(loc="lower right")
    ax.grid(axis="x", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def report(
    rows: list[Row],
    *,
    queries: dict,
    memory: dict,
    engine: str,
    tool: str,
    extra=None,
) -> None:
    """compare.md, .png and .json. `extra`: a further section (benchmarks/languages.Summary):
    its Markdown `lines`, before the goals, its `goals`, listed with the others, and its
    `data` in the JSON."""
    RESULTS.mkdir(exist_ok=True)
    lines = [f"Measured on {engine} with {tool}.", "", *table(rows), ""]
    sizes = sorted(queries)
    lines += ["Queries per /api/v1/ read (built / served from the response cache):", ""]
    lines += ["| read | " + " | ".join(f"{s:,} articles" for s in sizes) + " |"]
    lines += ["| --- |" + " ---: |" * len(sizes)]
    for name in queries[sizes[0]]:
        cells = [f"{queries[s][name]['built']} / {queries[s][name]['cached']}" for s in sizes]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    flat = all(
        queries[s][n]["built"] <= queries[sizes[0]][n]["built"]
        for s in sizes
        for n in queries[sizes[0]]
    )
    lines += [
        "",
        f"Query counts {'do not grow' if flat else 'GROW'} with the number of articles.",
    ]
    lines += ["", *(extra.lines if extra else []), "Goals:", ""]
    for goal, met, figure in [*goals(rows, memory, engine), *(extra.goals if extra else [])]:
        mark = "met" if met else ("not met" if met is False else "not measured")
        lines.append(f"- {goal}: {figure} ({mark})")
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    (RESULTS / "compare.md").write_text(text)
    chart(rows, RESULTS / "compare.png")
    data = {"rows": [asdict(r) for r in rows], "queries": queries, "memory_mb": memory}
    if extra is not None and extra.data:
        data["languages"] = extra.data
    (RESULTS / "compare.json").write_text(json.dumps(data, indent=2))
    print(f"wrote {RESULTS / 'compare.md'}, .png and .json")
