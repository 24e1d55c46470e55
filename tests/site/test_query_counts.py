"""List pages fetch what their cards show in a fixed number of queries (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import Treatment
from tests.comment_utils import make_comment
from tests.factories import ArticlePageFactory, AuthorFactory, ImageFactory, TreatmentFactory


def add_articles(index, count: int) -> None:
    treatment = Treatment.objects.first() or TreatmentFactory(slug="peel")
    for _ in range(count):
        article = ArticlePageFactory(parent=index, hero_image=ImageFactory())
        article.treatments.add(treatment)
        article.tags.add("aftercare", "peels")
        article.save()


def queries_for(client, url: str) -> int:
    client.get(url)  # warm caches that are not per request (site root paths, renditions)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path", ["index", "home", "treatments/", "treatments/peel/", "tags/peels/"]
)
def test_list_pages_make_the_same_number_of_queries_at_two_sizes(client, index, path):
    url = {"index": index.url, "home": "/"}.get(path, f"{index.url}{path}")
    add_articles(index, 2)
    small = queries_for(client, url)
    add_articles(index, 8)
    large = queries_for(client, url)
    assert small == large
    # A treatment's or tag's list finds it first; with more than one content language, one
    # more finds the page's translations (the language switcher and hreflang alternates).
    assert large <= (14 if "/" in path else 13)


def add_comments(article, threads: int) -> None:
    nurse = AuthorFactory(role="Nurse")
    start = article.reader_comments.filter(depth=0).count()
    for n in range(start, start + threads):
        question = make_comment(article, author_name=f"Reader {n}", body=f"Question {n}?")
        make_comment(article, parent=question, is_staff_reply=True, staff_author=nurse)
        make_comment(article, parent=question, author_name=f"Other {n}")


def test_the_article_page_shows_comments_in_the_same_queries_at_two_sizes(client, index):
    add_articles(index, 3)  # related articles, with their cards
    article = ArticlePageFactory(parent=index)
    article.treatments.add(Treatment.objects.get())
    article.save()
    add_comments(article, 2)
    small = queries_for(client, article.url)
    add_comments(article, 10)
    large = queries_for(client, article.url)
    assert small == large
    # About ten are Wagtail routing the page and checking its restrictions; with more than one
    # content language, one more is its lookup of the active locale (Page.localized) and one
    # its translations (the language switcher and hreflang alternates).
    assert large <= 26
    html = client.get(article.url).content.decode()
    assert "Question 11?" in html
    assert html.count('<span class="badge">') == 12, html.count('<span class="badge">')
