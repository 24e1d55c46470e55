"""/api/v1/search/ and /api/v1/search/suggest/: ranked cards with highlights, corrections,
suggestions while typing, bad input as a 400, nothing private."""

from __future__ import annotations

import pytest

from blog.models import ComplianceRule, SynonymGroup
from blog.published import store
from tests.factories import (
    ArticlePageFactory,
    TreatmentFactory,
    body,
    heading,
    paragraph,
)

SEARCH = "/api/v1/search/"
SUGGEST = "/api/v1/search/suggest/"


@pytest.fixture
def clinic(index, committed):
    needling = TreatmentFactory(name="Microneedling", slug="microneedling")
    first = ArticlePageFactory(
        parent=index,
        title="Your skin after microneedling",
        body=body(heading("Day one"), paragraph("<p>Expect <b>redness</b> like sunburn.</p>")),
    )
    first.treatments.add(needling)
    first.save()
    ArticlePageFactory(
        parent=index,
        title="Sunscreen & <you>",
        body=body(paragraph("<p>Sunscreen every day after any treatment.</p>")),
    )
    committed(store.rebuild)
    return first


def test_results_are_cards_with_highlights(client, clinic):
    response = client.get(SEARCH, {"q": "microneedling redness"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1 and data["searched_for"] is None and data["did_you_mean"] is None
    [result] = data["results"]
    assert result["id"] == clinic.pk and result["slug"] == clinic.slug
    assert result["highlight"]["title"] == "Your skin after <mark>microneedling</mark>"
    assert "<mark>redness</mark>" in result["highlight"]["excerpt"]
    assert "<b>" not in result["highlight"]["excerpt"]


def test_a_title_is_escaped_in_its_highlight(client, clinic):
    [result] = client.get(SEARCH, {"q": "sunscreen you"}).json()["results"]  # "you": a stop word
    assert result["highlight"]["title"] == "<mark>Sunscreen</mark> &amp; &lt;you&gt;"


def test_a_corrected_search_says_so(client, clinic):
    data = client.get(SEARCH, {"q": "microneedeling"}).json()
    assert data["searched_for"] == "microneedling"
    assert [r["id"] for r in data["results"]] == [clinic.pk]


def test_a_corrected_search_costs_no_more_queries_than_an_exact_one(client, index, committed):
    from tests.api_utils import count_queries

    for n in range(3):
        ArticlePageFactory(parent=index, title=f"Microneedling question {n}")
    committed(store.rebuild)
    corrected = {"q": "microneedeling", "page_size": 2}  # more matches than one page
    assert client.get(SEARCH, corrected).json()["searched_for"] == "microneedling"
    exact = count_queries(client, SEARCH, q="microneedling", page_size=2)
    assert count_queries(client, SEARCH, **corrected) == exact == 3  # state, ranks, cards


def test_nothing_found_offers_a_did_you_mean(client, clinic):
    data = client.get(SEARCH, {"q": "sunzcrxxn"}).json()
    assert data["count"] == 0 and data["results"] == []
    assert data["did_you_mean"] == "sunscreen"


def test_results_come_a_page_at_a_time_with_the_count(client, index, committed):
    for n in range(5):
        ArticlePageFactory(parent=index, title=f"Sunscreen tip {n}")
    committed(store.rebuild)
    every = [r["id"] for r in client.get(SEARCH, {"q": "sunscreen"}).json()["results"]]
    assert len(every) == 5
    second = client.get(SEARCH, {"q": "sunscreen", "page": 2, "page_size": 2}).json()
    assert second["count"] == 5 and second["num_pages"] == 3
    assert [r["id"] for r in second["results"]] == every[2:4]
    past = client.get(SEARCH, {"q": "sunscreen", "page": 4, "page_size": 2})
    assert past.status_code == 404 and "the last page is 3" in past.json()["page"][0]


@pytest.mark.parametrize(
    ("params", "field"),
    [({}, "q"), ({"q": ""}, "q"), ({"q": "x" * 201}, "q"), ({"q": "a", "page": "0"}, "page")],
)
def test_bad_input_is_a_400_naming_the_field(client, clinic, params, field):
    response = client.get(SEARCH, params)
    assert response.status_code == 400
    assert field in response.json()


def test_suggestions_while_typing_with_a_typo_past_the_third_letter(client, clinic):
    for typed in ("micr", "micrn", "Micro"):
        data = client.get(SUGGEST, {"q": typed}).json()
        kinds = [(s["kind"], s["text"]) for s in data["suggestions"]]
        assert kinds[0] == ("treatment", "Microneedling"), typed
        assert ("article", "Your skin after microneedling") in kinds
    assert client.get(SUGGEST, {"q": "mxc"}).json()["suggestions"] == []


def test_suggestion_paths_lead_to_the_website(client, clinic, index):
    data = client.get(SUGGEST, {"q": "your skin"}).json()
    assert data["suggestions"] == [
        {"text": "Your skin after microneedling", "kind": "article", "path": clinic.url}
    ]
    treatment = client.get(SUGGEST, {"q": "microneedling"}).json()["suggestions"][0]
    assert treatment["path"] == f"{index.url}treatments/microneedling/"


def test_a_blocked_word_is_never_suggested(client, index, committed):
    ArticlePageFactory(parent=index, title="Botox: our answer")
    ComplianceRule.objects.create(name="POM", pattern="botox", severity="block", explanation="x")
    committed(store.rebuild)
    assert client.get(SUGGEST, {"q": "boto"}).json()["suggestions"] == []


def test_a_new_synonym_changes_a_cached_search_at_once(client, clinic, committed):
    assert client.get(SEARCH, {"q": "dermaroller"}).json()["count"] == 0
    committed(lambda: SynonymGroup.objects.create(terms="dermaroller", leads_to="microneedling"))
    assert client.get(SEARCH, {"q": "dermaroller"}).json()["count"] == 1


def test_drafts_are_never_found_or_suggested(client, index, committed):
    ArticlePageFactory(parent=index, title="Hydrafacial secrets", live=False)
    committed(store.rebuild)
    assert client.get(SEARCH, {"q": "hydrafacial"}).json()["count"] == 0
    assert client.get(SUGGEST, {"q": "hydra"}).json()["suggestions"] == []


@pytest.mark.parametrize("url", [SEARCH, SUGGEST])
def test_options_and_head_are_answered(client, clinic, url):
    assert client.options(f"{url}?q=0&page=1").status_code == 200  # schemathesis found a 500
    assert client.head(url, {"q": "sunscreen"}).status_code == 200
