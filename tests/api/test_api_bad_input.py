"""Bad input gets a 400 (or 404/403) with a JSON body naming the parameter; never a 500."""

import pytest

from tests.factories import ArticlePageFactory

HUGE = str(10**30)

BAD_PARAMS = [
    ("/api/v1/articles/", {"page": HUGE}, "page"),
    ("/api/v1/articles/", {"page": "0"}, "page"),
    ("/api/v1/articles/", {"page": "-1"}, "page"),
    ("/api/v1/articles/", {"page": "two"}, "page"),
    ("/api/v1/articles/", {"page_size": HUGE}, "page_size"),
    ("/api/v1/articles/", {"page_size": "1000"}, "page_size"),
    ("/api/v1/articles/", {"page_size": "0"}, "page_size"),
    ("/api/v1/articles/", {"published_after": "2026-02-30"}, "published_after"),
    ("/api/v1/articles/", {"published_before": "yesterday"}, "published_before"),
    ("/api/v1/articles/", {"published_after": "2026-01-01T25:00"}, "published_after"),
    ("/api/v1/articles/", {"ordering": "random"}, "ordering"),
    ("/api/v1/articles/", {"treatment": "bad slug!"}, "treatment"),
    ("/api/v1/articles/", {"tag": "x" * 500}, "tag"),
    ("/api/v1/articles/", {"q": "skin\x00care"}, "q"),
    ("/api/v1/articles/", {"q": "x" * 201}, "q"),
    ("/api/v1/articles/by-id/abc/", {}, "id"),
    (f"/api/v1/articles/by-id/{HUGE}/", {}, "id"),
    ("/api/v1/articles/by-id/-4/", {}, "id"),
    ("/api/v1/articles/lookup/", {}, "path"),
    ("/api/v1/articles/lookup/", {"path": "no-slash"}, "path"),
    ("/api/v1/articles/lookup/", {"path": "/a\x00b/"}, "path"),
    ("/api/v1/sync/", {"since": "%%%"}, "since"),
    ("/api/v1/preview/", {"token": ""}, "token"),
    ("/api/v1/preview/", {"token": "x" * 5000}, "token"),
    ("/api/v1/preview/", {"token": "abc", "page": "x"}, "page"),
    ("/api/v1/treatments/", {"page": HUGE}, "page"),
    ("/api/v1/tags/", {"page_size": "-5"}, "page_size"),
    # Characters that str.isdigit() accepts but int() rejects.
    ("/api/v1/articles/by-id/²/", {}, "id"),
    ("/api/v1/articles/", {"page": "²"}, "page"),
    ("/api/v1/articles/", {"page_size": "¹²"}, "page_size"),
    ("/api/v1/preview/", {"token": "abc", "page": "³"}, "page"),
    ("/api/v1/articles/", {"page": "٣"}, "page"),
]


@pytest.mark.parametrize(("url", "params", "field"), BAD_PARAMS)
def test_bad_parameters_are_400_naming_the_parameter(client, index, url, params, field):
    ArticlePageFactory(parent=index)
    response = client.get(url, params)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    assert field in response.json()


@pytest.mark.parametrize(
    "query", ["'", '"', '"unbalanced', "a OR", "NEAR(", "*", "skin AND NOT", "<script>", "💉"]
)
def test_awkward_search_queries_answer_200(client, index, query):
    ArticlePageFactory(parent=index)
    assert client.get("/api/v1/articles/", {"q": query}).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/articles/no-such-article/",
        "/api/v1/articles/by-id/999999/",
        "/api/v1/articles/lookup/?path=/nowhere/",
        "/api/v1/nothing-here/",
        "/api/v1/articles/%00/",
    ],
)
def test_unknown_resources_are_json_404(client, index, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"page": "99"}, "page", "There is no page 99; the last page is 1."),
        ({"treatment": "no-such-treatment"}, "treatment", "No treatment has the slug"),
        ({"author": "nobody"}, "author", "No author has the slug"),
    ],
)
def test_a_page_or_filter_value_that_names_nothing_is_a_404_naming_it(
    client, index, params, field, message
):
    ArticlePageFactory(parent=index)
    response = client.get("/api/v1/articles/", params)
    assert response.status_code == 404
    assert response.json()[field][0].startswith(message)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_content_api_is_read_only(client, index, method):
    article = ArticlePageFactory(parent=index)
    for url in ("/api/v1/articles/", f"/api/v1/articles/{article.slug}/", "/api/v1/tags/"):
        response = getattr(client, method)(url, data="{}", content_type="application/json")
        assert response.status_code == 405
