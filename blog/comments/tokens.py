"""Signed tokens for comment forms: issued by the API, checked for age when posting, and
counted in the database (blog.models.FormTokenUse) so a form's budget of posts outlives a
cache restart."""

from __future__ import annotations

import datetime
import hashlib
import math
import secrets
import time

from django.conf import settings
from django.core import signing
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from blog.models import FormTokenUse

FORM_SALT = "blog.comments.form"
# The default of COMMENTS_FORM_MIN_SECONDS: people take longer than this to write a comment;
# scripts do not. The setting decides (form_min_seconds).
MIN_AGE_SECONDS = 3
MAX_AGE_SECONDS = 6 * 60 * 60
# The messages are in the language active where the token is checked: the article's, for
# the API (blog.api.comments).
EXPIRED = gettext_lazy("The form has expired. Reload the page and try again.")


def form_min_seconds() -> int:
    """How old a form must be before it may be sent (COMMENTS_FORM_MIN_SECONDS)."""
    return settings.COMMENTS_FORM_MIN_SECONDS


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
        raise FormTokenError(str(EXPIRED)) from error
    if not isinstance(data, dict) or data.get("a") != article_id:
        raise FormTokenError(gettext("The form does not belong to this article. Reload the page."))
    issued = data.get("t")
    # A well-signed token with an odd payload (a string, NaN or infinity for the time) is
    # as invalid as a forged one.
    if type(issued) not in (int, float) or not math.isfinite(issued):
        raise FormTokenError(str(EXPIRED))
    age = now - issued
    min_age = form_min_seconds()
    if age < min_age:
        wait = math.ceil(min_age - age)
        raise FormTooQuick(
            gettext("That was quick. Please wait a moment and send again."), wait=wait
        )
    if age > MAX_AGE_SECONDS:
        raise FormTokenError(str(EXPIRED))


def spend_form_token(token: str) -> None:
    """Count one post made with `token`; FormTokenError once it has served its share.

    A form is shown to one reader, who posts a comment or a few: a token that keeps posting
    belongs to a script. The count is a database row, taken with one conditional UPDATE:
    two processes posting at once cannot both take the last use, and a cache restart does
    not give a used-up token a fresh budget.
    """
    now = timezone.now()
    token_hash = hashlib.sha256(token.encode()).hexdigest()
    FormTokenUse.objects.bulk_create(
        [
            FormTokenUse(
                token_hash=token_hash,
                expires_at=now + datetime.timedelta(seconds=MAX_AGE_SECONDS),
            )
        ],
        ignore_conflicts=True,  # another process made it first: it is the same budget
    )
    taken = FormTokenUse.objects.filter(
        token_hash=token_hash, uses__lt=settings.COMMENTS_FORM_TOKEN_MAX_POSTS
    ).update(uses=F("uses") + 1)
    if not taken:
        raise FormTokenError(gettext("This form has been used too often. Reload the page."))


def prune_form_token_uses(*, now: datetime.datetime | None = None) -> int:
    """Delete the counts of forms that have expired (no post can use them any more); the
    number deleted. The worker's clock runs it hourly, `manage.py comments_purge` daily;
    not on the post itself, which makes two queries and no more."""
    deleted, _ = FormTokenUse.objects.filter(expires_at__lt=now or timezone.now()).delete()
    return deleted
