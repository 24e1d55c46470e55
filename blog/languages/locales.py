"""Wagtail's locales follow the settings: each language of CONTENT_LANGUAGES has one.

Wagtail leaves locales to Settings > Locales; here they are configuration, as a deployment's
languages should be, and are made after every migration. A locale the settings no longer
name is left alone: its pages stay in the tree, unpublished languages never show.
"""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Locale


def configured_languages() -> list[str]:
    """The content languages' codes, the default first."""
    return [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES]


def ensure_locales() -> list[Locale]:
    """Create the locale of any configured language that has none; the ones created."""
    have = {code.lower() for code in Locale.objects.values_list("language_code", flat=True)}
    return [
        Locale.objects.create(language_code=code)
        for code in configured_languages()
        if code.lower() not in have
    ]
