"""A translation's publish and unpublish are events with the translation's language, and
webhook payloads say it (`data.article.locale`)."""

from __future__ import annotations

from wagtail.models import Locale

from blog.delivery.payloads import payload
from blog.models import ArticlePage
from tests.factories import ArticlePageFactory


def article_events(heard) -> list:
    return [event for batch in heard for event in batch if event.article is not None]


def test_a_translations_publish_and_unpublish_carry_its_language(index, heard, committed):
    article = committed(lambda: ArticlePageFactory(parent=index))
    french = Locale.objects.get(language_code="fr")
    translation = committed(lambda: article.copy_for_translation(french, copy_parents=True))
    heard.clear()
    committed(lambda: translation.save_revision().publish())
    [published] = [e for e in article_events(heard) if e.article.id == translation.pk]
    assert published.type.value == "article.published" and published.article.language == "fr"
    assert payload(published)["data"]["article"]["locale"] == "fr"

    heard.clear()
    committed(lambda: ArticlePage.objects.get(pk=translation.pk).unpublish())
    [unpublished] = article_events(heard)
    assert unpublished.type.value == "article.unpublished"
    assert unpublished.article.language == "fr"


def test_the_default_languages_events_say_it_too(index, heard, committed):
    article = committed(lambda: ArticlePageFactory(parent=index, live=False))
    heard.clear()
    committed(lambda: article.save_revision().publish())
    [published] = article_events(heard)
    assert payload(published)["data"]["article"]["locale"] == "en-gb"
