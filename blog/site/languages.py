"""A website page's languages: the page in the language it is written in, and the readable
translations of it that a language switcher and `hreflang` alternates link to.

Only translations a reader may open are named: live, in schedule and unrestricted, and
not a wagtail-localize alias of an untranslated page (the tree sync's placeholders show
the source's text under another language's address: never a translation).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.text import capfirst
from wagtail.models import Page

from blog.events import language_of_locale
from blog.models import ArticlePage
from blog.models.article import unrestricted


@dataclass(frozen=True)
class PageLanguage:
    code: str  # a content language's code: "fr"
    name: str  # in its own language: "Français"
    url: str  # the page in this language: relative on the same site, for the switcher
    full_url: str  # absolute, for hreflang
    current: bool  # the page being read


def language_of(page: Page | None) -> str:
    """The language `page` is written in; the active one without a page."""
    locale_id = getattr(page, "locale_id", None)
    return language_of_locale(locale_id) or translation.get_language() or settings.LANGUAGE_CODE


def is_right_to_left(code: str) -> bool:
    try:
        return translation.get_language_info(code)["bidi"]
    except KeyError:
        return False


def _readable_translations(page: Page) -> list[Page]:
    """In one query (Wagtail's .public() costs one more)."""
    if isinstance(page, ArticlePage):
        pages = ArticlePage.objects.readable()
    else:
        pages = Page.objects.live().filter(unrestricted())
    pages = pages.filter(translation_key=page.translation_key, alias_of__isnull=True)
    return list(pages.exclude(pk=page.pk))


def page_languages(page: Page | None, request: HttpRequest | None) -> list[PageLanguage]:
    """`page` and its readable translations, in the configured languages' order; none
    with one content language, or for a page not saved yet (a preview)."""
    if page is None or page.pk is None or not settings.WAGTAIL_I18N_ENABLED:
        return []
    cached = getattr(request, "_blog_page_languages", None)
    if cached is not None and cached[0] == page.pk:
        return cached[1]
    order = [code for code, _ in settings.LANGUAGES]
    names = dict(settings.LANGUAGES)
    found = []
    for each in [page, *_readable_translations(page)]:
        code = language_of(each)
        url, full_url = each.get_url(request), each.get_full_url(request)
        if code in names and url and full_url:
            name = capfirst(names[code])  # "Français", as a menu of languages writes it
            current = each.pk == page.pk
            found.append(PageLanguage(code, name, url, full_url, current=current))
    found.sort(key=lambda language: order.index(language.code))
    if len(found) == 1:
        found = []  # nothing to switch to
    if request is not None:
        request._blog_page_languages = (page.pk, found)
    return found
