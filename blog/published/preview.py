"""Short-lived signed tokens that let a front end fetch one draft revision of one article."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from wagtail.models import Revision

from blog.models import ArticlePage

SALT = "blog.api.preview"
MAX_TOKEN_LENGTH = 512


class PreviewTokenError(Exception):
    """The token cannot open a preview; the message is safe to show the editor."""


def make_token(*, page_id: int, revision_id: int) -> str:
    return signing.dumps({"p": page_id, "r": revision_id}, salt=SALT, compress=True)


def read_token(token: str, *, max_age: int | None = None) -> tuple[int, int]:
    """(page id, revision id) from a valid token; PreviewTokenError otherwise."""
    max_age = settings.PREVIEW_TOKEN_MAX_AGE if max_age is None else max_age
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise PreviewTokenError(
            "This preview link has expired. Open the preview again from the editor."
        ) from error
    except (signing.BadSignature, ValueError) as error:
        raise PreviewTokenError("This preview token is not valid.") from error
    if not isinstance(data, dict):
        raise PreviewTokenError("This preview token is not valid.")
    page_id, revision_id = data.get("p"), data.get("r")
    if type(page_id) is not int or type(revision_id) is not int:
        raise PreviewTokenError("This preview token is not valid.")
    return page_id, revision_id


def draft_for_token(token: str, *, page_id: int | None = None) -> ArticlePage:
    """The article as saved in the token's revision; only the page the token names."""
    token_page, revision_id = read_token(token)
    if page_id is not None and page_id != token_page:
        raise PreviewTokenError("This preview token belongs to another article.")
    revision = (
        Revision.page_revisions.filter(pk=revision_id, object_id=str(token_page))
        .select_related("content_type")
        .first()
    )
    if revision is None or revision.content_type.model_class() is not ArticlePage:
        raise PreviewTokenError("The draft for this preview no longer exists.")
    return revision.as_object()
