"""Bad comment input: a 4xx with a JSON body naming the field, and nothing stored."""

import json
import re

import pytest

from blog.models import ReaderComment
from tests.comment_utils import payload
from tests.factories import ArticlePageFactory


@pytest.fixture
def article(index):
    return ArticlePageFactory(parent=index)


def send(client, article, body: bytes | str, content_type="application/json"):
    return client.post(
        f"/api/v1/articles/{article.slug}/comments/", body, content_type=content_type
    )


FIELD_CASES = [
    ({"name": ""}, "name", "Name is required."),
    ({"name": None}, "name", None),
    ({"email": ""}, "email", "Email is required."),
    ({"body": "   "}, "body", "Comment is required."),
    ({"body": 42}, "body", None),
    ({"body": ["a", "list"]}, "body", None),
    ({"body": {"an": "object"}}, "body", None),
    ({"body": "x" * 5001}, "body", None),
    ({"name": "Ann\r\nBcc: x@example.com"}, "name", None),
    ({"email": "ann@example.com\r\nBcc: x@example.com"}, "email", None),
    ({"email": "Ann <ann@example.com>"}, "email", None),
    ({"email": "not-an-email"}, "email", None),
    ({"website": "javascript:alert(1)"}, "website", None),
    ({"website": "ftp://example.com"}, "website", None),
    ({"parent": -1}, "parent", None),
    ({"parent": 10**30}, "parent", None),
    ({"parent": "abc"}, "parent", None),
    ({"consent": False}, "consent", "Please agree to the privacy notice."),
    ({"consent": "yes"}, "consent", None),
    ({"notify_on_reply": "true"}, "notify_on_reply", None),
    ({"form_token": 12}, "form_token", None),
]


# Well formed, but naming something that is not there or not allowed: not a 400, so that a
# client can tell "fix the input" from "reload the form" or "that comment is gone".
REFUSED_CASES = [
    ({"parent": 999999}, "parent", 404),
    ({"form_token": "forged"}, "form_token", 403),
]


@pytest.mark.parametrize(("change", "field", "status"), REFUSED_CASES)
def test_refusals_name_the_field(client, article, change, field, status):
    response = send(client, article, json.dumps(payload(article, **change)))
    assert response.status_code == status, response.content
    assert field in response.json()
    assert not ReaderComment.objects.exists()


@pytest.mark.parametrize(("change", "field", "message"), FIELD_CASES)
def test_field_errors(client, article, change, field, message):
    response = send(client, article, json.dumps(payload(article, **change)))
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors
    if message:
        assert errors[field] == [message]
    assert not ReaderComment.objects.exists()


def test_missing_fields_are_named_like_a_form(client, article):
    errors = send(client, article, "{}").json()
    assert errors["name"] == ["Name is required."]
    assert errors["email"] == ["Email is required."]
    assert errors["body"] == ["Comment is required."]
    assert errors["consent"] == ["Please agree to the privacy notice."]


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"[]", 400),
        (b'"just a string"', 400),
        (b"{not json", 400),
        (b"\xff\xfe{}", 400),
        (b"[" * 100_000 + b"]" * 100_000, 413),
        (b"[" * 5_000 + b"]" * 5_000, 400),
        (json.dumps({"body": "x" * 20_000}).encode(), 413),
    ],
)
def test_malformed_requests(client, article, raw, status):
    response = send(client, article, raw)
    assert response.status_code == status, response.content
    assert "request" in response.json()
    assert not ReaderComment.objects.exists()


def test_hostile_html_is_inert(client, article):
    from tests.comment_utils import make_comment

    hostile = "<script>alert(1)</script> <img src=x onerror=alert(1)> javascript:alert(1)"
    comment = make_comment(article, body=hostile)
    html = client.get(f"/api/v1/articles/{article.slug}/comments/").json()["results"][0]
    assert comment.pk == html["id"]
    # Only text remains: no live element, attribute or script URL.
    assert re.findall(r"<(\w+)", html["body_html"]) == ["p"]
    assert 'href="javascript' not in html["body_html"]
    assert "&lt;script&gt;" in html["body_html"]


def test_an_empty_request_names_the_required_fields(client, article):
    response = send(client, article, b"")
    assert response.status_code == 400
    assert response.json()["name"] == ["Name is required."]
    assert not ReaderComment.objects.exists()


@pytest.mark.parametrize(
    ("cursor", "status"),
    [
        ("%%%", 400),  # not base64url: malformed, as the schema's pattern says
        ("x" * 500, 400),
        ("garbage", 410),  # well-formed, but not a cursor this API issued: start again
        ("e30", 410),
        ("W10", 410),
        ("eyJ0Ijoibm90IGEgZGF0ZSIsImkiOjF9", 410),
        ("eyJ0IjoiMjAyNi0wMS0wMSIsImkiOjF9", 410),
        # Dates at the edge of the calendar: year 1 at +05:00 and 9999 at -05:00 leave it in UTC.
        ("eyJ0IjoiMDAwMS0wMS0wMVQwMDowMDowMCswNTowMCIsImkiOjF9", 410),
        ("eyJ0IjoiOTk5OS0xMi0zMVQyMzo1OTo1OS0wNTowMCIsImkiOjF9", 410),
    ],
)
def test_comment_page_cursors_we_did_not_issue_are_refused(client, article, cursor, status):
    response = client.get(f"/api/v1/articles/{article.slug}/comments/", {"after": cursor})
    assert response.status_code == status
    assert "after" in response.json()
