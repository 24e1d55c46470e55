"""The files of a patient's photos when their consent ends.

Media are public, so every file a reader could have seen, or could work out, must go:
- the renditions (every resized copy) are deleted;
- each original moves to a new random name, because a rendition's name gives its
  original's away (images/before.2e16d0ba.fill-640x480.jpg is a copy of
  original_images/before.jpg). Staff keep the image, under its new name.

Copies are made before the database transaction, so a large photo on object storage never
holds the database's write lock, and are deleted again if the transaction fails. The names
to delete are written to the consent record (`files_to_delete`) in the same transaction as
the rows that stop pointing at them, and deleted after the commit; a file that cannot be
deleted then (storage down, the worker stopped) stays listed, and the clock tries again.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from pathlib import PurePosixPath

from django.conf import settings
from django.db import transaction
from wagtail.contrib.frontend_cache.utils import get_backends, purge_urls_from_cache
from wagtail.images import get_image_model

from blog.models import ConsentRecord

logger = logging.getLogger(__name__)

ORIGINAL, RENDITION = "original", "rendition"


def _storage(kind: str):
    model = get_image_model()
    if kind == RENDITION:
        model = model.get_rendition_model()
    return model._meta.get_field("file").storage


def copy_originals(image_ids: set[int]) -> dict[int, tuple[str, str]]:
    """Copy each image's original to a new random name, outside any transaction;
    {image id: (old name, new name)}. A missing original is skipped."""
    storage = _storage(ORIGINAL)
    copies = {}
    images = get_image_model().objects.filter(pk__in=image_ids).exclude(file="")
    try:
        for pk, old in images.values_list("pk", "file"):
            if not storage.exists(old):
                continue  # nothing to hide; it must not stop the rest
            name = PurePosixPath(old)  # a storage name: "/" on every system
            hidden = name.with_name(secrets.token_urlsafe(16) + name.suffix.lower())
            with storage.open(old) as original:
                copies[pk] = (old, storage.save(str(hidden), original))
    except Exception:
        discard(copies)
        raise
    return copies


def discard(copies: dict[int, tuple[str, str]]) -> None:
    """Delete copies that no row came to point at (the transaction failed, or another run
    had already carried the ending out)."""
    storage = _storage(ORIGINAL)
    for _, new in copies.values():
        try:
            storage.delete(new)
        except Exception:
            logger.exception("could not delete the unused copy %s", new)


def use_copies(copies: dict[int, tuple[str, str]]) -> list[list[str]]:
    """In the transaction: point each image at its copy; the old names, to delete."""
    image_model, storage = get_image_model(), _storage(ORIGINAL)
    for pk, (_, new) in copies.items():
        image_model.objects.filter(pk=pk).update(file=new)
    urls = [storage.url(old) for old, _ in copies.values()]
    transaction.on_commit(lambda: purge_media_urls(urls), robust=True)
    return [[ORIGINAL, old] for old, _ in copies.values()]


def delete_renditions(image_ids: set[int]) -> list[list[str]]:
    """In the transaction: delete the rows of the images' renditions; their file names, to
    delete."""
    model = get_image_model().get_rendition_model()
    renditions = [r for r in model.objects.filter(image_id__in=image_ids) if r.file]
    urls = [r.url for r in renditions]
    model.objects.filter(pk__in=[r.pk for r in renditions]).delete()
    transaction.on_commit(lambda: purge_media_urls(urls), robust=True)
    return [[RENDITION, r.file.name] for r in renditions]


def _change_list(consent_id: int, change: Callable[[list], list]) -> None:
    """Read, change and write the record's list of files to delete under a row lock."""
    with transaction.atomic():
        consent = ConsentRecord.objects.select_for_update().get(pk=consent_id)
        files = change(consent.files_to_delete or [])
        ConsentRecord.objects.filter(pk=consent_id).update(files_to_delete=files or None)


def list_to_delete(consent_id: int, files: list[list[str]]) -> None:
    """In the transaction: add files to the record's list of files to delete."""
    _change_list(consent_id, lambda listed: listed + files)


def delete_listed(consent_id: int) -> int:
    """Delete the files the record lists (after the commit, or from the clock); those that
    cannot be deleted stay listed. The number deleted."""
    listed = ConsentRecord.objects.filter(pk=consent_id).values_list("files_to_delete", flat=True)
    files = listed.first() or []
    deleted = []
    for kind, name in files:
        try:
            _storage(kind).delete(name)
        except Exception:
            logger.exception("could not delete %s %s; the clock tries again", kind, name)
        else:
            deleted.append([kind, name])
    if deleted:
        _change_list(consent_id, lambda listed: [f for f in listed if f not in deleted])
    return len(deleted)


def purge_media_urls(urls: list[str]) -> None:
    """Ask the CDN to drop its copies of deleted media files: media served by this server
    are under CDN_BASE_URL; media on a bucket's own domain are absolute already (a CDN in
    front of that domain needs its own backend in WAGTAILFRONTENDCACHE)."""
    if not get_backends():
        return
    base = settings.CDN_BASE_URL.rstrip("/")
    purge_urls_from_cache([url if "://" in url else base + url for url in urls])
