"""How much of a process's resident memory is the SQLite file mapped into it (page cache that
the settings' mmap_size allows, not the process's own): read from /proc/PID/smaps."""

from __future__ import annotations

from pathlib import Path


def resident_mb(pid: int | str) -> tuple[float, float]:
    """(resident MB, of which the mapped SQLite database MB); OSError when the process is gone."""
    total = database = 0
    in_database = False
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        fields = line.split()
        if len(fields) >= 5 and "-" in fields[0]:  # a mapping's header line
            in_database = fields[-1].endswith(".sqlite3")
        elif fields and fields[0] == "Rss:":
            total += int(fields[1])
            database += int(fields[1]) if in_database else 0
    return total / 1024, database / 1024
