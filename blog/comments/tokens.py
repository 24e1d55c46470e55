"""Signed tokens for comment forms: issued by the API, checked for age when posting."""

from __future__ import annotations

import hashlib
import math
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

FORM_SALT = "blog.comments.form"
MIN_AGE_SECONDS = 3  # people take longer than this to write a comment; scripts do not
MAX_AGE_SECONDS = 6 * 60 * 60


class FormTokenError(ValueError):
    pass


class FormTooQuick(FormTokenError):
    """Sent sooner after the form was shown than a person writes; fine in `wait` seconds."""

    def __init__(self, message: str, *, wait: int) -> None:
        super().__init__(message)
        self.wait = wait


def issue_form_token(*, article_id: int, now: float | None = None) -> str:
    issued = int(now if now is not None else time.time())
    # The nonce makes each form's token its own, so two readers who open the form in the same
    # second do not share its budget of posts (spend_form_token).
    return signing.dumps(
        {"a": article_id, "t": issued, "n": secrets.token_urlsafe(6)}, salt=FORM_SALT
    )


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
        wait = math.ceil(MIN_AGE_SECONDS - age)
        raise FormTooQuick("That was quick. Please wait a moment and send again.", wait=wait)
    if age > MAX_AGE_SECONDS:
        raise FormTokenError("The form has expired. Reload the page and try again.")


def spend_form_token(token: str) -> None:
    """Count one post made with `token`; FormTokenError once it has served its share.

    A form is shown to one reader, who posts a comment or a few: a token that keeps posting
    belongs to a script. The count lives in the cache (Redis in production, shared by every
    process) for as long as the token is valid.
    """
    key = "form-token-uses:" + hashlib.sha256(token.encode()).hexdigest()[:40]
    cache.add(key, 0, MAX_AGE_SECONDS)
    try:
        uses = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, MAX_AGE_SECONDS)
        uses = 1
    if uses > settings.COMMENTS_FORM_TOKEN_MAX_POSTS:
        raise FormTokenError("This form has been used too often. Reload the page.")
