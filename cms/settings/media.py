"""Where uploads are stored, read from the environment: the local disk by default; S3 or an
S3-compatible service (MinIO, R2, ...) when AWS_STORAGE_BUCKET_NAME is set, so that every web
process serves the same uploads.

Imported by cms.settings.base; kept apart so each settings module holds one concern.
"""

import environ

env = environ.Env()

# Media: the local disk by default; S3 or an S3-compatible service (MinIO, R2, ...) when
# AWS_STORAGE_BUCKET_NAME is set, so that every web process serves the same uploads.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default="")
AWS_S3_URL_PROTOCOL = env.str("AWS_S3_URL_PROTOCOL", default="https:")
AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="")
if AWS_STORAGE_BUCKET_NAME:
    from botocore.config import Config as BotoConfig  # only needed for S3 media

    AWS_S3_ADDRESSING_STYLE = env.str("AWS_S3_ADDRESSING_STYLE", default="") or None
    MEDIA_STORAGE = {
        "BACKEND": "cms.media_storage.MediaStorage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            # Credentials may also come from boto3's own sources (instance roles, ~/.aws).
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            # The public host for media URLs (a CDN or the bucket's website host).
            "custom_domain": AWS_S3_CUSTOM_DOMAIN or None,
            "url_protocol": AWS_S3_URL_PROTOCOL,
            "addressing_style": AWS_S3_ADDRESSING_STYLE,
            # botocore waits 60 s for a silent endpoint and tries up to 5 times: a storage
            # outage would hold web workers until gunicorn kills them, and /health/ready/
            # would never answer 503. Two tries within these limits stay inside gunicorn's
            # 30 s. (A client_config replaces django-storages' own, so it carries the
            # addressing style too.)
            "client_config": BotoConfig(
                s3={"addressing_style": AWS_S3_ADDRESSING_STYLE},
                connect_timeout=env.float("AWS_S3_CONNECT_TIMEOUT", default=5),
                read_timeout=env.float("AWS_S3_READ_TIMEOUT", default=10),
                retries={
                    "mode": "standard",
                    "max_attempts": env.int("AWS_S3_MAX_ATTEMPTS", default=2),
                },
            ),
            # Published images are public; signed, expiring URLs would defeat CDN caching.
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            "default_acl": env.str("AWS_DEFAULT_ACL", default="") or None,
            # Never overwrite: a new upload with an old name gets a new name, so URLs can be
            # cached for a year.
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    # Uploaded WordPress exports hold commenters' emails: the same bucket, under a private
    # prefix, never public and only reachable with signed URLs (the worker reads them).
    IMPORTS_STORAGE = {
        "BACKEND": MEDIA_STORAGE["BACKEND"],
        "OPTIONS": {
            **MEDIA_STORAGE["OPTIONS"],
            "location": "private/imports",
            "default_acl": "private",
            "querystring_auth": True,
            "custom_domain": None,
            "object_parameters": {},
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    IMPORTS_STORAGE = None  # a directory of its own (cms.settings.base: IMPORTS_ROOT)
