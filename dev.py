"""The two commands a newcomer needs, with nothing installed but Python 3.11+.

    python3 dev.py up     install, migrate, load demo content, create a local admin, serve
    python3 dev.py test   install the test dependencies and run the whole suite

`up` and `setup` with --wordpress also import the demo clinic's WordPress export
(`seed_demo --wordpress`, docs/wordpress.md).

Both create a virtual environment in .venv and install the pinned versions from
constraints.txt. Installing is skipped when pyproject.toml and constraints.txt have not
changed since the last install, so the second run starts in seconds.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
HOST_PORT = os.environ.get("DEV_ADDRESS", "127.0.0.1:8000")


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=True)


def ensure_installed(extra: str) -> None:
    """Create .venv and install the project with `extra` unless already up to date."""
    if sys.version_info < (3, 11):
        sys.exit("Python 3.11 or newer is required.")
    if not PYTHON.exists():
        print(f"Creating virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    spec = f".[{extra}]" if extra else "."
    inputs = b"".join((ROOT / name).read_bytes() for name in ("pyproject.toml", "constraints.txt"))
    digest = hashlib.sha256(inputs + spec.encode()).hexdigest()
    stamp = VENV / f".installed-{extra or 'base'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-c", "constraints.txt", "-e", spec)
    stamp.write_text(digest)


def dev_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DEBUG", "1")
    # Canonical URLs and preview links name the address the server really runs on.
    env.setdefault("WAGTAILADMIN_BASE_URL", f"http://{HOST_PORT}")
    return env


def up(serve: bool = True, *, wordpress: bool = False) -> None:
    ensure_installed("")
    env = dev_env()
    manage = (PYTHON, "manage.py")
    run(*manage, "migrate", "--no-input", env=env)
    run(*manage, "seed_demo", *(["--wordpress"] if wordpress else []), env=env)
    run(*manage, "create_dev_admin", env=env)
    if serve:
        print(f"\nAdmin: http://{HOST_PORT}/admin/   Site: http://{HOST_PORT}/\n", flush=True)
        run(*manage, "runserver", HOST_PORT, env=env)


def with_workers(pytest_args: list[str]) -> list[str]:
    """Two pytest-xdist workers unless the caller chose (-n N, -n 0, -p no:xdist): much of
    the suite waits on live servers and subprocesses, so two halve its time even on a
    small machine. Work stealing: a worker that runs out takes tests the other has not
    started, instead of idling while the other works through a long tail of live tests
    (a minute of the suite's six)."""
    chosen = any(
        arg.startswith(("-n", "--numprocesses", "--dist")) or "xdist" in arg for arg in pytest_args
    )
    return pytest_args if chosen else ["-n", "2", "--dist", "worksteal", *pytest_args]


def test(pytest_args: list[str]) -> None:
    ensure_installed("test")
    # os.execv keeps pytest's exit code and output as the command's own.
    args = [str(PYTHON), "-m", "pytest", *with_workers(pytest_args)]
    print("+", " ".join(args), flush=True)
    os.chdir(ROOT)
    if os.name == "nt":
        sys.exit(subprocess.call(args))
    os.execv(args[0], args)


def docs(sphinx_args: list[str]) -> None:
    """Build docs/ into docs/_build/html; a warning (a broken link or reference) fails it."""
    ensure_installed("docs")
    output = Path("docs", "_build", "html")
    run(PYTHON, "-m", "sphinx", "-W", "--keep-going", "-b", "html", *sphinx_args, "docs", output)
    print(f"\nDocumentation built: {ROOT / output / 'index.html'}", flush=True)


def main(argv: list[str]) -> None:
    commands = {"up": "install, seed and serve", "setup": "like up, without serving"}
    commands["up"] += " (--wordpress: also import the demo's WordPress export)"
    commands["setup"] += " (--wordpress as for up)"
    commands["test"] = "install test dependencies and run pytest (extra args go to pytest)"
    commands["browser"] = "run the browser journeys in Chromium (tests/browser; needs chromium)"
    commands["bench"] = "benchmark the API against stock Wagtail (benchmarks/compare.py)"
    commands["docs"] = "build the documentation site from docs/ (Sphinx, warnings as errors)"
    if not argv or argv[0] not in commands:
        usage = "\n".join(f"  {name:7} {text}" for name, text in commands.items())
        sys.exit(f"usage: python3 dev.py COMMAND\n{usage}")
    command, rest = argv[0], argv[1:]
    try:
        if command == "test":
            test(rest)
        elif command == "browser":
            # One process: the journeys share a live server and a browser.
            test(["tests/browser", "-m", "browser", "-p", "no:xdist", *rest])
        elif command == "bench":
            ensure_installed("bench")
            run(PYTHON, "benchmarks/compare.py", *rest)
        elif command == "docs":
            docs(rest)
        else:
            up(serve=command == "up", wordpress="--wordpress" in rest)
    except subprocess.CalledProcessError as error:
        sys.exit(error.returncode)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main(sys.argv[1:])
