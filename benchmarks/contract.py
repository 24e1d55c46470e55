"""The full schemathesis pass over /api/v1/: every check, 300 examples per operation and
generation mode (positive and negative), then stateful sequences. Prints each distinct failure.

    DEBUG=1 DATABASE_URL=sqlite:///contract.sqlite3 python manage.py migrate
    DEBUG=1 DATABASE_URL=sqlite:///contract.sqlite3 python manage.py seed_demo
    DEBUG=1 DATABASE_URL=sqlite:///contract.sqlite3 python benchmarks/contract.py

CONTRACT_EXAMPLES changes the number of examples; CONTRACT_VERBOSE=1 prints each failure
in full. Exits 1 when anything failed. The bounded
pass that CI runs is tests/api/test_contract.py.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.base")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from tests.contract import run  # noqa: E402

EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "300"))


def main() -> int:
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # the 4xx are the point
    report = run(max_examples=EXAMPLES)
    print(f"{report.examples} examples, {report.seconds:.1f} s, {len(report.failures)} failures")
    for line in report.lines():
        print(line)
    if os.environ.get("CONTRACT_VERBOSE"):
        for detail in report.failures.values():
            print("-" * 70, detail, sep="\n")
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
