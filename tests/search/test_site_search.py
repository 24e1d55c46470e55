"""The website's search page: results with highlights, a correction said, did-you-mean and
suggestions as plain links (no JavaScript needed), the box in every page's header."""

from __future__ import annotations

import pytest

from blog.published import store
from tests.factories import (
    microneedling_article,
)


@pytest.fixture
def clinic(index, committed):
    article = microneedling_article(index)
    committed(store.rebuild)
    return article


def search(client, index, **params):
    return client.get(f"{index.url}search/", params)


def test_results_link_to_the_articles_with_marked_words(client, index, clinic):
    html = search(client, index, q="microneedling redness").content.decode()
    assert f'href="{clinic.url}"' in html
    assert "Your skin after <mark>microneedling</mark>" in html
    assert "<mark>Redness</mark> fades" in html
    assert '<meta name="robots" content="noindex">' in html


def test_a_correction_is_said_and_nothing_found_offers_did_you_mean(client, index, clinic):
    corrected = search(client, index, q="microneedeling").content.decode()
    assert "Showing results for <strong>microneedling</strong>" in corrected
    nothing = search(client, index, q="redxxxss").content.decode()
    assert "No article matches" in nothing
    assert 'Did you mean <a href="?q=redness">redness</a>?' in nothing


def test_suggestions_are_links_without_javascript(client, index, clinic):
    html = search(client, index, q="micro").content.decode()
    assert f'<a href="{index.url}treatments/microneedling/">Microneedling</a>' in html


def test_the_search_box_is_in_the_header_and_escapes_what_was_typed(client, index, clinic):
    assert f'action="{index.url}search/"' in client.get(clinic.url).content.decode()
    html = search(client, index, q='"><script>x</script>').content.decode()
    assert "<script>x</script>" not in html


@pytest.mark.parametrize("page", ["0", "x", "99"])
def test_a_bad_page_is_a_404(client, index, clinic, page):
    assert search(client, index, q="microneedling", page=page).status_code == 404
