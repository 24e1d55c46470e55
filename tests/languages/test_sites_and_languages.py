"""Two sites, two languages: each site's translated root (and the pages under it) belongs to
that site, and reads choose each article's language by a fallback chain, on each site."""

from __future__ import annotations

import pytest
from wagtail.models import Locale, Page, Site

from blog.models import ArticlePage
from blog.published import selectors, store
from blog.published.selectors import namesake_on_site
from blog.sites import all_sites, site_of_url_path
from tests.factories import ArticleIndexPageFactory, ArticlePageFactory, HomePageFactory

SECOND = "second.example"


def translate(page, locale):
    translation = page.copy_for_translation(locale, copy_parents=True)
    translation.save_revision().publish()
    return ArticlePage.objects.get(pk=translation.pk) if translation.depth > 3 else translation


@pytest.fixture
def clinics(index, committed):
    french = Locale.objects.get(language_code="fr")
    second_home = HomePageFactory(parent=Page.get_first_root_node(), slug="second-clinic")
    Site.objects.create(hostname=SECOND, port=80, root_page=second_home, site_name="Second")
    second_index = ArticleIndexPageFactory(parent=second_home, slug="articles")

    def build():
        translated = ArticlePageFactory(parent=index, slug="peel-aftercare", title="Peel")
        untranslated = ArticlePageFactory(parent=index, slug="sunscreen", title="Sunscreen")
        elsewhere = ArticlePageFactory(parent=second_index, slug="laser", title="Laser")
        return {
            "translated": translated,
            "french": translate(translated, french),
            "untranslated": untranslated,
            "elsewhere": elsewhere,
            "elsewhere_french": translate(elsewhere, french),
        }

    pages = committed(build)
    committed(store.rebuild)
    first, second = all_sites()
    return {**pages, "first": first, "second": second}


def test_each_sites_translated_root_belongs_to_it(clinics):
    first, second = clinics["first"], clinics["second"]
    assert [language for _, _, language in first.translated_roots] == ["fr"]
    assert [language for _, _, language in second.translated_roots] == ["fr"]
    assert site_of_url_path(clinics["french"].url_path) == first
    assert site_of_url_path(clinics["elsewhere_french"].url_path) == second


def ids(rows) -> set[int]:
    return set(rows.values_list("page_id", flat=True))


def test_reads_serve_the_default_language_unless_asked(clinics):
    first = clinics["first"]
    assert ids(selectors.stored_articles(site=first)) == {
        clinics["translated"].pk,
        clinics["untranslated"].pk,
    }


def test_a_fallback_chain_serves_each_article_once_in_its_best_language(clinics):
    first, second = clinics["first"], clinics["second"]
    french_first = selectors.stored_articles(site=first, languages=("fr", "en-gb"))
    # The French translation instead of its source; the untranslated article in English.
    assert ids(french_first) == {clinics["french"].pk, clinics["untranslated"].pk}
    assert ids(selectors.stored_articles(site=first, languages=("fr",))) == {clinics["french"].pk}
    assert ids(selectors.stored_articles(site=second, languages=("fr", "en-gb"))) == {
        clinics["elsewhere_french"].pk
    }


def test_a_translation_keeping_its_sources_slug_is_no_namesake(clinics):
    french = clinics["french"]
    assert french.slug == clinics["translated"].slug
    assert namesake_on_site(french.slug, parent=french.get_parent(), exclude_pk=french.pk) is None
