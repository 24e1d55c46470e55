"""Media on S3: django-storages' S3 storage, rebuilt from settings wherever a task needs it.

Wagtail deletes the file of a deleted image or rendition in a task, passing the storage as
its deconstruction (class path and constructor arguments). Ours include a botocore Config
(the timeouts in cms/settings/media.py), which no task queue can serialise, so every deletion
failed once its transaction committed. This storage deconstructs to its class alone and,
built without arguments, takes its options from STORAGES["default"] (the worker has the
same settings as the web process).
"""

from __future__ import annotations

from django.conf import settings
from storages.backends.s3 import S3Storage


class MediaStorage(S3Storage):
    def __init__(self, **options) -> None:
        if not options:
            options = dict(settings.STORAGES["default"].get("OPTIONS", {}))
        super().__init__(**options)

    def deconstruct(self) -> tuple[str, tuple, dict]:
        return (f"{type(self).__module__}.{type(self).__qualname__}", (), {})
