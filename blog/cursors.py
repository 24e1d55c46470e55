"""Opaque cursors for sync and comment pages: small JSON objects in URL-safe base64.

Only the shape is checked here; each cursor type checks its own fields. Anything a client
could send that is not a cursor we issued raises CursorError, which views turn into a 410
(blog.api.params.cursor_param): the client starts again without a cursor.
"""

from __future__ import annotations

import base64
import binascii
import json

MAX_LENGTH = 200
INVALID = "The cursor is not one this API issued."


class CursorError(ValueError):
    pass


def encode(data: dict) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(text: str) -> dict:
    if len(text) > MAX_LENGTH:
        raise CursorError("The cursor is too long.")
    try:
        data = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise CursorError(INVALID) from error
    if not isinstance(data, dict):
        raise CursorError(INVALID)
    return data


def counter(data: dict, key: str, *, minimum: int = 0) -> int:
    """An integer field of a cursor, within the range of a database id."""
    value = data.get(key)
    if type(value) is not int or not minimum <= value < 2**63:
        raise CursorError(INVALID)
    return value
