"""Wagtail search finds articles by body text, tags and treatment names."""

import pytest
from django.db import connection
from django.urls import reverse
from wagtail.search.backends import get_search_backend

from blog.models import ArticlePage
from tests.admin_forms import article_form
from tests.factories import ArticlePageFactory, TreatmentFactory, body, heading, paragraph


@pytest.fixture
def articles(index, django_capture_on_commit_callbacks):
    # Indexing runs when the transaction commits, which tests simulate here.
    with django_capture_on_commit_callbacks(execute=True):
        return make_articles(index)


def make_articles(index):
    peel = TreatmentFactory(name="Glycolic resurfacing")
    needle = ArticlePageFactory(
        parent=index,
        title="Needling guide",
        body=body(heading("Results"), paragraph("<p>Collagen remodelling takes weeks.</p>")),
    )
    needle.tags.add("scarring")
    needle.save_revision().publish()
    other = ArticlePageFactory(parent=index, title="Peel guide")
    other.treatments.add(peel)
    other.save_revision().publish()
    ArticlePageFactory(
        parent=index,
        title="Unpublished",
        live=False,
        body=body(paragraph("<p>Collagen secrets.</p>")),
    )
    return needle, other


def search(query: str) -> list[str]:
    return [page.title for page in ArticlePage.objects.live().search(query)]


def test_finds_an_article_by_a_word_only_in_its_body(articles):
    assert search("remodelling") == ["Needling guide"]


def test_finds_by_tag_and_by_treatment_name(articles):
    assert search("scarring") == ["Needling guide"]
    assert search("glycolic") == ["Peel guide"]


def test_drafts_are_not_found_by_live_search(articles):
    assert search("collagen") == ["Needling guide"]


@pytest.mark.parametrize("query", ["", "'", '"unbalanced', "\x00", "a" * 500, "OR AND NOT"])
def test_awkward_queries_do_not_crash(articles, query):
    search(query)


def test_tags_added_by_an_editor_are_searchable(
    admin_client, index, django_capture_on_commit_callbacks
):
    url = reverse("wagtailadmin_pages:add", args=["blog", "articlepage", index.pk])
    form = article_form(tags="cryotherapy", **{"action-publish": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, form).status_code == 302
    assert search("cryotherapy") == ["Aftercare for laser resurfacing"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs DATABASE_URL=postgres://…")
def test_postgresql_uses_its_full_text_search():
    backend = get_search_backend()
    assert type(backend).__name__ == "SafeQueryPostgresSearchBackend"
