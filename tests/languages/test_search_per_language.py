"""Search per language: each translation indexed with its language's stemmer and vocabulary,
accents folded, a search in French reading the French text of the articles that have it and
the fallback text of those that do not, synonyms and suggestions per language."""

from __future__ import annotations

import pytest
from wagtail.models import Locale

from blog.models import ArticlePage, SearchTerm, SynonymGroup
from blog.published import store
from blog.search.words import search_language, search_languages, stem
from tests.factories import ArticlePageFactory, TreatmentFactory, body, paragraph

SEARCH = "/api/v1/search/"
SUGGEST = "/api/v1/search/suggest/"


@pytest.fixture
def clinic(index, committed):
    french = Locale.objects.get(language_code="fr")

    def build():
        peel = TreatmentFactory(slug="chemical-peel", name="Chemical peel")
        article = ArticlePageFactory(
            parent=index,
            slug="peel-aftercare",
            title="Caring for skin after a peel",
            body=body(paragraph("<p>Keep the treated skin moisturised for a week.</p>")),
        )
        article.treatments.add(peel)
        article.save_revision().publish()
        ArticlePageFactory(
            parent=index,
            slug="sunscreen",
            title="Choosing a sunscreen",
            body=body(paragraph("<p>Reapply sunscreen every two hours outdoors.</p>")),
        )
        translated = peel.copy_for_translation(french)
        translated.name = "Peeling chimique"
        translated.save()
        translation = ArticlePage.objects.get(pk=article.pk).copy_for_translation(
            french, copy_parents=True
        )
        translation.title = "Prendre soin de sa peau après un peeling"
        translation.slug = "apres-un-peeling"
        translation.body = body(
            paragraph("<p>Hydratez les zones traitées pendant une semaine entière.</p>")
        )
        translation.save_revision().publish()
        return translation

    translation = committed(build)
    committed(store.rebuild)
    return translation


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [result["title"] for result in response.json()["results"]]


def test_each_translation_is_indexed_in_its_own_language(clinic):
    french_words = set(SearchTerm.objects.filter(language="fr").values_list("word", flat=True))
    english_words = set(SearchTerm.objects.filter(language="en").values_list("word", flat=True))
    assert {"hydratez", "apres", "peeling"} <= french_words  # accents folded
    assert "hydratez" not in english_words and "sunscreen" not in french_words
    assert SearchTerm.objects.get(language="fr", word="traitees").stem == stem("traitees", "fr")


def test_a_french_search_reads_french_words_stemmed_and_folded(client, clinic):
    # "hydrater" and "hydratez" share the French stem; "apres" finds "après".
    assert titles(client.get(SEARCH, {"q": "hydrater", "locale": "fr"})) == [clinic.title]
    assert titles(client.get(SEARCH, {"q": "apres", "locale": "fr"})) == [clinic.title]
    found = client.get(SEARCH, {"q": "hydratez"}, HTTP_ACCEPT_LANGUAGE="fr-CH")
    assert titles(found) == [clinic.title]
    assert found["Content-Language"] == "fr" and "Accept-Language" in found["Vary"]


def test_a_french_reader_also_finds_the_fallback_text(client, clinic):
    # The sunscreen article has no French text: a French reader is served it in English.
    found = client.get(SEARCH, {"q": "sunscreen", "locale": "fr"}).json()["results"]
    assert [(r["title"], r["locale"]) for r in found] == [("Choosing a sunscreen", "en-gb")]
    # The article translated into French is searched in its French text only.
    assert titles(client.get(SEARCH, {"q": "moisturised", "locale": "fr"})) == []


def test_an_english_search_never_sees_french_words(client, clinic):
    response = client.get(SEARCH, {"q": "hydratez"}).json()
    assert response["results"] == [] and response["did_you_mean"] is None
    assert titles(client.get(SEARCH, {"q": "moisturised"})) == ["Caring for skin after a peel"]


def test_synonyms_belong_to_their_language(client, clinic, committed):
    committed(
        lambda: SynonymGroup.objects.create(language="fr", terms="gommage", leads_to="peeling")
    )
    assert titles(client.get(SEARCH, {"q": "gommage", "locale": "fr"})) == [clinic.title]
    assert titles(client.get(SEARCH, {"q": "gommage"})) == []


def test_suggestions_are_those_of_the_readers_language(client, clinic):
    french = client.get(SUGGEST, {"q": "peel", "locale": "fr"}).json()["suggestions"]
    offered = {(s["kind"], s["text"], s["path"]) for s in french}
    assert ("article", clinic.title, "/fr/articles/apres-un-peeling/") in offered
    assert ("treatment", "Peeling chimique", "/fr/articles/treatments/chemical-peel/") in offered
    english = client.get(SUGGEST, {"q": "peel"}).json()["suggestions"]
    assert {s["text"] for s in english} >= {"Chemical peel", "Caring for skin after a peel"}
    assert not any(s["text"] == "Peeling chimique" for s in english)


def test_the_website_search_in_french_reads_the_french_index(client, clinic):
    page = client.get("/fr/articles/search/", {"q": "hydrater"})
    assert page.status_code == 200
    assert "après un peeling" in page.content.decode()


@pytest.mark.parametrize(
    ("chain", "expected"),
    [
        (("fr-ca", "fr", "en-gb"), ("fr", ("en",))),
        (("en-gb",), ("en", ())),
        (("ar", "en-gb"), ("ar", ("en",))),
    ],
)
def test_a_chain_is_read_in_its_first_language_and_the_fallbacks(chain, expected):
    assert search_languages(chain) == expected
    assert search_language("en-gb") == "en"
    assert stem("مرحبا", "ar") == "مرحبا"  # no stemmer: words compared whole ("simple")
