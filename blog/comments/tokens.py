"""Signed tokens for comment forms: issued by the API, checked for age when posting."""

from __future__ import annotations

import math
import time

from django.core import signing

FORM_SALT = "blog.comments.form"
MIN_AGE_SECONDS = 3  # people take longer than this to write a comment; scripts do not
MAX_AGE_SECONDS = 6 * 60 * 60


class FormTokenError(ValueError):
    pass


def issue_form_token(*, article_id: int, now: float | None = None) -> str:
    issued = int(now if now is not None else time.time())
    return signing.dumps({"a": article_id, "t": issued}, salt=FORM_SALT)


def check_form_token(token: str, *, article_id: int, now: float | None = None) -> None:
    now = now if now is not None else time.time()
    try:
        data = signing.loads(token, salt=FORM_SALT)
    except (signing.BadSignature, ValueError) as error:
        raise FormTokenError("The form has expired. Reload the page and try again.") from error
    if not isinstance(data, dict) or data.get("a") != article_id:
        raise FormTokenError("The form does not belong to this article. Reload the page.")
    issued = data.get("t")
    # A well-signed token with an odd payload (a string, NaN or infinity for the time) is
    # as invalid as a forged one.
    if type(issued) not in (int, float) or not math.isfinite(issued):
        raise FormTokenError("The form has expired. Reload the page and try again.")
    age = now - issued
    if age < MIN_AGE_SECONDS:
        raise FormTokenError("That was quick. Please wait a moment and send again.")
    if age > MAX_AGE_SECONDS:
        raise FormTokenError("The form has expired. Reload the page and try again.")
