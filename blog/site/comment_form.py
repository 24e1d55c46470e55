"""The article page's comment form: what it shows, and what a plain (no-JavaScript) POST of
it means.

The form is checked by the API's own input serializer, so a rule, a limit or an error message
is written once and reads the same whichever way a reader posts. The website shows those
messages in the reader's language: DRF's own are translated by DRF, and the serializer's are
translated here (SERIALIZER_MESSAGES), from the project's catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext, gettext_noop

from blog.api.comment_serializers import CommentInputSerializer
from blog.comments.posting import CommentInput
from blog.comments.tokens import issue_form_token
from blog.models import ReaderComment

TEXT_FIELDS = ("name", "email", "website", "body")
# In the order they appear: focus goes to the first with an error.
FIELD_ORDER = ("name", "email", "website", "body", "consent")

# The messages blog/api/comment_serializers.py writes in English, marked here so that they are
# in the catalogue: the website looks each error up (_translated) and shows it in the reader's
# language. Keep this list in step with the serializer's wording.
SERIALIZER_MESSAGES = (
    gettext_noop("Name is required."),
    gettext_noop("Email is required."),
    gettext_noop("Comment is required."),
    gettext_noop("Use a single line."),
    gettext_noop('A name cannot contain < > " or `.'),
    gettext_noop("Enter a plain web address, without spaces, quotes or < >."),
    gettext_noop("Enter a web address without a user name."),
    gettext_noop("Enter a web address starting with http:// or https://."),
    gettext_noop("Please agree to the privacy notice."),
)


@dataclass
class CommentFormState:
    """Values, errors and hidden fields of one rendering of the form."""

    form_token: str
    values: dict[str, str] = field(default_factory=dict)
    checked: dict[str, bool] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    form_error: str = ""
    parent: ReaderComment | None = None

    @property
    def first_error(self) -> str:
        return next((name for name in FIELD_ORDER if name in self.errors), "")


def _translated(message: object) -> str:
    """An error in the reader's language: DRF's own messages are already (lazily) translated,
    the serializer's English ones are looked up in the catalogue."""
    text = str(message)
    return gettext(text) if text in SERIALIZER_MESSAGES else text


def blank_form(*, article_id: int, parent: ReaderComment | None = None) -> CommentFormState:
    return CommentFormState(form_token=issue_form_token(article_id=article_id), parent=parent)


def _text(data: QueryDict, name: str) -> str:
    value = data.get(name, "")
    return value if isinstance(value, str) else ""


@dataclass
class Submission:
    """A POSTed form, checked: `data` is set when every field is valid."""

    state: CommentFormState
    data: CommentInput | None
    token: str
    honeypot: bool


def read_submission(post: QueryDict, *, article_id: int) -> Submission:
    values = {name: _text(post, name) for name in TEXT_FIELDS}
    checked = {name: post.get(name) == "on" for name in ("consent", "notify_on_reply")}
    token = _text(post, "form_token")
    parent_text = _text(post, "parent").strip()
    serializer = CommentInputSerializer(
        data={
            **values,
            **checked,
            "parent": parent_text or None,
            "form_token": token,
            "homepage": _text(post, "homepage"),
        }
    )
    valid = serializer.is_valid()
    errors = {} if valid else {k: [_translated(m) for m in v] for k, v in serializer.errors.items()}
    form_error = ""
    if "parent" in errors:  # a hand-edited hidden field: post as a new comment instead
        form_error = gettext("The comment you replied to could not be found.")
    if "form_token" in errors or "homepage" in errors:
        form_error = gettext("The form has expired. Check your comment and send it again.")
    state = CommentFormState(
        # A fresh token: a rendering with errors must be sendable again as it is.
        form_token=issue_form_token(article_id=article_id),
        values=values,
        checked=checked,
        errors={k: v for k, v in errors.items() if k in FIELD_ORDER},
        form_error=form_error,
    )
    if not valid or form_error:
        return Submission(state=state, data=None, token=token, honeypot=False)
    return Submission(
        state=state,
        data=serializer.comment_input(),
        token=token,
        honeypot=bool(serializer.validated_data["homepage"]),
    )
