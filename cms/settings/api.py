"""The content API: DRF, its OpenAPI schema, paging, HTTP caching and sync, read from the
environment.

Imported by cms.settings.base; kept apart so each settings module holds one concern.
"""

import environ

env = environ.Env()

REST_FRAMEWORK = {
    # The public API is read-only and anonymous: no session lookups, so no `Vary: Cookie`.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["blog.api.renderers.ORJSONRenderer"],
    # JSON for the API (its bodies are read by views that name their parser). Forms too:
    # wagtail-localize's translation editor, in the admin, saves each string as a form.
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {
        "comments_client": env.str("COMMENTS_RATE_PER_CLIENT", default="5/min"),
        "comments_article": env.str("COMMENTS_RATE_PER_ARTICLE", default="60/hour"),
        "comments_report": env.str("COMMENTS_RATE_REPORTS", default="10/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Clinic CMS content API",
    "DESCRIPTION": "Treatment articles, treatments, tags and authors for the clinic's website "
    "and mobile app. Every string is plain text that the front end must escape, except fields "
    "named `html` or ending in `_html`: those are HTML, already sanitised.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["blog.api.schema_hooks.only_content_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "blog.api.schema_hooks.document_errors",
    ],
}
API_PAGE_SIZE = env.int("API_PAGE_SIZE", default=20)
# Suggestions a search box shows while the reader types (/api/v1/search/suggest/).
SEARCH_SUGGESTIONS = env.int("SEARCH_SUGGESTIONS", default=6)
# Days that Reports > Searches without results keeps (blog.search.report).
SEARCH_REPORT_DAYS = env.int("SEARCH_REPORT_DAYS", default=90)
# How often each process hands its counts to a task (0: only when it exits).
SEARCH_REPORT_FLUSH_SECONDS = env.int("SEARCH_REPORT_FLUSH_SECONDS", default=60)
API_MAX_PAGE_SIZE = env.int("API_MAX_PAGE_SIZE", default=100)
# Days the change log keeps changes; an app whose sync cursor is older syncs from scratch (410).
CHANGE_LOG_RETENTION_DAYS = env.int("CHANGE_LOG_RETENTION_DAYS", default=90)
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=60)
API_CACHE_S_MAXAGE = env.int("API_CACHE_S_MAXAGE", default=300)
API_CACHE_STALE_WHILE_REVALIDATE = env.int("API_CACHE_STALE_WHILE_REVALIDATE", default=600)
API_RESPONSE_CACHE_TIMEOUT = env.int("API_RESPONSE_CACHE_TIMEOUT", default=3600)
# Cached bodies outlive content versions while the tags they depend on are unchanged
# (blog.published.cache_tags). The tags must be shared by every process, so this is on with Redis;
# each process's own local-memory cache would miss the renewals of the others.
API_RESPONSE_CACHE_PRECISE = env.bool(
    "API_RESPONSE_CACHE_PRECISE", default=bool(env.str("REDIS_URL", default=""))
)
# The content state (version and schedule) that every public read checks is kept in the
# cache instead of read from the database, so cached responses and 304s make no query. Every
# process must see every renewal, so this is on with a shared cache (Redis).
CONTENT_STATE_IN_CACHE = env.bool(
    "CONTENT_STATE_IN_CACHE", default=bool(env.str("REDIS_URL", default=""))
)
# Baseline views at /bench/ for benchmarks/compare.py (a bare JSON view, a plain DRF list).
BENCHMARK_VIEWS = env.bool("BENCHMARK_VIEWS", default=False)
