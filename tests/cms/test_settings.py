"""Settings come from the environment; production refuses to start without a secret key."""

import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections, transaction

from tests.processes import manage

ROOT = Path(__file__).resolve().parents[2]


def run_check(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(DJANGO_SETTINGS_MODULE="cms.settings.base", **env)
    return manage(clean, "check", timeout=120, check=False)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_development_starts_without_a_secret_key():
    assert run_check(DEBUG="1").returncode == 0


def test_production_settings_pass_the_deployment_checklist():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.base",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),  # a key of one letter is refused
            "ALLOWED_HOSTS": "cms.example.com",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_suite_runs_with_fast_hashing_and_a_local_cache():
    assert settings.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_redis_url_configures_a_working_shared_cache():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup();"
            "from django.core.cache import caches; cache = caches['default'];"
            "cache.set('clinic-cms-probe', 'ok', 5);"
            "print(type(cache).__name__, cache.get('clinic-cms-probe'))",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.base", "DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.split() == ["ReusingRedisCache", "ok"], result.stderr


def test_media_on_a_bucket_is_allowed_by_the_content_security_policy():
    """Without MEDIA_ORIGIN, the policy allows the bucket's public host, so pages' own
    images are not blocked."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            "print(' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.base",
            "DEBUG": "1",
            "AWS_STORAGE_BUCKET_NAME": "clinic-media",
            "AWS_S3_CUSTOM_DOMAIN": "media.example-clinic.com/clinic-media",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.split() == ["'self'", "data:", "https://media.example-clinic.com"], (
        result.stderr
    )


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="the embedded SQLite default's setting",
)
def test_two_writers_on_the_embedded_database_queue_instead_of_failing(tmp_path, django_db_blocker):
    """Two staff saving at once on the embedded default (an autosave beside a publish): each
    reads, then writes, in one transaction. Both must commit; a transaction that read before
    the other wrote cannot wait for the lock, so it must take the lock when it begins."""
    alias = "two_writers"
    connections.settings[alias] = {
        **connections.settings["default"],
        "NAME": str(tmp_path / "clinic.sqlite3"),
        "TEST": {},
    }
    errors: list[Exception] = []
    slow_has_read = threading.Event()

    def increment(*, pause: float) -> None:
        try:
            with transaction.atomic(using=alias):
                cursor = connections[alias].cursor()
                cursor.execute("SELECT n FROM counter")
                (n,) = cursor.fetchone()
                if pause:
                    slow_has_read.set()
                time.sleep(pause)
                cursor.execute("UPDATE counter SET n = %s", [n + 1])
        except Exception as error:
            errors.append(error)
        finally:
            connections[alias].close()

    try:
        with django_db_blocker.unblock():
            with connections[alias].cursor() as cursor:
                cursor.execute("CREATE TABLE counter (n integer)")
                cursor.execute("INSERT INTO counter VALUES (0)")
            slow = threading.Thread(target=increment, kwargs={"pause": 0.5})
            quick = threading.Thread(target=increment, kwargs={"pause": 0})
            slow.start()
            assert slow_has_read.wait(5)  # it has read, and not yet written
            quick.start()
            slow.join()
            quick.join()
            assert errors == []
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT n FROM counter")
                assert cursor.fetchone() == (2,)
    finally:
        connections[alias].close()
        del connections.settings[alias]
