"""Where each page type may be created: the tree editors get is home > index > articles."""

from django.urls import reverse
from wagtail.models import Page

from blog.models import ArticleIndexPage, ArticlePage, HomePage
from tests.factories import ArticlePageFactory


def test_home_page_only_at_the_tree_root(home):
    assert HomePage.can_create_at(Page.get_first_root_node())
    assert not HomePage.can_create_at(home)


def test_index_only_under_home_and_once(home):
    assert ArticleIndexPage.can_create_at(home)
    assert not ArticleIndexPage.can_create_at(Page.get_first_root_node())
    home.add_child(instance=ArticleIndexPage(title="Articles", slug="articles"))
    assert not ArticleIndexPage.can_create_at(home.specific)


def test_articles_only_under_the_index(index):
    assert ArticlePage.can_create_at(index)
    assert not ArticlePage.can_create_at(index.get_parent().specific)
    article = ArticlePageFactory(parent=index)
    assert not ArticlePage.can_create_at(article)
    assert not ArticleIndexPage.can_create_at(article)


def test_admin_offers_only_allowed_types(admin_client, home, index):
    response = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=[index.pk]))
    # A single allowed type sends the editor straight to the article form.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:add", args=["blog", "articlepage", index.pk])


def test_admin_refuses_an_article_outside_the_index(admin_client, home):
    url = reverse("wagtailadmin_pages:add", args=["blog", "articlepage", home.pk])
    response = admin_client.get(url, follow=True)
    # Wagtail turns the editor away to the dashboard with a permission message.
    assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
    assert "permission" in " ".join(str(m) for m in response.context["messages"]).lower()
