"""Media of a WordPress export: each attachment becomes a Wagtail image (or a document, for
PDFs and other files) once, found in the copy of `wp-content/uploads` the clinic hands over
(matched by path) or, when allowed, fetched from the old site under the webhook targets'
rules (public addresses only, size and time limits).

A file that is missing, too big or not a readable image never stops the import: the caller
notes it and the article is imported without it. The same file under two WordPress ids, or
imported again, is one image (matched by the WordPress id, then by the file's hash).
"""

from __future__ import annotations

import io
import posixpath
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike
from willow.image import Image as WillowImage

from blog.delivery.targets import TargetRefused, open_checked
from blog.models import ImportedObject

MAX_FILE_BYTES = 25 * 1024 * 1024
FETCH_TIMEOUT = 10.0
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp", "avif", "heic"}
DOCUMENT_EXTENSIONS = {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "txt", "csv"}
UPLOADS = "/wp-content/uploads/"
# WordPress's resized copies: photo-300x200.jpg is a copy of photo.jpg.
_RESIZED = re.compile(r"-\d{1,5}x\d{1,5}(?=\.[A-Za-z0-9]+$)")


class MediaMissing(Exception):
    """Why a file could not be imported, in words for the report."""


@dataclass(frozen=True)
class Attachment:
    wp_id: int
    url: str
    title: str = ""
    alt: str = ""
    caption: str = ""
    attached_file: str = ""  # _wp_attached_file: the path under uploads/
    parent_id: int = 0
    page_link: str = ""  # the attachment's own page on the old site


def upload_path(url: str) -> str:
    """The path of an uploaded file under `uploads/` ("2024/05/peel.jpg"), or ""."""
    path = unquote(urlsplit(url).path) if "://" in url or url.startswith("/") else url
    if UPLOADS in path:
        path = path.split(UPLOADS, 1)[1]
    elif url.startswith(("http://", "https://", "/")):
        return ""
    path = posixpath.normpath(path.lstrip("/"))
    return "" if path.startswith("..") or path == "." else path


def original_of(path: str) -> str:
    """The full-size file a resized copy was made from (photo-300x200.jpg → photo.jpg)."""
    return _RESIZED.sub("", path)


def extension(path: str) -> str:
    return path.rsplit(".", 1)[-1].lower() if "." in posixpath.basename(path) else ""


class MediaLibrary:
    """Finds, reads and imports an export's attachments. `attachments` (by WordPress id) and
    `by_path` come from the export's first pass."""

    def __init__(
        self,
        *,
        source: str,
        uploads: Path | None,
        fetch: bool,
        attachments: dict[int, Attachment],
        dry_run: bool = False,
    ) -> None:
        self.source = source
        self.uploads = uploads.resolve() if uploads else None
        self.fetch = fetch
        self.attachments = attachments
        self.by_path = {
            path: wp_id
            for wp_id, attachment in attachments.items()
            if (path := attachment.attached_file or upload_path(attachment.url))
        }
        # A dry run imports media like any run (so its report is the real one), inside the
        # transaction it rolls back; the files it stored are deleted afterwards.
        self.dry_run = dry_run
        self.written: list[tuple] = []
        self.imported = 0
        self._known: dict[tuple[str, int], int | None] = {}
        self._failed: dict[str, str] = {}

    # -- lookups ---------------------------------------------------------------------------

    def attachment_for(self, url: str, wp_id: int | None) -> Attachment:
        if wp_id and wp_id in self.attachments:
            return self.attachments[wp_id]
        path = upload_path(url)
        for candidate in (path, original_of(path)):
            if candidate in self.by_path:
                return self.attachments[self.by_path[candidate]]
        return Attachment(wp_id=0, url=url, attached_file=original_of(path) if path else "")

    def image(self, url: str, wp_id: int | None = None) -> int:
        """The image's pk; MediaMissing (with the reason) when it cannot be had."""
        return self._object(self.attachment_for(url, wp_id), ImportedObject.Kind.ATTACHMENT)

    def document(self, url: str) -> int:
        return self._object(self.attachment_for(url, None), ImportedObject.Kind.DOCUMENT)

    def failure(self, url: str) -> str:
        return self._failed.get(url, "")

    def _object(self, attachment: Attachment, kind: str) -> int:
        key = attachment.attached_file or upload_path(attachment.url) or attachment.url
        if (kind, attachment.wp_id) in self._known and attachment.wp_id:
            found = self._known[(kind, attachment.wp_id)]
            if found is None:
                raise MediaMissing(self._failed.get(key, "missing"))
            return found
        if attachment.wp_id:
            mapped = ImportedObject.objects.filter(
                source=self.source, kind=kind, wp_id=attachment.wp_id
            ).first()
            if mapped is not None and self._exists(kind, mapped.object_id):
                self._known[(kind, attachment.wp_id)] = mapped.object_id
                return mapped.object_id
        try:
            data = self._read(attachment)
            pk = self._store(attachment, data, kind)
        except MediaMissing as missing:
            self._failed[key] = str(missing)
            if attachment.wp_id:
                self._known[(kind, attachment.wp_id)] = None
            raise
        if attachment.wp_id:
            self._known[(kind, attachment.wp_id)] = pk
        return pk

    @staticmethod
    def _exists(kind: str, pk: int) -> bool:
        model = (
            get_image_model() if kind == ImportedObject.Kind.ATTACHMENT else get_document_model()
        )
        return model.objects.filter(pk=pk).exists()

    # -- reading ---------------------------------------------------------------------------

    def _read(self, attachment: Attachment) -> bytes:
        path = attachment.attached_file or upload_path(attachment.url)
        if self.uploads is not None and path:
            for candidate in dict.fromkeys((path, original_of(path))):
                file = (self.uploads / candidate).resolve()
                if not file.is_relative_to(self.uploads) or not file.is_file():
                    continue
                if file.stat().st_size > MAX_FILE_BYTES:
                    raise MediaMissing(f"{candidate} is larger than 25 MB")
                return file.read_bytes()
        if self.fetch and attachment.url.startswith(("http://", "https://")):
            return self._download(attachment.url)
        where = f"uploads/{path}" if path else attachment.url
        raise MediaMissing(f"{where} is not in the uploads folder")

    def _download(self, url: str) -> bytes:
        # http(s) only: open_checked refuses any other scheme (and private addresses).
        request = urllib.request.Request(  # noqa: S310 (checked by open_checked)
            url, headers={"User-Agent": "clinic-cms-import"}
        )
        try:
            with open_checked(request, timeout=FETCH_TIMEOUT) as response:
                if response.status != 200:
                    raise MediaMissing(f"{url} answered {response.status}")
                data = response.read(MAX_FILE_BYTES + 1)
        except TargetRefused as refused:
            raise MediaMissing(f"{url} was not fetched: {refused}") from refused
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise MediaMissing(f"{url} could not be fetched ({error})") from error
        if len(data) > MAX_FILE_BYTES:
            raise MediaMissing(f"{url} is larger than 25 MB")
        return data

    # -- storing ---------------------------------------------------------------------------

    def _store(self, attachment: Attachment, data: bytes, kind: str) -> int:
        name = posixpath.basename(attachment.attached_file or upload_path(attachment.url))
        name = name or f"wordpress-{attachment.wp_id}"
        file_hash = hash_filelike(io.BytesIO(data))
        if kind == ImportedObject.Kind.ATTACHMENT:
            pk = self._store_image(attachment, data, name, file_hash)
        else:
            pk = self._store_document(attachment, data, name, file_hash)
        if attachment.wp_id:
            ImportedObject.objects.update_or_create(
                source=self.source,
                kind=kind,
                wp_id=attachment.wp_id,
                defaults={"object_id": pk, "digest": file_hash},
            )
        return pk

    def _store_image(self, attachment: Attachment, data: bytes, name: str, file_hash: str) -> int:
        if extension(name) not in IMAGE_EXTENSIONS:
            raise MediaMissing(f"{name} is not an image")
        try:
            width, height = WillowImage.open(io.BytesIO(data)).get_size()
        except Exception as error:  # Willow raises many kinds for a broken file
            raise MediaMissing(f"{name} is not a readable image") from error
        model = get_image_model()
        same = model.objects.filter(file_hash=file_hash).values_list("pk", flat=True).first()
        if same is not None:
            return same
        image = model(
            title=(attachment.title or name)[:255],
            file=ImageFile(io.BytesIO(data), name=name),
            width=width,
            height=height,
            file_size=len(data),
            file_hash=file_hash,
            description=attachment.alt[:255],
        )
        image.save()
        self._written(image.file)
        return image.pk

    def _store_document(
        self, attachment: Attachment, data: bytes, name: str, file_hash: str
    ) -> int:
        if extension(name) not in DOCUMENT_EXTENSIONS:
            raise MediaMissing(f"{name} is not a document we keep")
        model = get_document_model()
        same = model.objects.filter(file_hash=file_hash).values_list("pk", flat=True).first()
        if same is not None:
            return same
        document = model(
            title=(attachment.title or name)[:255],
            file=ContentFile(data, name=name),
            file_size=len(data),
            file_hash=file_hash,
        )
        document.save()
        self._written(document.file)
        return document.pk

    def _written(self, file) -> None:
        self.imported += 1
        if self.dry_run:
            self.written.append((file.storage, file.name))

    def discard_written(self) -> None:
        """After a dry run (its rows rolled back): delete the files it stored."""
        for storage, name in self.written:
            storage.delete(name)
        self.written.clear()
