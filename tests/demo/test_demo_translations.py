"""The demo shows languages: French translations of the home page, the index, two articles,
a treatment and an author, made as staff make them (wagtail-localize) and published."""

from __future__ import annotations

import pytest
from wagtail.models import Locale
from wagtail_localize.models import Translation

from blog.demo.seed import seed_demo
from blog.models import ArticlePage, Author, Treatment


@pytest.fixture
def seeded(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo()


def test_the_demo_has_french_translations_published(seeded):
    french = Locale.objects.get(language_code="fr")
    articles = ArticlePage.objects.filter(locale=french)
    assert set(articles.values_list("title", flat=True)) == {
        "Préparer votre premier peeling chimique",
        "Comment choisir une clinique de la peau digne de confiance",
    }
    assert all(article.live for article in articles)
    peel = articles.get(slug="preparer-votre-premier-peeling-chimique")
    assert "Deux semaines avant" in str(peel.body)
    assert peel.reviewed_by_id is None  # a French text needs its own reviewer
    assert Treatment.objects.get(locale=french).name == "Peeling chimique"
    assert Author.objects.get(locale=french).role == "Directrice médicale"
    # Synced translations, as staff make them: the translation editor can take over.
    assert Translation.objects.filter(target_locale=french).count() == 6


def test_seeding_again_translates_nothing_more(seeded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = seed_demo()
    assert "translations" not in str(report)


def test_a_clinic_with_one_language_gets_no_translations(db, django_capture_on_commit_callbacks):
    Locale.objects.filter(language_code="fr").delete()
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo()
    assert not ArticlePage.objects.exclude(locale__language_code="en-gb").exists()
    assert Treatment.objects.count() == Treatment.objects.in_default_language().count()
