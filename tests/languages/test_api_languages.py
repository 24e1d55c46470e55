"""The articles' list, detail and by-id reads in the reader's language: `?locale=`, else
Accept-Language (q-values, regional forms), else the default; each article once, in the best
language it has; `locale` on every card; Content-Language; one cached body and ETag per
language; Vary: Accept-Language only when the header decided; an unknown locale a 400."""

from __future__ import annotations

import pytest
from wagtail.models import Locale

from blog.models import ArticlePage
from blog.published import store
from tests.api_utils import count_queries
from tests.factories import ArticlePageFactory

LIST = "/api/v1/articles/"


@pytest.fixture
def articles(index, committed):
    french = Locale.objects.get(language_code="fr")

    def build():
        peel = ArticlePageFactory(parent=index, slug="peel-aftercare", title="Peel aftercare")
        sunscreen = ArticlePageFactory(parent=index, slug="sunscreen", title="Sunscreen")
        translation = peel.copy_for_translation(french, copy_parents=True)
        translation.title = "Après un peeling"
        translation.slug = "apres-un-peeling"
        translation.save_revision().publish()
        return {
            "peel": peel,
            "sunscreen": sunscreen,
            "french": ArticlePage.objects.get(pk=translation.pk),
        }

    pages = committed(build)
    committed(store.rebuild)
    return pages


def served(response) -> dict[str, str]:
    return {card["title"]: card["locale"] for card in response.json()["results"]}


def test_without_a_language_the_default_is_served_and_nothing_varies(client, articles):
    response = client.get(LIST)
    assert served(response) == {"Peel aftercare": "en-gb", "Sunscreen": "en-gb"}
    assert response["Content-Language"] == "en-gb"
    assert "Accept-Language" not in response.get("Vary", "")


def test_the_locale_parameter_serves_each_article_once_in_its_best_language(client, articles):
    response = client.get(LIST, {"locale": "fr"})
    assert served(response) == {"Après un peeling": "fr", "Sunscreen": "en-gb"}
    assert response.json()["count"] == 2
    assert response["Content-Language"] == "fr"
    assert "Accept-Language" not in response.get("Vary", "")


@pytest.mark.parametrize("header", ["fr-CH, en;q=0.5", "de, fr;q=0.8", "fr"])
def test_accept_language_decides_when_there_is_no_parameter(client, articles, header):
    response = client.get(LIST, HTTP_ACCEPT_LANGUAGE=header)
    assert served(response) == {"Après un peeling": "fr", "Sunscreen": "en-gb"}
    assert response["Content-Language"] == "fr"
    assert "Accept-Language" in response["Vary"]


def test_each_language_has_its_own_cached_body_and_etag(client, articles):
    english = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")
    french = client.get(LIST, HTTP_ACCEPT_LANGUAGE="fr")
    again = client.get(LIST, HTTP_ACCEPT_LANGUAGE="fr")
    assert again["X-Cache"] == "hit" and again.content == french.content
    assert english.content != french.content and english["ETag"] != french["ETag"]
    unchanged = client.get(LIST, HTTP_ACCEPT_LANGUAGE="fr", HTTP_IF_NONE_MATCH=french["ETag"])
    assert unchanged.status_code == 304 and unchanged["Content-Language"] == "fr"
    stale_etag = client.get(LIST, HTTP_ACCEPT_LANGUAGE="fr", HTTP_IF_NONE_MATCH=english["ETag"])
    assert stale_etag.status_code == 200


def test_the_detail_and_by_id_serve_the_translation(client, articles):
    french = client.get("/api/v1/articles/apres-un-peeling/", {"locale": "fr"})
    assert french.status_code == 200 and french.json()["locale"] == "fr"
    # A translation's slug finds the article in the reader's language: a switcher may keep
    # the slug and change the locale.
    english = client.get("/api/v1/articles/apres-un-peeling/").json()
    assert english["title"] == "Peel aftercare" and english["locale"] == "en-gb"
    assert client.get("/api/v1/articles/peel-aftercare/", {"locale": "fr"}).json()["locale"] == "fr"
    by_id = client.get(f"/api/v1/articles/by-id/{articles['peel'].pk}/", {"locale": "fr"})
    assert by_id.json()["title"] == "Après un peeling"
    fallback = client.get("/api/v1/articles/sunscreen/", HTTP_ACCEPT_LANGUAGE="fr")
    assert fallback.json()["locale"] == "en-gb" and fallback["Content-Language"] == "fr"


@pytest.mark.parametrize("value", ["xx", "es", ""])
def test_an_unknown_locale_is_a_400_naming_it(client, articles, value):
    response = client.get(LIST, {"locale": value})
    assert response.status_code == 400
    assert "this API serves en-gb, fr" in response.json()["locale"][0]


@pytest.mark.parametrize("params", [{}, {"locale": "fr"}])
def test_a_localized_list_costs_no_more_queries(client, articles, params):
    assert count_queries(client, LIST, **params) <= 3
