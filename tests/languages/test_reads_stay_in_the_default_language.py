"""Until reads serve languages, translations stay out of them: the API's and the website's
lists show each article, treatment and author once, in the default language."""

from __future__ import annotations

import pytest
from wagtail.models import Locale

from blog.models import ArticlePage
from blog.published import store
from tests.factories import ArticlePageFactory, TreatmentFactory


@pytest.fixture
def translated(index, committed):
    french = Locale.objects.get(language_code="fr")
    peel = TreatmentFactory(name="Chemical peel", slug="chemical-peel")
    article = ArticlePageFactory(parent=index, title="Your skin after a peel")
    article.treatments.add(peel)
    article.save_revision().publish()
    article = ArticlePage.objects.get(pk=article.pk)
    peel.copy_for_translation(french).save()
    article.author.copy_for_translation(french).save()
    french_article = article.copy_for_translation(french, copy_parents=True)
    french_article.title = "Votre peau après un peeling"
    french_article.save_revision().publish()
    committed(store.rebuild)
    return article


def test_lists_show_each_article_treatment_and_author_once(client, translated):
    articles = client.get("/api/v1/articles/").json()
    assert [a["id"] for a in articles["results"]] == [translated.pk]
    treatments = client.get("/api/v1/treatments/").json()["results"]
    assert [t["slug"] for t in treatments] == ["chemical-peel"]
    assert treatments[0]["article_count"] == 1
    authors = client.get("/api/v1/authors/").json()["results"]
    assert [a["slug"] for a in authors] == [translated.author.slug]


def test_the_websites_treatment_page_lists_the_article(client, translated, index):
    response = client.get(f"{index.url}treatments/chemical-peel/")
    assert response.status_code == 200 and translated.title in response.content.decode()


def test_search_finds_and_offers_nothing_from_another_language(client, translated):
    from blog.models import SearchTerm

    found = client.get("/api/v1/search/", {"q": "peau"}).json()
    assert found["count"] == 0 and found["did_you_mean"] != "peau"
    # French words are French vocabulary, never English corrections.
    assert not SearchTerm.objects.filter(language="en", word__in=["peau", "votre"]).exists()
    assert client.get("/api/v1/search/", {"q": "peel"}).json()["count"] == 1
