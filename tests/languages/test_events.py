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


def test_a_translations_payload_and_purges_name_its_paths_and_its_siblings(index, heard, committed):
    article = committed(lambda: ArticlePageFactory(parent=index, slug="peel-aftercare"))
    french = Locale.objects.get(language_code="fr")

    def translate():
        translation = article.copy_for_translation(french, copy_parents=True)
        translation.slug = "apres-un-peeling"
        translation.save_revision().publish()
        return translation

    heard.clear()
    translation = committed(translate)
    [published] = [
        e
        for e in article_events(heard)
        if e.article.id == translation.pk and e.type.value == "article.published"
    ]
    data = payload(published)["data"]
    assert data["article"]["path"] == "/fr/articles/apres-un-peeling/"
    assert {"/fr/articles/apres-un-peeling/", "/fr/articles/", "/fr/", "/articles/"} <= set(
        data["paths"]
    )
    urls = set(data["api_urls"])
    assert {
        "/api/v1/articles/lookup/?path=/fr/articles/apres-un-peeling/",
        "/api/v1/articles/apres-un-peeling/?locale=fr",
        f"/api/v1/articles/by-id/{translation.pk}/?locale=fr",
        "/api/v1/articles/apres-un-peeling/comments/?locale=fr",
        "/api/v1/articles/?locale=fr",
        "/api/v1/sync/?locale=fr",
        # The source's detail lists its translations now, in every language.
        "/api/v1/articles/peel-aftercare/",
        "/api/v1/articles/peel-aftercare/?locale=fr",
    } <= urls
