"""The website in each language: pages under their language's prefix (`/fr/…`, none for the
default), `lang` and `dir` on the page, a switcher to the translations a reader may open,
`hreflang` alternates with `x-default`, French text, and comments under the French page."""

from __future__ import annotations

import re

import pytest

from blog.models import ReaderComment
from tests.factories import ArticlePageFactory, translate_page


@pytest.fixture
def pages(index, committed):
    def build():
        english = ArticlePageFactory(parent=index, slug="peel-aftercare", title="Peel aftercare")
        french = translate_page(english, "fr", slug="apres-un-peeling", title="Après un peeling")
        alone = ArticlePageFactory(parent=index, slug="sunscreen", title="Sunscreen")
        return {"english": english, "french": french, "alone": alone}

    return committed(build)


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_a_translation_is_served_under_its_language_prefix(client, pages):
    assert pages["french"].url == "/fr/articles/apres-un-peeling/"
    assert pages["english"].url == "/articles/peel-aftercare/"
    french = client.get("/fr/articles/apres-un-peeling/")
    assert french["Content-Language"] == "fr"
    html = french.content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "Aller au contenu" in html and "Skip to content" not in html  # gettext, in French
    assert client.get("/articles/apres-un-peeling/").status_code == 404
    # The translation's first slug was its source's: that address now leads to its own.
    moved = client.get("/fr/articles/peel-aftercare/")
    assert moved.status_code == 301 and moved["Location"] == "/fr/articles/apres-un-peeling/"
    assert '<html lang="en-gb" dir="ltr">' in html_of(client, "/articles/peel-aftercare/")


def test_the_head_names_every_language_and_x_default(client, pages):
    html = html_of(client, "/fr/articles/apres-un-peeling/")
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert alternates == {
        "en-gb": "http://localhost/articles/peel-aftercare/",
        "fr": "http://localhost/fr/articles/apres-un-peeling/",
        "x-default": "http://localhost/articles/peel-aftercare/",
    }
    assert 'hreflang="' not in html_of(client, "/articles/sunscreen/")  # one language only


def test_the_switcher_leads_to_the_existing_translations_only(client, pages, committed):
    html = html_of(client, "/articles/peel-aftercare/")
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    assert 'href="/fr/articles/apres-un-peeling/" lang="fr"' in switcher
    assert "Français" in switcher and 'aria-current="true">British English' in switcher
    assert "language-switcher" not in html_of(client, "/articles/sunscreen/")
    committed(pages["french"].unpublish)
    assert "language-switcher" not in html_of(client, "/articles/peel-aftercare/")


def test_the_french_header_leads_to_the_french_lists(client, pages):
    html = html_of(client, "/fr/articles/apres-un-peeling/")
    assert 'href="/fr/articles/"' in html and 'class="site-name" href="/fr/"' in html


def test_a_comment_posted_on_the_french_page_belongs_to_it(client, pages):
    from tests.comment_utils import form_token

    french = pages["french"]
    response = client.post(
        f"/_site/articles/{french.pk}/comments/",
        {
            "name": "Camille",
            "email": "camille@example.com",
            "body": "Combien de temps faut-il éviter le soleil ?",
            "consent": "on",
            "form_token": form_token(french),
        },
    )
    assert response.status_code in (200, 302, 303), response.status_code
    comment = ReaderComment.objects.get(author_name="Camille")
    assert comment.article_id == french.pk
    if response.status_code == 200:  # the page again, with the thanks: in French
        assert "Merci" in response.content.decode()
    else:
        assert response["Location"].startswith("/fr/articles/apres-un-peeling/")


def test_an_api_read_after_a_french_page_answers_in_the_default_language(client, pages):
    html_of(client, "/fr/articles/apres-un-peeling/")
    missing = client.get("/api/v1/articles/lookup/")
    assert missing.json()["path"][0].startswith("Give the website path")


def test_a_right_to_left_language_reads_right_to_left(client, index, committed, settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("ar", "العربية")]
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES
    settings.LANGUAGE_FALLBACKS = {**settings.LANGUAGE_FALLBACKS, "ar": ["ar", "en-gb"]}

    def build():
        english = ArticlePageFactory(parent=index, slug="laser", title="Laser")
        return translate_page(english, "ar", slug="laser-ar", title="الليزر")

    arabic = committed(build)
    assert arabic.url == "/ar/articles/laser-ar/"
    assert '<html lang="ar" dir="rtl">' in html_of(client, arabic.url)
