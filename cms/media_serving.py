"""Uploaded images served by the web process itself when media is on local storage.

A clinic on one server without object storage still gets the images the API hands out
(with DEBUG off nothing else serves MEDIA_ROOT). Werkzeug's `send_from_directory` does the
HTTP: a path outside MEDIA_ROOT is refused (safe_join), ETag and Last-Modified answer a
conditional GET with 304, a Range request gets its bytes (206, or 416 past the end).

Only Wagtail's images are served, never a directory listing: documents live under the same
root but go through Wagtail's /documents/ view, which enforces their privacy. A patient photo
whose consent ended is gone from its old address (the original moved to a new random name,
the renditions deleted), so its old URLs are 404s here as everywhere.

With S3 storage the bucket serves media; this view then answers 404 for anything.
"""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage, storages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe
from werkzeug.exceptions import NotFound, RequestedRangeNotSatisfiable
from werkzeug.utils import send_from_directory

# Renditions' names carry the filter and a hash of the focal point, and a new upload never
# takes an old name: a year, like the bucket's objects. Originals are fetched rarely and
# moved when a patient's consent ends: browsers revalidate them after an hour.
RENDITION_MAX_AGE = 365 * 24 * 60 * 60
ORIGINAL_MAX_AGE = 60 * 60
SERVED_FOLDERS = {"images": RENDITION_MAX_AGE, "original_images": ORIGINAL_MAX_AGE}


def _local_storage() -> FileSystemStorage | None:
    storage = storages["default"]
    return storage if isinstance(storage, FileSystemStorage) else None


@require_safe
def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    storage = _local_storage()
    folder = path.partition("/")[0]
    if storage is None or folder not in SERVED_FOLDERS:
        raise Http404
    try:
        sent = send_from_directory(
            storage.location, path, request.META, max_age=SERVED_FOLDERS[folder]
        )
    except NotFound as error:
        raise Http404 from error
    except RequestedRangeNotSatisfiable as error:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{error.length}"
        return response
    # What werkzeug would send as a WSGI app: no body (the file closed) for HEAD and 304,
    # whose headers lose the body's length and type.
    body, _, headers = sent.get_wsgi_response(request.META)
    response = StreamingHttpResponse(body, status=sent.status_code)
    del response["Content-Type"]  # werkzeug's, or none for a 304
    for name, value in headers:
        response[name] = value
    if sent.status_code == 200 and folder == "images":
        response["Cache-Control"] += ", immutable"
    return response
