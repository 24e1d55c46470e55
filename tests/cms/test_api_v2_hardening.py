"""Wagtail's API v2 at /api/v2/: bad query parameters are a 400, not a server error."""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import ArticlePageFactory, ImageFactory, body


def _bad_request(response, parameter: str) -> None:
    assert response.status_code == 400, response.content
    assert parameter in response.json()["message"]


@pytest.mark.parametrize("name", ["offset", "limit"])
@pytest.mark.parametrize("value", [str(2**63), str(2**64), "99999999999999999999999"])
def test_huge_offset_or_limit_is_a_400(client, index, name, value):
    ArticlePageFactory(parent=index)
    _bad_request(client.get("/api/v2/pages/", {name: value}), name)
    _bad_request(client.get("/api/v2/images/", {name: value}), name)


@pytest.mark.parametrize("value", ["-1", "1.5", " 1", "+1", "1_0", "\u0661", ""])
def test_malformed_offset_is_a_400(client, index, value):
    _bad_request(client.get("/api/v2/pages/", {"offset": value}), "offset")


def test_valid_offset_and_limit_still_work(client, index):
    ArticlePageFactory(parent=index, title="Only article")
    response = client.get("/api/v2/pages/", {"type": "blog.ArticlePage", "offset": 0, "limit": 5})
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Only article"]
    past_the_end = client.get("/api/v2/pages/", {"offset": 999_999, "limit": 20})
    assert past_the_end.status_code == 200
    assert past_the_end.json()["items"] == []


@pytest.mark.parametrize("name", ["child_of", "descendant_of", "ancestor_of", "id"])
def test_huge_id_parameters_are_a_400(client, index, name):
    _bad_request(client.get("/api/v2/pages/", {name: str(2**63)}), name)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"first_published_at": "abc"}, "first_published_at"),
        ({"last_published_at": "2026-13-45"}, "last_published_at"),
        ({"alias_of": "99999999999999999999"}, "alias_of"),
        ({"alias_of": str(2**63)}, "alias_of"),
        ({"alias_of": "x"}, "alias_of"),
        ({"type": "blog.ArticlePage", "display_date": "yesterday"}, "display_date"),
    ],
)
def test_a_field_filter_value_the_field_cannot_hold_is_a_400(client, index, query, parameter):
    ArticlePageFactory(parent=index)
    _bad_request(client.get("/api/v2/pages/", query), parameter)


def test_field_filters_with_good_values_still_filter(client, index):
    article = ArticlePageFactory(parent=index, title="Filtered")
    ArticlePageFactory(parent=index, title="Other")
    response = client.get("/api/v2/pages/", {"type": "blog.ArticlePage", "slug": article.slug})
    assert [item["title"] for item in response.json()["items"]] == ["Filtered"]
    assert client.get("/api/v2/pages/", {"alias_of": article.pk}).status_code == 200


def test_huge_id_in_the_path_is_a_400(client, index):
    _bad_request(client.get(f"/api/v2/pages/{2**63}/"), "id")
    assert client.get(f"/api/v2/pages/{2**31 - 1}/").status_code == 404


def test_unknown_search_operator_is_a_400(client, index):
    ArticlePageFactory(parent=index, title="Skin care after peels")
    _bad_request(
        client.get("/api/v2/pages/", {"search": "skin", "search_operator": "xor"}),
        "search_operator",
    )
    _bad_request(
        client.get("/api/v2/images/", {"search": "skin", "search_operator": ""}),
        "search_operator",
    )
    for operator in ("and", "or"):
        response = client.get("/api/v2/pages/", {"search": "skin", "search_operator": operator})
        assert response.status_code == 200


@pytest.mark.parametrize("name", ["html_path", "locale"])
@pytest.mark.parametrize("character", ["\x00", "\x1f", "\x7f"])
def test_control_characters_in_find_are_a_400(client, index, name, character):
    _bad_request(client.get("/api/v2/pages/find/", {name: character}), name)


@pytest.mark.parametrize("path", ["/api/v2/pages/", "/api/v2/images/"])
def test_control_characters_in_any_parameter_are_a_400(client, index, path):
    _bad_request(client.get(path, {"search": "skin\x00care"}), "search")
    _bad_request(client.get(path, {"title": "a\nb"}), "title")
    _bad_request(client.get(f"{path}?fie%00lds=title"), "control characters")


def test_find_still_redirects_to_the_page(client, index):
    article = ArticlePageFactory(parent=index, slug="after-peels")
    response = client.get("/api/v2/pages/find/", {"html_path": "/articles/after-peels/"})
    assert response.status_code == 302
    assert response["Location"].split("?")[0].endswith(f"/api/v2/pages/{article.pk}/")


def test_login_restricted_page_does_not_break_the_api(client, index):
    public = ArticlePageFactory(parent=index, title="Public article")
    private = ArticlePageFactory(parent=index, title="Members only")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    response = client.get("/api/v2/pages/")
    assert response.status_code == 200
    ids = {item["id"] for item in response.json()["items"]}
    assert public.pk in ids
    assert private.pk not in ids
    assert client.get(f"/api/v2/pages/{private.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{public.pk}/").status_code == 200
    assert client.get("/api/v2/pages/", {"child_of": index.pk}).status_code == 200
    assert client.get("/api/v2/images/").status_code == 200


def test_login_restricted_page_stays_hidden_from_a_logged_in_session(admin_client, index):
    # The v2 API is anonymous: a session cookie does not reveal restricted pages.
    private = ArticlePageFactory(parent=index, title="Members only")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    response = admin_client.get("/api/v2/pages/")
    assert response.status_code == 200
    assert private.pk not in {item["id"] for item in response.json()["items"]}


def test_documents_are_not_served(client, index):
    assert client.get("/api/v2/documents/").status_code == 404
    assert client.get("/api/v2/documents/1/").status_code == 404


def test_images_lists_only_images_used_by_live_public_pages(client, index, committed):
    def build():
        used = ImageFactory(title="Hero of a public article")
        in_body = ImageFactory(title="In a public article's body")
        ArticlePageFactory(
            parent=index,
            hero_image=used,
            body=body(("image", {"image": in_body.pk, "alt_text": "Alt", "caption": ""})),
        )
        draft_only = ImageFactory(title="Hero of a draft")
        ArticlePageFactory(parent=index, live=False, hero_image=draft_only)
        private = ImageFactory(title="Patient photo on a members' page")
        members = ArticlePageFactory(parent=index, hero_image=private)
        PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
        unused = ImageFactory(title="Never used")
        return used, in_body, draft_only, private, unused

    used, in_body, draft_only, private, unused = committed(build)

    response = client.get("/api/v2/images/")
    assert response.status_code == 200
    assert {item["id"] for item in response.json()["items"]} == {used.pk, in_body.pk}
    assert response.json()["meta"]["total_count"] == 2
    assert client.get(f"/api/v2/images/{used.pk}/").status_code == 200
    for hidden in (draft_only, private, unused):
        assert client.get(f"/api/v2/images/{hidden.pk}/").status_code == 404
    searched = client.get("/api/v2/images/", {"search": "patient"})
    assert searched.status_code == 200
    assert searched.json()["items"] == []
    searched = client.get("/api/v2/images/", {"search": "hero"})
    assert [item["id"] for item in searched.json()["items"]] == [used.pk]
