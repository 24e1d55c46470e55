"""Run schemathesis against /api/v1/ in-process: every operation, positive and negative data.

Shared by tests/api/test_contract.py (a bounded pass in CI) and benchmarks/contract.py (the full
pass). Failures are collected, not raised, so one run lists every distinct disagreement
between the OpenAPI schema and the behaviour.

Checks and operations are configured by the project's schemathesis.toml, the file that stock
`st run` reads too (.ci/schemathesis): every check with schemathesis' defaults, but a cursor
it never issued answered 410 where a cursor is taken. Schemathesis itself is not patched:
what passes here passes for anyone running it against the API.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path

import hypothesis
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis.stateful import run_state_machine_as_test
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import Failure, FailureGroup

SCHEMA_PATH = "/api/v1/schema/"
CONFIG = Path(__file__).resolve().parent.parent / "schemathesis.toml"


@dataclass
class Report:
    examples: int = 0
    seconds: float = 0.0
    failures: dict[tuple[str, str, str], str] = field(default_factory=dict)

    def add(self, label: str, error: BaseException) -> None:
        failures = error.exceptions if isinstance(error, FailureGroup) else [error]
        for failure in failures:
            if isinstance(failure, Failure):
                title, detail = failure.title, failure.message
                if status := getattr(failure, "status_code", None):
                    title = f"{title} ({failure.operation} answered {status})"
            else:
                title, detail = type(failure).__name__, str(failure)
            first = detail.splitlines()[0] if detail else ""
            self.failures.setdefault((label, title, first), detail)

    def lines(self) -> list[str]:
        return [f"{label}: {title}: {first}" for (label, title, first) in sorted(self.failures)]


@contextlib.contextmanager
def connections_kept():
    """Requests in this process share the test's database connection, as with Django's test
    client: a real WSGI handler closes a connection that is inside a transaction at each
    request's start and end, which inside a test's transaction would close it for good."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def load_schema():
    from cms.wsgi import application

    config = SchemathesisConfig.from_path(CONFIG)
    with connections_kept():
        return schemathesis.openapi.from_wsgi(SCHEMA_PATH, application, config=config)


def fuzz_settings(max_examples: int, *, shrink: bool = True) -> hypothesis.settings:
    """Reproducible fuzzing: the same examples on every run, no example database, no
    deadline (the server's timing is not under test). Without `shrink`, a failure is
    reported as found: the contract run collects failures rather than minimising one."""
    phases = list(hypothesis.Phase)
    if not shrink:
        phases = [hypothesis.Phase.explicit, hypothesis.Phase.generate]
    return hypothesis.settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        phases=phases,
    )


def _run_operation(operation, mode, max_examples: int, excluded, report: Report) -> None:
    label = f"{operation.label} [{mode.value}]"

    @fuzz_settings(max_examples, shrink=False)
    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    def test(case) -> None:
        report.examples += 1
        try:
            case.call_and_validate(excluded_checks=excluded)
        except (AssertionError, FailureGroup) as error:
            report.add(label, error)

    # Unsatisfiable: nothing to negate (an operation without parameters or body).
    with contextlib.suppress(hypothesis.errors.Unsatisfiable):
        test()


def run(*, max_examples: int, excluded_checks=(), stateful: bool = True) -> Report:
    """Every operation with `max_examples` positive and as many negative examples, all checks
    but `excluded_checks`; then, if `stateful`, sequences of calls along the schema's links."""
    excluded = list(excluded_checks)
    schema = load_schema()
    report = Report()
    started = time.perf_counter()
    with connections_kept():
        for result in schema.get_all_operations():
            operation = result.ok()
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                _run_operation(operation, mode, max_examples, excluded, report)
        if stateful:
            machine = schema.as_state_machine()
            settings = fuzz_settings(max_examples, shrink=False)
            try:
                run_state_machine_as_test(machine, settings=settings)
            except (AssertionError, FailureGroup) as error:
                report.add("stateful", error)
    report.seconds = time.perf_counter() - started
    return report
