"""Stored articles know their language and the key their translations share: what reads
will choose by. Rows stored before languages take their pages' (migration 0030)."""

from __future__ import annotations

import importlib

from django.apps import apps
from wagtail.models import Locale

from blog.models import ArticlePage, StoredArticle
from blog.published import store
from tests.factories import ArticlePageFactory


def test_a_published_translation_is_stored_in_its_language_with_the_shared_key(index, committed):
    article = ArticlePageFactory(parent=index, title="Your skin after a peel")
    french = article.copy_for_translation(Locale.objects.get(language_code="fr"), copy_parents=True)
    french.save_revision().publish()
    committed(store.rebuild)
    rows = dict(StoredArticle.objects.values_list("page_id", "language"))
    assert rows == {article.pk: "en-gb", french.pk: "fr"}
    keys = set(StoredArticle.objects.values_list("translation_key", flat=True))
    assert keys == {ArticlePage.objects.get(pk=article.pk).translation_key}


def test_rows_stored_before_languages_take_their_pages(index, committed):
    article = ArticlePageFactory(parent=index)
    committed(store.rebuild)
    StoredArticle.objects.update(language="", translation_key=None)
    migration = importlib.import_module("blog.migrations.0030_stored_article_language")
    migration.copy_from_pages(apps, None)
    row = StoredArticle.objects.get(page_id=article.pk)
    assert (row.language, row.translation_key) == ("en-gb", article.translation_key)
