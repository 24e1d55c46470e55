"""HTTP load for benchmarks/compare.py: wrk when it is installed, else a bounded Python
generator (keep-alive connections on threads; slower than wrk, so its figures are lower
for every endpoint alike, and ratios stay comparable within one run)."""

from __future__ import annotations

import http.client
import re
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # non-2xx/3xx answers and socket errors


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def run(
    url: str,
    *,
    seconds: float,
    connections: int = 8,
    headers: dict[str, str] | None = None,
) -> Result:
    if have_wrk():
        return _wrk(url, seconds=seconds, connections=connections, headers=headers or {})
    return _python(url, seconds=seconds, connections=connections, headers=headers or {})


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _millis(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def _wrk(url: str, *, seconds: float, connections: int, headers: dict[str, str]) -> Result:
    duration = f"-d{max(1, round(seconds))}s"
    # A long timeout: a slow endpoint's figures, not wrk's two-second default, are the point.
    command = ["wrk", "-t1", f"-c{connections}", duration, "--timeout", "60s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s*(\d+)%\s+(\S+)\s*$", output, re.MULTILINE))
    errors = 0
    if found := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(found.group(1))
    if found := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        errors += sum(int(n) for n in found.groups())
    if "50" not in latency:  # nothing answered within the run
        return Result(rps, float("inf"), float("inf"), errors)
    worst = latency.get("99") or latency.get("90") or latency["50"]  # few answers: no 99th
    return Result(rps, _millis(latency["50"]), _millis(worst), errors)


def _python(url: str, *, seconds: float, connections: int, headers: dict[str, str]) -> Result:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    deadline = time.monotonic() + seconds
    timings: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine: list[float] = []
        failed = 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                conn.request("GET", target, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                continue
            mine.append((time.perf_counter() - started) * 1000)
        conn.close()
        with lock:
            timings.extend(mine)
            errors[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if not timings:
        return Result(0.0, 0.0, 0.0, errors[0])
    ordered = sorted(timings)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return Result(len(timings) / elapsed, statistics.median(ordered), p99, errors[0])
