"""Every text the website marks for translation is in the French catalogue: a string added to
a template or to Python code without `makemessages` (and its French) would show in English
on a French page. Django's `makemessages` (GNU gettext's xgettext, installed by .ci/run) is
run over a copy of the code, so the committed catalogue is never touched, with the options
docs/languages.md gives; then nothing in the copy's catalogue may be new or untranslated.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# What docs/languages.md tells a translator to run (the admin stays in English).
IGNORED = [".venv", "benchmarks", "tests", "docs", "blog/admin"]
COPIED = ["blog", "cms", "templates", "locale", "manage.py"]


@pytest.fixture
def copy_of_the_code(tmp_path: Path) -> Path:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tmp_path / name)
    return tmp_path


def test_every_marked_text_is_in_the_french_catalogue(copy_of_the_code: Path):
    if shutil.which("xgettext") is None:
        pytest.fail("makemessages needs GNU gettext: apt-get install gettext (.ci/run does)")
    ignores = [f"--ignore={path}" for path in IGNORED]
    env = {"DEBUG": "1", "PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "cms.settings.base"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", *ignores],
        cwd=copy_of_the_code,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    made = polib.pofile(str(copy_of_the_code / "locale/fr/LC_MESSAGES/django.po"))
    committed = polib.pofile(str(ROOT / "locale/fr/LC_MESSAGES/django.po"))
    known = {(entry.msgctxt, entry.msgid) for entry in committed.translated_entries()}
    missing = [entry.msgid for entry in made if (entry.msgctxt, entry.msgid) not in known]
    assert missing == [], "Run makemessages and translate these (docs/languages.md)"
    # And nothing the code no longer says is kept as if it were current.
    assert [entry.msgid for entry in made.obsolete_entries()] == [
        entry.msgid for entry in committed.obsolete_entries()
    ]
