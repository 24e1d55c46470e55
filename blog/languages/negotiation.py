"""Which language a read is served in: `?locale=` when given, else the reader's
`Accept-Language`, else the default language; then that language's fallback chain.

No query: the configured languages and their chains are settings. The header is read by
Django's own parser, and a language matched to a published one as Wagtail's routing does
(`get_supported_content_language_variant`): a regional form finds its language (`fr-CH`
finds `fr`), a generic form a regional one when that is all there is (`en` finds `en-gb`).
`*` means the default, and a choice of q=0 is refused, as RFC 9110 says.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation.trans_real import parse_accept_lang_header
from wagtail.coreutils import get_supported_content_language_variant

from blog.models.language_chains import chain_of


class UnknownLocale(ValueError):
    """`?locale=` named a language this clinic does not publish in."""

    def __init__(self, value: str):
        self.value = value
        offered = ", ".join(configured())
        super().__init__(f"Unknown locale “{value[:40]}”: this API serves {offered}.")


@dataclass(frozen=True)
class Negotiated:
    locale: str  # a configured language code, e.g. "fr"
    chain: tuple[str, ...]  # it, then its fallbacks: ("fr", "en-gb")
    by_header: bool  # Accept-Language decided it: the response varies on that header


def configured() -> list[str]:
    return [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES]


def match(code: str) -> str | None:
    """The published language `code` means, or None when the clinic publishes nothing in
    that language."""
    try:
        return get_supported_content_language_variant(code.strip().lower().replace("_", "-"))
    except LookupError:
        return None


def parse_accept_language(header: str) -> list[str]:
    """The reader's language ranges, most wanted first (lower-cased; stable for equal
    q-values; none for a malformed header)."""
    return [language for language, quality in parse_accept_lang_header(header) if quality > 0]


def negotiate(*, locale_param: str | None, accept_language: str | None) -> Negotiated:
    """Raises UnknownLocale for a `?locale=` the clinic does not publish in."""
    default = configured()[0]
    if locale_param is not None:
        found = match(locale_param) if locale_param.strip() else None
        if found is None or len(locale_param) > 40:
            raise UnknownLocale(locale_param)
        return Negotiated(found, chain_of(found), by_header=False)
    multilingual = len(configured()) > 1
    for wanted in parse_accept_language(accept_language or "") if multilingual else []:
        found = default if wanted == "*" else match(wanted)
        if found is not None:
            return Negotiated(found, chain_of(found), by_header=True)
    # With a header that named nothing we publish, the header still decided.
    return Negotiated(default, chain_of(default), by_header=multilingual and bool(accept_language))


def several(value: str) -> list[str]:
    """The published languages a comma-separated `?locales=` names, in its order; raises
    UnknownLocale for the first that names none."""
    if len(value) > 200:
        raise UnknownLocale(value)
    found = []
    for code in value.split(","):
        language = match(code) if code.strip() else None
        if language is None:
            raise UnknownLocale(code)
        found.append(language)
    return list(dict.fromkeys(found))


def for_request(request, *, several_allowed: bool = False) -> Negotiated:
    """`negotiate` for a request, once (DRF's Request wraps the HttpRequest that the
    response cache sees); raises UnknownLocale for a `?locale=` not published. Where
    `several_allowed` (the app's sync), `?locales=fr,de` asks for several languages at
    once: `locale` then names them all ("fr, de", as Content-Language lists them) and
    `chain` holds every language of their chains."""
    http = getattr(request, "_request", request)
    found = getattr(http, "_blog_language", None)
    if found is None:
        if several_allowed and "locales" in http.GET and "locale" not in http.GET:
            codes = several(http.GET["locales"])
            chain = tuple(dict.fromkeys(c for code in codes for c in chain_of(code)))
            found = Negotiated(", ".join(codes), chain, by_header=False)
        else:
            found = negotiate(
                locale_param=http.GET.get("locale"),
                accept_language=http.META.get("HTTP_ACCEPT_LANGUAGE"),
            )
        http._blog_language = found
    return found


def chains_of(found: Negotiated) -> list[tuple[str, ...]]:
    """The fallback chain of each language `found` names (several for `?locales=`)."""
    return [chain_of(code) for code in found.locale.split(", ")]


def default_chain() -> tuple[str, ...]:
    return chain_of(configured()[0])
