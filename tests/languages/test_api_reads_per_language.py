"""The rest of the API in the reader's language: website paths with the language's prefix,
lookup of `/fr/…` paths, the detail's `translations`, treatments, tags and authors as
translated, comments under the page the reader commented on, and the app's sync of one or
several languages."""

from __future__ import annotations

import pytest
from wagtail.models import Locale

from blog.models import ArticlePage, Author, ReaderComment, Treatment
from blog.published import store
from tests.api_utils import count_queries
from tests.comment_utils import make_comment, post
from tests.factories import ArticlePageFactory, AuthorFactory, TreatmentFactory, translate_page


def translate_snippet(source, locale, **fields):
    translation = source.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    return translation


@pytest.fixture
def french():
    return Locale.objects.get(language_code="fr")


@pytest.fixture
def clinic(index, committed, french):
    def build():
        peel = TreatmentFactory(slug="chemical-peel", name="Chemical peel")
        author = AuthorFactory(slug="dr-okafor", name="Dr Okafor", role="Dermatologist")
        article = ArticlePageFactory(
            parent=index, slug="peel-aftercare", title="Peel aftercare", author=author
        )
        article.treatments.add(peel)
        article.tags.add("aftercare")
        article.save_revision().publish()
        other = ArticlePageFactory(parent=index, slug="sunscreen", title="Sunscreen")
        other.tags.add("sun")
        other.save_revision().publish()
        translate_snippet(peel, french, name="Peeling chimique")
        translate_snippet(author, french, role="Dermatologue")
        translation = translate_page(
            ArticlePage.objects.get(pk=article.pk),
            "fr",
            title="Après un peeling",
            slug="apres-un-peeling",
        )
        translation.tags.add("soins")
        translation.save_revision().publish()
        return {"english": article, "french": translation, "other": other}

    pages = committed(build)
    committed(store.rebuild)
    return pages


def test_a_translation_lives_under_its_language_prefix_and_is_found_there(client, clinic):
    cards = client.get("/api/v1/articles/", {"locale": "fr"}).json()["results"]
    paths = {card["title"]: card["path"] for card in cards}
    assert paths == {
        "Après un peeling": "/fr/articles/apres-un-peeling/",
        "Sunscreen": "/articles/sunscreen/",
    }

    found = client.get("/api/v1/articles/lookup/", {"path": "/fr/articles/apres-un-peeling/"})
    assert found.status_code == 200 and found.json()["locale"] == "fr"
    english = client.get("/api/v1/articles/lookup/", {"path": "/articles/peel-aftercare/"})
    assert english.json()["locale"] == "en-gb"
    # The French text is not at the English address, nor English text under /fr/.
    assert (
        client.get("/api/v1/articles/lookup/", {"path": "/articles/apres-un-peeling/"}).status_code
        == 404
    )
    assert (
        client.get("/api/v1/articles/lookup/", {"path": "/fr/articles/sunscreen/"}).status_code
        == 404
    )


def test_the_detail_lists_its_translations_for_a_switcher(client, clinic):
    english = client.get("/api/v1/articles/peel-aftercare/").json()
    assert english["translations"] == [
        {
            "locale": "fr",
            "id": clinic["french"].pk,
            "slug": "apres-un-peeling",
            "path": "/fr/articles/apres-un-peeling/",
        }
    ]
    french = client.get("/api/v1/articles/apres-un-peeling/", {"locale": "fr"}).json()
    assert [t["locale"] for t in french["translations"]] == ["en-gb"]
    assert french["translations"][0]["path"] == "/articles/peel-aftercare/"
    assert client.get("/api/v1/articles/sunscreen/").json()["translations"] == []


def test_a_translation_published_or_withdrawn_shows_in_its_siblings_lists(
    client, clinic, committed, french
):
    other = clinic["other"]
    translation = committed(
        lambda: translate_page(other, "fr", title="Écran solaire", slug="ecran-solaire")
    )
    listed = client.get("/api/v1/articles/sunscreen/").json()["translations"]
    assert [t["slug"] for t in listed] == ["ecran-solaire"]
    committed(translation.unpublish)
    assert client.get("/api/v1/articles/sunscreen/").json()["translations"] == []


def test_a_french_article_shows_its_treatments_and_author_in_french(client, clinic):
    card = client.get("/api/v1/articles/", {"locale": "fr"}).json()["results"]
    french = next(c for c in card if c["locale"] == "fr")
    assert [t["name"] for t in french["treatments"]] == ["Peeling chimique"]
    assert french["author"]["role"] == "Dermatologue"
    english = client.get("/api/v1/articles/peel-aftercare/").json()
    assert [t["name"] for t in english["treatments"]] == ["Chemical peel"]
    assert english["author"]["role"] == "Dermatologist"


def test_treatments_and_authors_are_served_in_the_readers_language(client, clinic):
    treatments = client.get("/api/v1/treatments/", {"locale": "fr"})
    assert treatments["Content-Language"] == "fr"
    [peel] = treatments.json()["results"]
    assert (peel["name"], peel["locale"], peel["article_count"]) == ("Peeling chimique", "fr", 1)
    detail = client.get("/api/v1/treatments/chemical-peel/", HTTP_ACCEPT_LANGUAGE="fr-CH")
    assert detail.json()["name"] == "Peeling chimique" and "Accept-Language" in detail["Vary"]
    english = client.get("/api/v1/treatments/chemical-peel/").json()
    assert (english["name"], english["locale"]) == ("Chemical peel", "en-gb")

    authors = client.get("/api/v1/authors/", {"locale": "fr"}).json()["results"]
    roles = {a["slug"]: (a["role"], a["locale"]) for a in authors}
    assert roles["dr-okafor"] == ("Dermatologue", "fr")
    # An author without a French profile falls back to the default language's.
    assert all(locale in {"fr", "en-gb"} for _, locale in roles.values())
    assert len(authors) == Author.objects.filter(locale__language_code="en-gb").count()


def test_tags_are_the_words_of_the_articles_served(client, clinic):
    english = {t["name"] for t in client.get("/api/v1/tags/").json()["results"]}
    french = {t["name"] for t in client.get("/api/v1/tags/", {"locale": "fr"}).json()["results"]}
    assert english == {"aftercare", "sun"}
    assert french == {"soins", "sun"}  # the untranslated article keeps its English tag


def test_comments_belong_to_the_page_the_reader_commented_on(client, clinic, committed):
    committed(lambda: make_comment(clinic["french"], body="Merci pour ces conseils."))
    committed(lambda: make_comment(clinic["english"], body="Thanks for the advice."))
    french = client.get("/api/v1/articles/apres-un-peeling/", {"locale": "fr"}).json()
    assert french["comments"]["url"] == "/api/v1/articles/apres-un-peeling/comments/?locale=fr"
    thread = client.get(french["comments"]["url"]).json()
    assert [c["body_html"] for c in thread["results"]] == ["<p>Merci pour ces conseils.</p>"]
    english = client.get("/api/v1/articles/peel-aftercare/comments/").json()
    assert [c["body_html"] for c in english["results"]] == ["<p>Thanks for the advice.</p>"]


def test_a_comment_is_posted_under_the_french_page(client, clinic):
    response = post(client, clinic["french"], body="Est-ce que ça pique ?")
    assert response.status_code == 201, response.content
    comment = ReaderComment.objects.get(pk=response.json()["id"])
    assert comment.article_id == clinic["french"].pk


def sync_ids(client, **params):
    data = client.get("/api/v1/sync/", params).json()
    return {(a["id"], a["locale"]) for a in data["articles"]}, data


def test_the_app_syncs_one_language_or_several(client, clinic):
    english, french_page = clinic["english"].pk, clinic["french"].pk
    other = clinic["other"].pk
    default, _ = sync_ids(client)
    assert default == {(english, "en-gb"), (other, "en-gb")}
    french, _ = sync_ids(client, locale="fr")
    assert french == {(french_page, "fr"), (other, "en-gb")}
    both, _ = sync_ids(client, locales="fr,en-gb")
    assert both == {(french_page, "fr"), (english, "en-gb"), (other, "en-gb")}
    response = client.get("/api/v1/sync/", {"locales": "fr,en-gb"})
    assert response["Content-Language"] == "fr, en-gb"
    bad = client.get("/api/v1/sync/", {"locales": "fr,xx"})
    assert bad.status_code == 400 and "xx" in bad.json()["locales"][0]


def test_a_cursor_keeps_its_languages(client, clinic):
    _, data = sync_ids(client, locale="fr")
    cursor = data["next_cursor"]
    assert client.get("/api/v1/sync/", {"locale": "fr", "since": cursor}).status_code == 200
    other = client.get("/api/v1/sync/", {"since": cursor})
    assert other.status_code == 410 and "other languages" in other.json()["since"][0]


def test_a_new_translation_replaces_its_source_in_the_french_sync(
    client, clinic, committed, french
):
    _, data = sync_ids(client, locale="fr")
    source = clinic["other"]
    translation = committed(
        lambda: translate_page(source, "fr", title="Écran solaire", slug="ecran-solaire")
    )
    delta = client.get("/api/v1/sync/", {"locale": "fr", "since": data["next_cursor"]}).json()
    assert [a["id"] for a in delta["articles"]] == [translation.pk]
    assert [d["id"] for d in delta["deleted"]] == [source.pk]
    # The English sync hears nothing to remove: its article is still its own.
    english = client.get("/api/v1/sync/").json()
    assert source.pk in {a["id"] for a in english["articles"]}


@pytest.mark.parametrize(
    "url", ["/api/v1/treatments/", "/api/v1/tags/", "/api/v1/authors/", "/api/v1/sync/"]
)
def test_a_localized_read_costs_no_more_queries(client, clinic, url):
    assert count_queries(client, url, locale="fr") == count_queries(client, url)


def test_a_localized_detail_costs_no_more_queries(client, clinic):
    english = count_queries(client, "/api/v1/articles/peel-aftercare/")
    assert count_queries(client, "/api/v1/articles/apres-un-peeling/", locale="fr") == english
    # An article with no French is served in English to a French reader at the same cost.
    assert count_queries(client, "/api/v1/articles/sunscreen/", locale="fr") == english
    # And so is another language's slug (a switcher keeping the slug).
    assert count_queries(client, "/api/v1/articles/peel-aftercare/", locale="fr") == english


def test_treatment_counts_follow_every_language(client, clinic):
    counts = {
        locale: client.get("/api/v1/treatments/chemical-peel/", {"locale": locale}).json()[
            "article_count"
        ]
        for locale in ("en-gb", "fr")
    }
    assert counts == {"en-gb": 1, "fr": 1}
    assert Treatment.objects.filter(slug="chemical-peel").count() == 2


def test_the_seo_bundle_names_hreflang_alternates_and_x_default(client, clinic, settings):
    base = settings.FRONTEND_BASE_URL
    french = client.get("/api/v1/articles/apres-un-peeling/", {"locale": "fr"}).json()["seo"]
    assert french["alternates"] == [
        {"hreflang": "fr", "href": f"{base}/fr/articles/apres-un-peeling/"},
        {"hreflang": "en-gb", "href": f"{base}/articles/peel-aftercare/"},
        {"hreflang": "x-default", "href": f"{base}/articles/peel-aftercare/"},
    ]
    assert french["canonical_url"] == f"{base}/fr/articles/apres-un-peeling/"
    assert french["json_ld"]["inLanguage"] == "fr"
    assert client.get("/api/v1/articles/sunscreen/").json()["seo"]["alternates"] == []
