"""The demo's translations (docs/languages.md): for each language of content.json's
`translations` that the clinic publishes in, its home page, article index, some treatments,
authors and articles, translated the way staff do it with wagtail-localize (a synced
translation of each, its strings filled in) and published.

A language the settings do not name is skipped, and an object already translated into a
language is left as it is, so the seed can run again.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from blog.models import ArticleIndexPage, ArticlePage, Author, HomePage, Treatment

Spec = dict[str, Any]


def _translate(instance, locale: Locale, strings: dict[str, str]) -> bool:
    """Translate `instance` into `locale` with `strings` (source text → translation) and
    publish it; False when it was translated already."""
    if instance.has_translation(locale):
        return False
    source, _ = TranslationSource.get_or_create_from_instance(instance)
    Translation.objects.get_or_create(source=source, target_locale=locale)
    for segment in source.stringsegment_set.select_related("string", "context"):
        if (text := strings.get(segment.string.data)) is not None:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": text,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )
    # A string left out stays in the source's words; parents are translated first (below).
    source.create_or_update_translation(locale, publish=True, fallback=True)
    return True


def ensure_demo_translations(spec: dict[str, Spec], *, home: HomePage) -> int:
    """The demo's translations; how many objects were translated."""
    made = 0
    for code, wanted in spec.items():
        locale = Locale.objects.filter(language_code=code).first()
        if locale is None:  # not one of CONTENT_LANGUAGES
            continue
        strings = wanted["strings"]
        index = ArticleIndexPage.objects.child_of(home).first()
        articles = ArticlePage.objects.child_of(index).filter(slug__in=wanted["articles"])
        objects = [
            home,
            index,
            *Treatment.objects.in_default_language().filter(slug__in=wanted["treatments"]),
            *Author.objects.in_default_language().filter(slug__in=wanted["authors"]),
            *articles.specific(),
        ]
        for instance in objects:  # each already its specific model
            made += _translate(instance, locale, strings)
        # wagtail-localize publishes each translation when the transaction commits, from the
        # page as it was when translated: a parent translated before its children would go
        # back to counting none, and the admin's explorer would show it empty. Registered
        # after those publishes, this runs after them.
        translated = [home.pk, index.pk] if index is not None else [home.pk]
        transaction.on_commit(partial(_recount_children, translated, locale))
    return made


def _recount_children(source_pks: list[int], locale: Locale) -> None:
    for page in Page.objects.filter(
        translation_key__in=Page.objects.filter(pk__in=source_pks).values("translation_key"),
        locale=locale,
    ):
        children = Page.objects.filter(path__startswith=page.path, depth=page.depth + 1)
        Page.objects.filter(pk=page.pk).update(numchild=children.count())
