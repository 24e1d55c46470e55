"""setup_site on a database as migrations leave it: the clinic's home page and article index,
published, on the default site with the clinic's address; safe to run again."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from blog.models import ArticleIndexPage, HomePage


def setup(*args: str) -> None:
    call_command(
        "setup_site", "--name", "Riverside Skin", "--hostname", "www.clinic.example", *args
    )


@pytest.mark.django_db
def test_an_empty_database_gets_a_home_page_and_an_article_index(client):
    welcome = Site.objects.get(is_default_site=True).root_page
    assert welcome.specific_class is Page  # as Wagtail's migrations leave it

    setup()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.site_name) == (
        "www.clinic.example",
        443,
        "Riverside Skin",
    )
    home = site.root_page.specific
    assert isinstance(home, HomePage) and home.live and home.title == "Riverside Skin"
    index = ArticleIndexPage.objects.child_of(home).get()
    assert index.live and index.slug == "articles"
    assert not Page.objects.filter(pk=welcome.pk).exists()
    assert client.get("/articles/").status_code == 200

    setup("--port", "8443")  # again: nothing duplicated, the address updated
    assert ArticleIndexPage.objects.count() == 1 and HomePage.objects.count() == 1
    assert Site.objects.get(is_default_site=True).port == 8443


@pytest.mark.django_db
def test_a_root_with_content_of_its_own_is_not_replaced():
    welcome = Site.objects.get(is_default_site=True).root_page
    welcome.add_child(instance=Page(title="Someone's page", slug="theirs"))
    with pytest.raises(CommandError, match="has content of its own"):
        setup()
    assert Page.objects.filter(slug="theirs").exists()
