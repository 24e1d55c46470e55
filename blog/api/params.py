"""Whole numbers and cursors from URLs and query strings, parsed strictly: a bad value is a
400 naming the parameter (what a number is: blog.parsing).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from rest_framework.exceptions import ValidationError

from blog import cursors
from blog.api.exceptions import Gone
from blog.parsing import EMPTY, MAX_ID, is_ascii_number

T = TypeVar("T")

__all__ = ["EMPTY", "MAX_ID", "cursor_param", "is_ascii_number", "whole_number"]


def whole_number(
    raw: str | None,
    *,
    param: str,
    default: int | None = None,
    maximum: int = MAX_ID,
    message: str | None = None,
) -> int | None:
    """The number in `raw` (1 to `maximum`), `default` when absent, or a 400 naming `param`
    (also when present but empty: `?page=` is a mistake, not a request for the default)."""
    if raw is None:
        return default
    if raw == "":
        raise ValidationError({param: [EMPTY]})
    if not is_ascii_number(raw) or not 1 <= int(raw) <= maximum:
        raise ValidationError({param: [message or f"Enter a whole number from 1 to {maximum}."]})
    return int(raw)


_CURSOR_TEXT = re.compile(r"[-A-Za-z0-9_]+")


def cursor_param(raw: str | None, *, param: str, decode: Callable[[str], T]) -> T | None:
    """The cursor in `raw` decoded with `decode`, or None when absent. An empty, overlong or
    non-base64url value is a 400 (the schema's pattern says so); one that has the right
    shape but that this API did not issue is a 410: start again without the cursor."""
    if raw is None:
        return None
    if raw == "":
        raise ValidationError({param: [EMPTY]})
    if len(raw) > cursors.MAX_LENGTH or not _CURSOR_TEXT.fullmatch(raw):
        raise ValidationError(
            {param: [f"A cursor is 1 to {cursors.MAX_LENGTH} letters, digits, - and _."]}
        )
    try:
        return decode(raw)
    except cursors.CursorError as error:
        raise Gone({param: [f"{error} Start again without {param}."]}) from error
