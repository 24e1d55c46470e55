"""The article page's comment form: what it shows, and what a plain (no-JavaScript) POST of
it means.

The form is checked by the API's own input serializer, so a rule, a limit or an error message
is written once and reads the same whichever way a reader posts. Its messages, DRF's and the
serializer's own, are in the language active while it validates: the page's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext, ngettext

from blog.api.comment_serializers import CommentInputSerializer
from blog.comments.posting import CommentInput
from blog.comments.tokens import issue_form_token
from blog.models import ReaderComment

TEXT_FIELDS = ("name", "email", "website", "body")
# In the order they appear: focus goes to the first with an error.
FIELD_ORDER = ("name", "email", "website", "body", "consent")


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


def correct_the_problems(total: int) -> str:
    """The form's summary of its errors, in the active language's plural form (the script
    takes one for each number of fields it may find in error: blog_site.problem_messages)."""
    return ngettext(
        "Please correct the %(total)s problem below.",
        "Please correct the %(total)s problems below.",
        total,
    ) % {"total": total}


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
    errors = {} if valid else {k: [str(m) for m in v] for k, v in serializer.errors.items()}
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
