"""Webhooks to front ends (blog.delivery), read from the environment.

Imported by cms.settings.base; kept apart so each settings module holds one concern.
"""

import environ

env = environ.Env()

# Seconds a receiver has to answer one delivery attempt.
WEBHOOKS_TIMEOUT = env.int("WEBHOOKS_TIMEOUT", default=10)
# Seconds from a failed attempt to the next: six attempts over about an hour.
WEBHOOKS_RETRY_SECONDS = env.list(
    "WEBHOOKS_RETRY_SECONDS", cast=int, default=[60, 300, 600, 900, 1800]
)
# Failed attempts in a row (six make one delivery's retries) before an endpoint is switched
# off and administrators are mailed.
WEBHOOKS_DISABLE_AFTER_FAILURES = env.int("WEBHOOKS_DISABLE_AFTER_FAILURES", default=12)
# Loopback, private and link-local targets are refused unless this is set (local receivers
# in development and tests).
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", default=False)

# CDN purges (blog.delivery.purges, with wagtail.contrib.frontend_cache): the public address
# of this server's API and pages as the CDN sees it, and the CDN to tell.
CDN_BASE_URL = env.str(
    "CDN_BASE_URL", default=env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
)
WAGTAILFRONTENDCACHE = {}
if env.str("FRONTEND_CACHE_HTTP_LOCATION", default=""):
    # Varnish, nginx, Fastly, ...: a PURGE request per URL, with the URL's Host header.
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env.str("FRONTEND_CACHE_HTTP_LOCATION"),
    }
if env.str("FRONTEND_CACHE_CLOUDFLARE_ZONEID", default=""):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": env.str("FRONTEND_CACHE_CLOUDFLARE_ZONEID"),
        "BEARER_TOKEN": env.str("FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN", default=""),
    }
if env.str("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID", default=""):
    # AWS credentials come from the usual AWS_* variables or the instance role (boto3).
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env.str("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"),
    }
