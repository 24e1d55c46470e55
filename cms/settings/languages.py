"""The languages a clinic publishes in (docs/languages.md).

CONTENT_LANGUAGES lists them, the default first: `en-gb,fr` unless set. One language turns
the feature off: Wagtail's internationalisation stays disabled and nothing about languages
shows in the admin, the API or the website. LANGUAGE_FALLBACKS adds steps to a language's
fallback chain (`fr-ca:fr` serves French where a Canadian French text is missing); every chain
ends with the default language, and a regional language falls back to its generic form when
that is published too.
"""

from __future__ import annotations

import environ
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()


def _name(code: str) -> str:
    info = LANG_INFO.get(code) or LANG_INFO.get(code.split("-")[0])
    if info is None:
        raise ImproperlyConfigured(
            f"CONTENT_LANGUAGES: {code!r} is not a language code Django knows (like en-gb or fr)."
        )
    return info.get("name_local") or info["name"]


def _codes(raw: list[str]) -> list[str]:
    codes = []
    for code in (c.strip().lower().replace("_", "-") for c in raw):
        if code and code not in codes:
            codes.append(code)
    return codes


_DEFAULT = env.str("LANGUAGE_CODE", default="en-gb").lower()
CONTENT_LANGUAGE_CODES = _codes(env.list("CONTENT_LANGUAGES", default=[_DEFAULT, "fr"]))
if not CONTENT_LANGUAGE_CODES:
    raise ImproperlyConfigured("CONTENT_LANGUAGES is empty: name at least one language.")

LANGUAGE_CODE = CONTENT_LANGUAGE_CODES[0]
LANGUAGES = [(code, _name(code)) for code in CONTENT_LANGUAGE_CODES]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = len(LANGUAGES) > 1
# The admin's own interface languages are Wagtail's, whatever the content languages are.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en", "English"), *LANGUAGES]

# Translations made with wagtail-localize start as drafts: a translation is published through
# the same checks as any page (compliance, patient consent, medical review).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None  # off: nothing leaves the clinic to be translated


def fallback_chains(codes: list[str], raw: list[str]) -> dict[str, list[str]]:
    """Each language's chain, itself first, from LANGUAGE_FALLBACKS items
    (`fr-ca:fr|en-gb`): then its generic form when published (`fr-ca` → `fr`), then the
    default language (the first of `codes`)."""
    chains: dict[str, list[str]] = {}
    for item in raw:
        language, _, rest = item.partition(":")
        steps = _codes(rest.split("|"))
        language = next(iter(_codes([language])), "")
        unknown = [c for c in [language, *steps] if c not in codes]
        if not language or not steps or unknown:
            raise ImproperlyConfigured(
                f"LANGUAGE_FALLBACKS: {item!r} should read LANGUAGE:FALLBACK[|FALLBACK...] "
                f"with languages from CONTENT_LANGUAGES ({', '.join(codes)})."
            )
        chains[language] = steps
    result = {}
    for code in codes:
        chain = [code, *chains.get(code, [])]
        generic = code.split("-")[0]
        if generic != code and generic in codes:
            chain.append(generic)
        chain.append(codes[0])
        result[code] = list(dict.fromkeys(chain))
    return result


# Each language's chain, itself first: {"fr-ca": ["fr-ca", "fr", "en-gb"], ...}.
LANGUAGE_FALLBACKS = fallback_chains(
    CONTENT_LANGUAGE_CODES, env.list("LANGUAGE_FALLBACKS", default=[])
)
