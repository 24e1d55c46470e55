"""Two creates under one parent at once (Wagtail's autosave and the editor's "Publish" from
another tab, say) are taken one after the other: never a 500 from a slug or a tree position
that both took. (In one tab, Publish waits for the autosave: tests/browser/test_editor.py.)"""

from __future__ import annotations

import threading
import time

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from blog.models import ArticlePage
from tests.admin_forms import article_form
from tests.factories import ArticlePageFactory, AuthorFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # The suite's SQLite database is in memory with a shared cache, where a second connection
    # meets a table lock at once instead of waiting; a file database (the embedded default)
    # waits for its write lock, which BEGIN IMMEDIATE takes before the form's checks.
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs two connections that wait for a lock"
    ),
]


@pytest.fixture(autouse=True)
def wagtail_tree(transactional_db):
    """What Wagtail's migrations create and another test's flush may have removed: the
    default locale, the root page and the default site (the `index` fixture builds on them)."""
    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    if not Site.objects.filter(is_default_site=True).exists():
        Site.objects.create(hostname="localhost", root_page=root, is_default_site=True)


def post_in_thread(client: Client, url: str, data: dict) -> tuple[threading.Thread, dict]:
    answer: dict = {}

    def post() -> None:
        try:
            answer["response"] = client.post(url, data)
        except Exception as error:  # the test asserts there was none
            answer["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=post)
    thread.start()
    return thread, answer


def test_a_create_waits_for_the_one_in_flight_and_takes_the_next_free_slug(admin_user, index):
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    author = AuthorFactory()
    url = reverse("wagtailadmin_pages:add", args=["blog", "articlepage", index.pk])
    form = article_form(author=author.pk, **{"action-publish": "1"})

    with transaction.atomic():  # the autosave's create, not yet committed
        list(Page.objects.select_for_update().filter(pk=index.pk).values_list("pk"))
        ArticlePageFactory(parent=index, slug=form["slug"], live=False)
        thread, answer = post_in_thread(client, url, form)
        time.sleep(0.5)  # the editor's "Publish" arrives while the autosave is saving
    thread.join(timeout=30)

    assert "error" not in answer
    response = answer["response"]
    assert response.status_code == 302
    # The slug made from the title was taken a moment before: the article takes the next one.
    assert sorted(ArticlePage.objects.values_list("slug", "live")) == [
        ("aftercare-for-laser-resurfacing", False),
        ("aftercare-for-laser-resurfacing-2", True),
    ]
    index.refresh_from_db()
    assert index.numchild == 2
    assert len({page.path for page in index.get_children()}) == 2
