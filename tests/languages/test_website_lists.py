"""The website's lists in each language fall back as the API's do: under `/fr/articles/`,
its treatment and tag pages and on the French home page, each article once, in the best
language of the French chain (`fr → en-gb`) it is readable in, linked at that language's
address. Restricted and draft pages never show, in a list, a count or a tag page."""

from __future__ import annotations

import re

import pytest
from wagtail.models import Locale, PageViewRestriction

from blog.models import Treatment
from tests.factories import ArticlePageFactory, TreatmentFactory, translate_page
from tests.site.test_query_counts import queries_for


def cards(client, url: str) -> list[tuple[str, str]]:
    """(link, title) of each article card on the page at `url`."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    return re.findall(r'class="card-title"><a href="([^"]+)"[^>]*>([^<]+)</a>', html)


@pytest.fixture
def pages(index, committed):
    def build():
        peel = TreatmentFactory(slug="peel", name="Chemical peel")
        english = ArticlePageFactory(parent=index, slug="peel-aftercare", title="Peel aftercare")
        english.treatments.add(peel)
        english.tags.add("peels")
        english.save()
        # Tags are never copied: the translation has its own, in French.
        french = translate_page(english, "fr", slug="apres-un-peeling", title="Après un peeling")
        french.tags.add("peeling")
        french.save()
        alone = ArticlePageFactory(parent=index, slug="sunscreen", title="Sunscreen")
        alone.treatments.add(peel)
        alone.tags.add("peels", "sun")
        alone.save()
        return {"english": english, "french": french, "alone": alone}

    return committed(build)


FRENCH = ("/fr/articles/apres-un-peeling/", "Après un peeling")
ENGLISH = ("/articles/peel-aftercare/", "Peel aftercare")
ALONE = ("/articles/sunscreen/", "Sunscreen")


def test_the_french_index_shows_each_article_once_in_its_best_language(client, pages):
    # The translation instead of its source; the article with no French in English, at
    # its English address (the newest first).
    assert cards(client, "/fr/articles/") == [ALONE, FRENCH]
    assert cards(client, "/fr/") == [ALONE, FRENCH]  # the home page's latest articles


def test_the_english_lists_are_unchanged(client, pages):
    assert cards(client, "/articles/") == [ALONE, ENGLISH]
    assert cards(client, "/") == [ALONE, ENGLISH]
    assert cards(client, "/articles/treatments/peel/") == [ALONE, ENGLISH]
    assert cards(client, "/articles/tags/peels/") == [ALONE, ENGLISH]
    assert client.get("/articles/tags/peeling/").status_code == 404  # a French word


def test_the_french_treatment_and_tag_pages_fall_back_too(client, pages):
    assert cards(client, "/fr/articles/treatments/peel/") == [ALONE, FRENCH]
    html = client.get("/fr/articles/treatments/").content.decode()
    assert "2 articles" in html, html  # the translation and the English-only article
    # Each article's tags are those of the language it is served in.
    assert cards(client, "/fr/articles/tags/peeling/") == [FRENCH]
    assert cards(client, "/fr/articles/tags/peels/") == [ALONE]
    assert cards(client, "/fr/articles/tags/sun/") == [ALONE]


def test_a_french_page_says_the_language_of_an_english_card(client, pages):
    html = client.get("/fr/articles/").content.decode()
    assert '<a href="/articles/sunscreen/" hreflang="en-gb" lang="en-gb">Sunscreen</a>' in html
    assert '<a href="/fr/articles/apres-un-peeling/">Après un peeling</a>' in html
    assert 'lang="en-gb"' not in client.get("/articles/").content.decode().split("<main")[1]


def test_restricted_and_draft_pages_never_show(client, pages, index, committed):
    def build():
        secret = ArticlePageFactory(parent=index, slug="secret", title="Secret")
        secret.tags.add("hidden")
        secret.treatments.add(Treatment.objects.get(slug="peel"))
        secret.save()
        PageViewRestriction.objects.create(page=secret, restriction_type="password", password="x")
        # A French translation behind a password, and one still a draft: the French reader
        # gets their English sources.
        guarded = ArticlePageFactory(parent=index, slug="laser", title="Laser")
        guarded_fr = translate_page(guarded, "fr", slug="laser-fr", title="Laser en français")
        guarded_fr.tags.add("cache")
        guarded_fr.save()
        PageViewRestriction.objects.create(
            page=guarded_fr, restriction_type="password", password="x"
        )
        drafted = ArticlePageFactory(parent=index, slug="microneedling", title="Microneedling")
        drafted.copy_for_translation(guarded_fr.locale)  # a draft: not live

    committed(build)
    french = cards(client, "/fr/articles/")
    assert french == [
        ("/articles/microneedling/", "Microneedling"),
        ("/articles/laser/", "Laser"),
        ALONE,
        FRENCH,
    ]
    assert client.get("/fr/articles/tags/hidden/").status_code == 404
    assert client.get("/fr/articles/tags/cache/").status_code == 404
    assert ("/articles/secret/", "Secret") not in cards(client, "/fr/articles/treatments/peel/")
    html = client.get("/fr/articles/treatments/").content.decode()
    assert "2 articles" in html, html  # the translated peel article and Sunscreen


def add_articles(index, count: int) -> None:
    """`count` English articles with a French translation, and `count` without one."""
    treatment = Treatment.objects.filter(slug="peel").first() or TreatmentFactory(slug="peel")
    for _ in range(count):
        for translated in (True, False):
            article = ArticlePageFactory(parent=index)
            article.treatments.add(treatment)
            article.tags.add("peels")
            article.save()
            if translated:
                french = translate_page(article, "fr", slug=f"{article.slug}-fr")
                french.tags.add("peels")
                french.save()


@pytest.fixture
def french_tree(index):
    """The home page and article index translated into French, as in the demo (a
    translated article's parents are otherwise aliases of the English pages)."""
    french = Locale.objects.get_or_create(language_code="fr")[0]
    index.get_parent().specific.copy_for_translation(french).save_revision().publish()
    index.copy_for_translation(french).save_revision().publish()
    return index


@pytest.mark.parametrize("path", ["", "treatments/", "treatments/peel/", "tags/peels/", "home"])
def test_french_lists_make_the_same_number_of_queries_at_two_sizes(client, french_tree, path):
    add_articles(french_tree, 1)
    url = "/fr/" if path == "home" else f"/fr/articles/{path}"
    small = queries_for(client, url)
    add_articles(french_tree, 5)
    large = queries_for(client, url)
    assert small == large
    # The English lists' budgets (tests/site/test_query_counts.py), and one more: Wagtail's
    # routing finds the site's root in the language of the address (Page.localized).
    assert large <= (14 if "/" in path else 13) + 1
    if path not in ("treatments/", "home"):
        assert len(cards(client, url)) == 12  # each article once, a page of them
