"""List pages fetch what their cards show in a fixed number of queries (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticlePageFactory, ImageFactory, TreatmentFactory


def add_articles(index, count: int) -> None:
    treatment = TreatmentFactory()
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


@pytest.mark.parametrize("path", ["index", "home"])
def test_list_pages_make_the_same_number_of_queries_at_two_sizes(client, index, path):
    url = index.url if path == "index" else "/"
    add_articles(index, 2)
    small = queries_for(client, url)
    add_articles(index, 8)
    large = queries_for(client, url)
    assert small == large
    assert large <= 12
