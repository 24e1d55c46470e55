"""Management commands run as subprocesses, as an operator runs them: the settings module
reads the environment once, at start-up, so a test that varies the environment needs a
process of its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def manage(
    env: dict[str, str], *args: str, timeout: float = 180, check: bool = True
) -> subprocess.CompletedProcess:
    """`manage.py ARGS` in `env`; with `check`, a non-zero exit fails the test with the
    command's output."""
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        )
    return result


def django_shell(env: dict[str, str], code: str, *, timeout: float = 180) -> str:
    """What `code` prints, run by `manage.py shell` in `env`."""
    return manage(env, "shell", "--no-imports", "-c", code, timeout=timeout).stdout.strip()
