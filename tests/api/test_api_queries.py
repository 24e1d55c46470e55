"""Every list endpoint, and the detail, make a fixed number of queries at any data size."""

import pytest

from blog.models import Treatment
from tests.api_utils import count_queries, rich_article
from tests.factories import ArticlePageFactory, AuthorFactory, ImageFactory, TreatmentFactory


def add_cards(index, count: int) -> None:
    treatment = Treatment.objects.get_or_create(slug="shared", defaults={"name": "Shared"})[0]
    for _ in range(count):
        article = ArticlePageFactory(parent=index, hero_image=ImageFactory())
        article.treatments.add(treatment, TreatmentFactory())
        article.tags.add("aftercare", f"tag-{article.pk}")
        article.save()


@pytest.mark.parametrize(
    ("url", "params", "budget"),
    [
        # The content state, the total (counted once per content state: blog.published.tallies,
        # and this is the first read of a new state) and the page's stored cards in one
        # statement (ids from an index in a subquery); a search brings the total with the
        # ids, so that it runs once, then reads the cards by primary key.
        ("/api/v1/articles/", {}, 3),
        ("/api/v1/articles/", {"page_size": 100}, 3),
        ("/api/v1/articles/", {"treatment": "shared", "ordering": "title"}, 3),
        ("/api/v1/articles/", {"q": "opening"}, 3),
        # Search in readers' words: the state, the postings of the query's stems with their
        # articles' dates (for ranking), the page's cards with their texts. The vocabulary
        # and the synonyms are held in each process until they change (blog.search).
        ("/api/v1/search/", {"q": "opening"}, 3),
        ("/api/v1/search/", {"q": "openning sections"}, 3),  # corrected: no more
        # Suggestions: the state; the candidates are held per site until the index changes.
        ("/api/v1/search/suggest/", {"q": "art"}, 1),
        # The state, the counts in one pass over the links (once per state), the rows.
        ("/api/v1/treatments/", {}, 3),
        ("/api/v1/tags/", {}, 3),
        ("/api/v1/authors/", {}, 3),
        # The state, the change log's high-water mark, a page of stored details.
        ("/api/v1/sync/", {}, 3),
        # In another language: the same reads, each language's rows chosen in the statement.
        ("/api/v1/articles/", {"locale": "fr"}, 3),
        ("/api/v1/articles/", {"locale": "fr", "treatment": "shared"}, 3),
        ("/api/v1/treatments/", {"locale": "fr"}, 3),
        ("/api/v1/tags/", {"locale": "fr"}, 3),
        ("/api/v1/authors/", {"locale": "fr"}, 3),
        ("/api/v1/sync/", {"locales": "fr,en-gb"}, 3),
    ],
)
def test_list_endpoints_at_two_data_sizes(
    client, index, url, params, budget, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_cards(index, 2)
        AuthorFactory()
    small = count_queries(client, url, **params)
    with django_capture_on_commit_callbacks(execute=True):
        add_cards(index, 12)
        AuthorFactory()
    large = count_queries(client, url, **params)
    assert small == large, (small, large)
    assert large <= budget


def test_detail_with_more_images_and_links_makes_no_more_queries(client, index):
    small, *_ = rich_article(index, images=1, links=1)
    large, *_ = rich_article(index, images=6, links=6)
    small_count = count_queries(client, f"/api/v1/articles/{small.slug}/")
    large_count = count_queries(client, f"/api/v1/articles/{large.slug}/")
    assert small_count == large_count
    assert large_count <= 2  # the content state and the stored row


@pytest.mark.parametrize("url", ["/api/v1/articles/", "/api/v1/sync/"])
def test_site_roots_and_policy_are_read_once_per_response(client, index, url):
    from unittest import mock

    from django.core.cache.backends.locmem import LocMemCache

    from blog.published.reconcile import record_change

    add_cards(index, 8)
    client.get(url)
    record_change(kind="page")  # a fresh response, not the cached one
    real_get, keys = LocMemCache.get, []

    def counting_get(cache, key, *args, **kwargs):
        keys.append(key)
        return real_get(cache, key, *args, **kwargs)

    with mock.patch.object(LocMemCache, "get", counting_get):
        assert client.get(url).status_code == 200
    # None at all for stored articles (rendered on write: their paths are in the JSON).
    assert keys.count("wagtail_site_root_paths") <= 1
    assert keys.count("blog:comment-policy") <= 1
