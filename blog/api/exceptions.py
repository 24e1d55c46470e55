"""API errors beyond DRF's own: each answers with a JSON body naming the field or parameter.

DRF's handler turns them into responses; `wait` becomes a Retry-After header.
"""

from __future__ import annotations

from rest_framework.exceptions import APIException


class Conflict(APIException):
    """409: the request is well formed but clashes with what is stored (the same comment
    was just posted)."""

    status_code = 409
    default_detail = "Conflict."
    default_code = "conflict"


class Gone(APIException):
    """410: a well-formed value that names nothing any more (or never did), such as a cursor
    this API did not issue. The client starts again from the beginning."""

    status_code = 410
    default_detail = "Gone."
    default_code = "gone"


class NotYet(APIException):
    """429 with Retry-After: the same request will succeed after `wait` seconds."""

    status_code = 429
    default_detail = "Not yet."
    default_code = "not_yet"

    def __init__(self, detail: dict, *, wait: int) -> None:
        super().__init__(detail)
        self.wait = wait
