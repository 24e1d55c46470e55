"""Website pages tell a CDN how long it may keep them, and never let it keep anyone's own."""

from __future__ import annotations

from wagtail.models import PageViewRestriction

from tests.factories import ArticlePageFactory

PUBLIC = "public, max-age=0, s-maxage=300"


def test_a_readers_page_may_be_cached_for_a_bounded_time(client, index):
    article = ArticlePageFactory(parent=index)
    for url in (article.url, index.url, "/"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == PUBLIC, url
        assert not response.cookies
    assert client.head(article.url)["Cache-Control"] == PUBLIC


def test_the_bounds_are_settings(client, index, settings):
    settings.SITE_CACHE_MAX_AGE, settings.SITE_CACHE_S_MAXAGE = 20, 30
    article = ArticlePageFactory(parent=index)
    assert client.get(article.url)["Cache-Control"] == "public, max-age=20, s-maxage=30"


def test_staff_pages_with_the_userbar_are_private(admin_client, index):
    article = ArticlePageFactory(parent=index)
    response = admin_client.get(article.url)
    assert "wagtail-userbar" in response.content.decode()
    assert response["Cache-Control"] == "private, no-cache"


def test_a_page_behind_a_password_is_private_once_it_is_shown(client, index):
    article = ArticlePageFactory(parent=index, slug="behind-a-password")
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type="password", password="letmein"
    )
    form = client.get(article.url)
    assert "letmein" not in form.content.decode()
    assert "public" not in form.get("Cache-Control", "")
    passed = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{article.pk}/",
        {"password": "letmein", "return_url": article.url},
    )
    assert passed.status_code == 302
    shown = client.get(article.url)
    assert article.title in shown.content.decode()
    # Wagtail marks a restricted page never to be cached; that is kept.
    assert "private" in shown["Cache-Control"] and "no-store" in shown["Cache-Control"]


def test_a_missing_page_is_not_kept(client, index):
    response = client.get("/articles/no-such-article/")
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-cache"


def test_other_routes_keep_their_own_headers(client, index):
    ArticlePageFactory(parent=index)
    assert client.get("/api/v1/articles/")["Cache-Control"].startswith("public, max-age=60")
    assert "public" not in client.get("/admin/login/").get("Cache-Control", "")
