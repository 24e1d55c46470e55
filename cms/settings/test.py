"""Settings for the test suite: the real settings, made fast and isolated.

The database still comes from DATABASE_URL, so the same suite runs on SQLite (the default)
and on PostgreSQL.
"""

import os

# The suite must not depend on the developer's shell; DEBUG stays off as in production.
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-deployment")

from cms.settings.base import *  # noqa: F403  (Django's layered-settings idiom)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".pytest_cache" / "media"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "imports": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# The test client speaks plain HTTP; the HTTPS redirect and HSTS are tested explicitly.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
# WhiteNoise serves STATIC_ROOT; an empty one keeps it quiet (no collectstatic in tests).
STATIC_ROOT = BASE_DIR / ".pytest_cache" / "static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
FRONTEND_BASE_URL = "http://testserver"
# Tasks run on the request's thread, once its transaction commits, so a test sees their
# effects when the response returns. The embedded default (a background thread) is tested
# with a real server in tests/cms/test_embedded_tasks.py.
if TASKS_BACKEND == "immediate":  # noqa: F405
    TASKS = {"default": {"BACKEND": "cms.tasks.OnCommitImmediateBackend"}}
# Webhook receivers in tests are local HTTP servers.
WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
# One process: its local-memory cache holds every tag, so precise invalidation is exact here.
API_RESPONSE_CACHE_PRECISE = True
# The state is read from the database as in the embedded default;
# tests/published/test_content_state.py turns the shared-cache mode on.
CONTENT_STATE_IN_CACHE = False
# Searches' report counts are handed over when a test says so (blog.search.report), not by
# a thread that would write from outside the test's transaction.
SEARCH_REPORT_FLUSH_SECONDS = 0
