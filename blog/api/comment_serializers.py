"""Input and output shapes of reader comments. No email, address or user agent goes out."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from blog.comments.posting import CommentInput
from blog.comments.rendering import INVISIBLE, clean_line, has_visible_character

# Characters that only markup needs; a person's name or a web address never does.
MARKUP_CHARACTERS = set('<>"`')
URL_FORBIDDEN = MARKUP_CHARACTERS | {"'", "\\"}

# The rules below are also the fields' `pattern`s in the API schema (schema_hooks), so that
# a client, or a fuzzer, can tell exactly which input is accepted. They are ECMA-262 (read
# with the `u` flag, as JSON Schema does) and Python alike, and made of lookaheads only:
# schemathesis folds maxLength into any other shape of pattern by rewriting it, and writes the
# invisible characters above U+FFFF as `\U0001xxxx`, which ECMA-262 rejects, so it generated
# no comment at all. A lookahead-only pattern it leaves as written.
# A name: one line, no markup characters, something visible.
NAME = re.compile(f'^(?![\\s\\S]*[<>"`\\r\\n])(?=[\\s\\S]*[^{INVISIBLE}])')
# A body: something visible somewhere.
BODY = re.compile(f"^(?=[\\s\\S]*[^{INVISIBLE}])")
# An absolute http(s) address in plain ASCII: a host name or IPv4 address, an optional port,
# then a path, query or fragment without spaces, quotes, < > \\ or `.
WEBSITE = re.compile(
    r"^([Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9]([-.A-Za-z0-9]*[A-Za-z0-9])?(:[0-9]{1,5})?"
    r"([/?#][!#-&(-;=?-\[\]-_a-~]*)?)?$"
)
INPUT_PATTERNS = {"name": NAME, "body": BODY, "website": WEBSITE}


class StrictCharField(serializers.CharField):
    """Text only: DRF would turn a number into a string; a form field never sends one."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class PlainTextField(StrictCharField):
    """Text that is cleaned of control characters before use: a NUL is dropped with the
    others (clean_line, clean_text), or makes a token invalid, rather than being refused."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=str(data)[:20])
        return data


def _single_line(value: str) -> str:
    if "\r" in value or "\n" in value:
        raise serializers.ValidationError(gettext("Use a single line."))
    return value


def _required(message: str) -> dict[str, str]:
    return {"required": message, "blank": message}


# The messages this serializer writes are in the language active while it validates: the
# article's, for the API (blog.api.comments) and the website (blog.site.comment_form) alike.
# DRF's own messages ("Ensure this field has no more than 80 characters.") are translated
# by DRF the same way. Lazy where they are written once, at import.
NAME_REQUIRED = gettext_lazy("Name is required.")
COMMENT_REQUIRED = gettext_lazy("Comment is required.")


class CommentInputSerializer(serializers.Serializer):
    """Every string is plain text: the front end must escape it. Only `body_html` in
    responses is HTML (already sanitised)."""

    # No trimming before the length checks: the schema's maxLength counts what is sent.
    name = PlainTextField(
        max_length=80,
        trim_whitespace=False,
        validators=[_single_line],
        error_messages=_required(NAME_REQUIRED),
    )
    email = serializers.EmailField(
        max_length=254,
        trim_whitespace=False,
        error_messages=_required(gettext_lazy("Email is required.")),
    )
    website = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    body = PlainTextField(
        max_length=5000, trim_whitespace=False, error_messages=_required(COMMENT_REQUIRED)
    )
    parent = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**63 - 1, default=None
    )
    consent = StrictBooleanField(
        help_text="The reader agrees to the privacy notice; required.",
        error_messages={"required": gettext_lazy("Please agree to the privacy notice.")},
    )
    notify_on_reply = StrictBooleanField(required=False, default=False)
    form_token = PlainTextField(
        max_length=500,
        trim_whitespace=False,
        error_messages=_required(gettext_lazy("Form token is required.")),
    )
    # A field people never see: scripts that fill every field fill it.
    homepage = PlainTextField(required=False, allow_blank=True, default="", max_length=200)

    def validate_name(self, value: str) -> str:
        if MARKUP_CHARACTERS & set(value):
            raise serializers.ValidationError(gettext('A name cannot contain < > " or `.'))
        name = clean_line(value)
        if not has_visible_character(name):
            raise serializers.ValidationError(str(NAME_REQUIRED))
        return name

    def validate_email(self, value: str) -> str:
        return _single_line(value)

    def validate_body(self, value: str) -> str:
        if not has_visible_character(value):
            raise serializers.ValidationError(str(COMMENT_REQUIRED))
        return value

    def validate_website(self, value: str) -> str:
        if not value:
            return value
        if URL_FORBIDDEN & set(value) or any(c.isspace() or not c.isprintable() for c in value):
            raise serializers.ValidationError(
                gettext("Enter a plain web address, without spaces, quotes or < >.")
            )
        if not WEBSITE.fullmatch(value):
            authority = re.split(r"[/?#]", value.partition("://")[2])[0]
            raise serializers.ValidationError(
                gettext("Enter a web address without a user name.")
                if "@" in authority
                else gettext("Enter a web address starting with http:// or https://.")
            )
        parts = urlsplit(value)
        # One spelling per address: scheme and host in lower case, a bare host gets "/".
        return urlunsplit(
            (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, "")
        )

    def validate_consent(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(gettext("Please agree to the privacy notice."))
        return value

    def comment_input(self) -> CommentInput:
        """The checked fields as the posting service takes them (API and website alike)."""
        data = self.validated_data
        return CommentInput(
            name=data["name"],
            email=data["email"],
            body=data["body"],
            website=data["website"],
            parent_id=data["parent"],
            consent=data["consent"],
            notify_on_reply=data["notify_on_reply"],
        )


class StaffSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField()
    credentials = serializers.CharField(allow_blank=True)


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    author_name = serializers.CharField(help_text="Plain text: escape it.")
    website = serializers.CharField(
        allow_blank=True, help_text="An absolute http(s) URL, or empty. Plain text: escape it."
    )
    body_html = serializers.CharField(help_text="Safe HTML; links are nofollow ugc.")
    created_at = serializers.DateTimeField()
    is_staff_reply = serializers.BooleanField()
    staff = serializers.SerializerMethodField()
    reply_count = serializers.IntegerField()
    replies = serializers.SerializerMethodField()
    visible = serializers.BooleanField(
        default=True,
        help_text="False for a comment under review or removed that still has approved "
        "replies: a placeholder, without name, website or text, that keeps its thread.",
    )
    placeholder = serializers.CharField(
        default="",
        help_text="For a comment that is not visible, the sentence to show in its place "
        "(never published, being reviewed, or removed); empty otherwise.",
    )

    def to_representation(self, comment) -> dict:
        data = super().to_representation(comment)
        if not data["visible"]:
            data.update(author_name="", website="", body_html="", is_staff_reply=False, staff=None)
        return data

    @extend_schema_field(StaffSerializer(allow_null=True))
    def get_staff(self, comment) -> dict | None:
        if not (comment.is_staff_reply and comment.staff_author):
            return None
        return StaffSerializer(comment.staff_author).data

    @extend_schema_field({"type": "array", "items": {"$ref": "#/components/schemas/Comment"}})
    def get_replies(self, comment) -> list[dict]:
        return CommentSerializer(comment.reply_list, many=True).data


class CommentPageSerializer(serializers.Serializer):
    notice = serializers.CharField(help_text="Shown above the comments: not medical advice.")
    count = serializers.IntegerField(help_text="Approved comments on the article.")
    open = serializers.BooleanField()
    results = CommentSerializer(many=True)
    next = serializers.CharField(allow_null=True, help_text="URL of the next page of threads.")


class PostedCommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["pending", "approved"])
    message = serializers.CharField()


class FormTokenSerializer(serializers.Serializer):
    form_token = serializers.CharField()
    min_seconds = serializers.IntegerField()
