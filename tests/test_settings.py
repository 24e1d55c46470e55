"""Settings come from the environment; production refuses to start without a secret key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.processes import manage

ROOT = Path(__file__).resolve().parent.parent


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
            "SECRET_KEY": "x" * 60,
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
