"""Staff translate an article and its treatment through wagtail-localize's own admin views:
the translation starts as a draft, keeps from the source what every language shares, and
starts with neither the source's medical review nor its tags."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from blog.models import ArticlePage, Treatment
from tests.factories import ArticlePageFactory, AuthorFactory, ImageFactory, TreatmentFactory


@pytest.fixture
def french():
    return Locale.objects.get(language_code="fr")


@pytest.fixture
def article(index):
    reviewer = AuthorFactory(name="Dr Reviewer")
    page = ArticlePageFactory(
        parent=index,
        title="Your skin after a peel",
        hero_image=ImageFactory(),
        reviewed_by=reviewer,
        last_reviewed=datetime.date(2026, 11, 1),
    )
    page.treatments.add(TreatmentFactory(name="Chemical peel"), TreatmentFactory(name="Laser"))
    page.tags.add("aftercare")
    page.save_revision().publish()
    return ArticlePage.objects.get(pk=page.pk)


def test_the_default_and_the_configured_language_have_locales(db):
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"en-gb", "fr"}


def test_translate_this_page_makes_a_french_draft_with_what_languages_share(
    admin_client, article, french
):
    url = reverse("wagtail_localize:submit_page_translation", args=[article.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"locales": [french.pk]})
    assert response.status_code == 302

    translation = ArticlePage.objects.get(locale=french, translation_key=article.translation_key)
    assert not translation.live  # published only through the editor's checks
    assert translation.title == article.title  # the source's words until translated
    assert translation.hero_image_id == article.hero_image_id
    assert translation.author_id == article.author_id
    assert set(translation.treatments.all()) == set(article.treatments.all())
    # A review is of one language's text; tags are words of one language.
    assert translation.reviewed_by_id is None and translation.last_reviewed is None
    assert list(translation.tags.all()) == []
    # The index (and the home page) above it were translated with it, into the French tree.
    assert translation.get_parent().locale == french


def test_syncing_translations_brings_the_sources_new_treatments(admin_client, article, french):
    submit = reverse("wagtail_localize:submit_page_translation", args=[article.pk])
    admin_client.post(submit, {"locales": [french.pk]})
    added = TreatmentFactory(name="Microneedling")
    article.treatments.add(added)
    article.save_revision().publish()

    source = TranslationSource.objects.get(object_id=article.translation_key)
    update = reverse("wagtail_localize:update_translations", args=[source.pk])
    # "Sync translated pages", applying the changes to the translations now.
    assert admin_client.post(update, {"publish_translations": "on"}).status_code == 302

    translation = ArticlePage.objects.get(locale=french, translation_key=article.translation_key)
    assert added in translation.treatments.all()
    assert translation.reviewed_by_id is None  # a sync never brings the source's review


def test_a_treatment_translation_is_unique_by_name_within_its_language(admin_client, french):
    peel = TreatmentFactory(name="Chemical peel", slug="chemical-peel")
    url = reverse(
        "wagtail_localize:submit_snippet_translation", args=["blog", "treatment", peel.pk]
    )
    assert admin_client.post(url, {"locales": [french.pk]}).status_code == 302
    translated = Treatment.objects.get(locale=french, translation_key=peel.translation_key)
    assert translated.slug == "chemical-peel"  # kept from the source

    add = reverse("wagtailsnippets_blog_treatment:add") + "?locale=fr"
    response = admin_client.post(add, {"name": "Chemical peel", "slug": "peeling"})
    assert response.status_code == 200
    assert "Another treatment in this language has this name." in response.content.decode()
    english = reverse("wagtailsnippets_blog_treatment:add") + "?locale=en-gb"
    response = admin_client.post(english, {"name": "Peeling", "slug": "chemical-peel"})
    assert "Another treatment in this language has this slug." in response.content.decode()
    assert Treatment.objects.count() == 2


def test_the_translation_editor_saves_what_the_translator_writes(admin_client, article, french):
    """wagtail-localize's editor saves each string as a form (the API itself reads JSON)."""
    from wagtail_localize.models import StringSegment, StringTranslation, Translation

    submit = reverse("wagtail_localize:submit_page_translation", args=[article.pk])
    admin_client.post(submit, {"locales": [french.pk]})
    translation = Translation.objects.get(target_locale=french)
    segment = StringSegment.objects.filter(source=translation.source).first()
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    response = admin_client.put(
        url, "value=Prendre+soin+de+sa+peau", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 201, response.content
    saved = StringTranslation.objects.get(translation_of_id=segment.string_id, locale=french)
    assert saved.data == "Prendre soin de sa peau"
