"""Settings for every environment, read from environment variables.

With nothing set, the project runs embedded: SQLite in the project directory, media on the
local disk and a local-memory cache. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY and
ALLOWED_HOSTS. Every variable is listed in docs/production.md.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is a convenience for development; real deployments set variables.
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the CMS refuses to start without one. "
            "Set SECRET_KEY to a long random string, for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`, "
            "or set DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-used-with-debug-off"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "blog",
    "cms.apps.CmsConfig",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    # Translations (docs/languages.md): a page tree per language, "Translate this page", PO
    # files for agencies; its locales app adds "Sync from" to Settings > Locales.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "wagtail.api.v2",
    "django_tasks_db",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # Logs a dependency outage once when it ends (cms.outage_log); first, to see every answer.
    "cms.outage_log.OutageLogMiddleware",
    # Answers /health/live/ and /health/ready/ before host checks and the HTTPS redirect:
    # load balancers probe instances by address, over plain HTTP.
    "cms.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Cache-Control of website pages; before the middleware that set cookies, to see them.
    "blog.site.caching.SitePageCacheControl",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The website page's language from its address (/fr/…); not the API's (blog.site.locale).
    "blog.site.locale.WebsiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # A read whose database connection broke (a restart) runs again once it is back.
    "cms.resilience.RetryReadsThroughDatabaseRestarts",
    # WordPress's /?p=ID links of imported posts lead to their articles (the home page would
    # answer them itself).
    "blog.site.wordpress_links.WordPressQueryLinks",
    # Website pages carry out a passed go-live or expiry before Wagtail routes them.
    "blog.scheduling.CatchUpOnSiteReads",
    # Wagtail's page passwords get the admin login's lockout (django-axes settings).
    "blog.site.password_throttle.PagePasswordThrottle",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A publish refused by the publishing checks says "not published", not "not saved".
    "blog.admin.publish_refusal_message.PublishRefusalMessage",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside CSPMiddleware: Wagtail's preview panel may frame the pages it previews.
    "cms.preview_framing.PreviewsMayBeFramedByTheAdmin",
    # Last, as django-axes requires: it turns a lockout into its 429 answer.
    "axes.middleware.AxesMiddleware",
    # A website path with a redirect (set by editors, or made when a page's slug or place
    # changed) answers it instead of a 404.
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

if not DEBUG:
    # Static files from the web process itself, with far-future cache headers: the admin
    # works with DEBUG off and no other server. (With DEBUG on, runserver serves them.)
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# How long a read waits for a restarting database before answering 503 (cms.resilience).
DATABASE_OUTAGE_WAIT = env.float("DATABASE_OUTAGE_WAIT", default=5)
# An outage is over (and logged as such) at the first good answer this long after its last 503.
OUTAGE_LOG_QUIET_SECONDS = env.float("OUTAGE_LOG_QUIET_SECONDS", default=10)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default serves real traffic from one file: write-ahead logging lets the
    # web processes read while one writes, and mapping the file into memory (shared by
    # every process through the OS) spares a system call per page read, which on a large
    # site was most of a search's time. A page cache of about 32 MB per connection.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "init_command",
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA mmap_size=1073741824; PRAGMA cache_size=-32000",
    )
    # A transaction takes the write lock when it begins, so two writers queue (for the
    # busy timeout) instead of one failing at once with "database is locked": a deferred
    # transaction that read first cannot wait for the lock once another has written.
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # An unreachable database host must fail fast (then 503), not hold the request.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=env.int("DATABASE_CONNECT_TIMEOUT", default=5),
        # A connection that the network drops silently (a failover, a NAT timeout) is
        # noticed within about a minute instead of hanging a worker until gunicorn kills it.
        keepalives=1,
        keepalives_idle=30,
        keepalives_interval=10,
        keepalives_count=3,
        tcp_user_timeout=env.int("DATABASE_TCP_USER_TIMEOUT_MS", default=60_000),
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cms.redis_cache.ReusingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="clinic-cms"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background tasks (mail, search indexing). Embedded: in-process, on a background thread,
# after the request's transaction commits. Production (TASKS_BACKEND=database): stored in the
# database in the same transaction as the change that caused them, and run by
# `manage.py worker`, so a crash between commit and send loses nothing.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")
if TASKS_BACKEND not in {"immediate", "database"}:
    raise ImproperlyConfigured("TASKS_BACKEND must be 'immediate' or 'database'.")
TASKS = {
    "default": {
        "BACKEND": "cms.tasks.CoalescingDatabaseBackend"
        if TASKS_BACKEND == "database"
        else "cms.tasks.BackgroundThreadBackend"
    }
}
# Failed side effects are tried again with exponential backoff: five retries, after 30 s, 1,
# 2, 4 and 8 minutes (6 attempts, ~15 minutes) before a task is given up and logged.
TASK_MAX_ATTEMPTS = env.int("TASK_MAX_ATTEMPTS", default=6)
TASK_RETRY_BASE_SECONDS = env.int("TASK_RETRY_BASE_SECONDS", default=30)
# How often the worker publishes and unpublishes scheduled pages (seconds).
WORKER_SCHEDULE_INTERVAL = env.int("WORKER_SCHEDULE_INTERVAL", default=60)
# /health/ready/ fails when the oldest waiting task is older than this (seconds).
HEALTH_MAX_TASK_AGE = env.int("HEALTH_MAX_TASK_AGE", default=600)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

# The languages articles are published in, and their fallbacks: cms/settings/languages.py.
from cms.settings.languages import *  # noqa: E402, F403

TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
# The website's own text in other languages (docs/languages.md): locale/<language>/LC_MESSAGES.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = env.str("STATIC_URL", default="/static/")
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "static_collected")
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Media on the local disk, or S3 and S3-compatible services: cms/settings/media.py.
from cms.settings.media import *  # noqa: E402, F403
from cms.settings.media import (  # noqa: E402  (the names used below)
    AWS_S3_CUSTOM_DOMAIN,
    AWS_S3_ENDPOINT_URL,
    AWS_S3_URL_PROTOCOL,
    AWS_STORAGE_BUCKET_NAME,
    IMPORTS_STORAGE,
    MEDIA_STORAGE,
)

# Uploaded WordPress exports (the admin's import): outside MEDIA_ROOT, never served, up to
# this size (larger sites import with `manage.py import_wordpress`).
IMPORTS_ROOT = env.path("IMPORTS_ROOT", default=BASE_DIR / "imports")
WORDPRESS_IMPORT_MAX_MB = env.int("WORDPRESS_IMPORT_MAX_MB", default=200)

STORAGES = {
    "default": MEDIA_STORAGE,
    "imports": IMPORTS_STORAGE
    or {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(IMPORTS_ROOT), "base_url": None},
    },
    # Hashed names and compressed copies, served by WhiteNoise with a year's cache lifetime
    # (needs `collectstatic`). With DEBUG on, runserver serves the source files instead.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Hashed names are cached for ten years as immutable (WhiteNoise's own rule); the few files
# fetched by unhashed names keep WhiteNoise's short default.

# The page editor posts one field per block; long articles pass Django's default of 1,000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
# A mail server that accepts connections and never answers must not hold a worker for ever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Clinic CMS <cms@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: secure by default with DEBUG off. Behind a TLS-terminating proxy, trust its
# X-Forwarded-Proto header (only then), or the HTTPS redirect would loop.
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Admin messages live in the session, not a readable cookie: one carries a webhook secret.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe health over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Nothing may frame our pages; Wagtail's preview views opt back in to SAMEORIGIN themselves.
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy for the public website (django-csp). The admin and the API docs
# bring their own inline scripts and styles and are left to Wagtail and drf-spectacular.
# Where media are served from, for the policy's img-src: by default the bucket's public host.
if AWS_S3_CUSTOM_DOMAIN:
    _media_origin = f"{AWS_S3_URL_PROTOCOL}//{AWS_S3_CUSTOM_DOMAIN.split('/')[0]}"
elif AWS_STORAGE_BUCKET_NAME and AWS_S3_ENDPOINT_URL:
    _media_origin = "/".join(AWS_S3_ENDPOINT_URL.split("/")[:3])
elif AWS_STORAGE_BUCKET_NAME:
    _media_origin = "https://*.amazonaws.com"
else:
    _media_origin = ""
MEDIA_ORIGIN = env.str("MEDIA_ORIGIN", default=_media_origin)
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/api/v1/docs/", "/api/v1/redoc/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "media-src": ["'self'", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        # Video embeds: YouTube's no-cookie player and Vimeo only (blog.video).
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

# Admin login lockout (django-axes) and its settings: cms/settings/axes.py.
from cms.settings.axes import *  # noqa: E402, F403
from cms.settings.delivery import *  # noqa: E402, F403  (webhooks)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Each page save logs several background-task lines; keep them for debugging only.
    "loggers": {
        "django_tasks": {"level": env.str("TASKS_LOG_LEVEL", default="WARNING")},
        "wagtail": {"level": env.str("WAGTAIL_LOG_LEVEL", default="WARNING")},
    },
}

# Wagtail
WAGTAIL_SITE_NAME = env.str("WAGTAIL_SITE_NAME", default="Clinic CMS")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# Wagtail's database backend (FTS5 on SQLite, full-text search on PostgreSQL), hardened.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "blog.search_backend"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Staff avatars are not fetched from Gravatar: each admin page would tell an outside service
# who is logged in, with a hash of their email. Staff may upload an avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Approving a workflow publishes only what passes the compliance and consent checks.
WAGTAIL_FINISH_WORKFLOW_ACTION = "blog.governance.finish_workflow.publish_if_cleared"

# Cache-Control of website pages for readers without a session (blog.site.caching), seconds:
# browsers ask again each time (the CDN answers, and a purge reaches readers at once).
SITE_CACHE_MAX_AGE = env.int("SITE_CACHE_MAX_AGE", default=0)
SITE_CACHE_S_MAXAGE = env.int("SITE_CACHE_S_MAXAGE", default=300)

# Front end: where readers see articles (canonical URLs) and where editors preview drafts.
FRONTEND_BASE_URL = env.str("FRONTEND_BASE_URL", default=WAGTAILADMIN_BASE_URL).rstrip("/")
# e.g. https://www.example-clinic.com/api/preview?token={token}; empty: show the API URL.
FRONTEND_PREVIEW_URL = env.str("FRONTEND_PREVIEW_URL", default="")
PREVIEW_TOKEN_MAX_AGE = env.int("PREVIEW_TOKEN_MAX_AGE", default=600)

# Clinical governance: months between medical reviews when an article sets none (the NHS
# Standard for Creating Health Content asks for a review date; a year is common practice).
CLINICAL_REVIEW_INTERVAL_MONTHS = env.int("CLINICAL_REVIEW_INTERVAL_MONTHS", default=12)
# Publishing a changed body after a review makes the article due for review again that day.
CLINICAL_REVIEW_AFTER_BODY_CHANGE = env.bool("CLINICAL_REVIEW_AFTER_BODY_CHANGE", default=False)

# Content API (DRF, the OpenAPI schema, paging, caching, sync): cms/settings/api.py.
from cms.settings.api import *  # noqa: E402, F403

CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS", "POST"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]

# Reader comments
COMMENTS_TRUSTED_PROXIES = env.list("COMMENTS_TRUSTED_PROXIES", default=[])
COMMENTS_IP_HASH_KEY = env.str("COMMENTS_IP_HASH_KEY", default="")
COMMENTS_MAX_REQUEST_BYTES = env.int("COMMENTS_MAX_REQUEST_BYTES", default=16 * 1024)
COMMENTS_PAGE_SIZE = env.int("COMMENTS_PAGE_SIZE", default=20)
COMMENTS_FORM_TOKEN_MAX_POSTS = env.int("COMMENTS_FORM_TOKEN_MAX_POSTS", default=10)
# A comment form sent sooner than this after it was shown is refused (429, "That was quick"):
# people take longer to write; scripts do not.
COMMENTS_FORM_MIN_SECONDS = env.int("COMMENTS_FORM_MIN_SECONDS", default=3)
# Reports by distinct readers within this many days count towards the policy's threshold.
COMMENTS_REPORT_WINDOW_DAYS = env.int("COMMENTS_REPORT_WINDOW_DAYS", default=30)
COMMENTS_CACHE_MAX_AGE = env.int("COMMENTS_CACHE_MAX_AGE", default=30)
# The clinic's privacy notice, linked beside the comment form's consent box (an address, e.g.
# https://www.example-clinic.com/privacy/). Empty: no link, as there is nothing to link to.
CLINIC_PRIVACY_URL = env.str("CLINIC_PRIVACY_URL", default="")
AKISMET_API_KEY = env.str("AKISMET_API_KEY", default="")
AKISMET_URL = env.str("AKISMET_URL", default="https://rest.akismet.com")
