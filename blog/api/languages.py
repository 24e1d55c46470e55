"""The language a content API read is served in (blog.languages.negotiation), as the views
and the schema see it: `?locale=`, else Accept-Language, else the default; an unknown
locale is a 400 naming it."""

from __future__ import annotations

import re

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from blog.languages.negotiation import UnknownLocale, default_chain, for_request


def request_languages(request: Request) -> tuple[str, ...]:
    """The fallback chain this read serves, its best language first."""
    try:
        return for_request(request).chain
    except UnknownLocale as unknown:
        raise ValidationError({"locale": [str(unknown)]}) from None


def is_default(chain: tuple[str, ...]) -> bool:
    return chain == default_chain()


LOCALE_PARAMETER = OpenApiParameter(
    "locale",
    str,
    enum=[code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES],
    description="The language to serve; without it, the Accept-Language header's best match, "
    "else the default. Each article comes once, in this language where it is translated, "
    "else the next of the language's fallbacks (docs/languages.md). Regional forms find "
    "their language (fr-CH: fr).",
)

_CODES = "|".join(re.escape(code) for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES)
LOCALES_PARAMETER = OpenApiParameter(
    "locales",
    str,
    pattern=rf"^({_CODES})(,({_CODES}))*$",
    description="Several languages at once, comma-separated (fr,en-gb): each article once "
    "along each language's fallbacks. `locale`, when given too, wins.",
)
