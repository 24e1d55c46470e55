"""Input that tries to smuggle markup or invisible characters: refused with a 400 naming the
field, or cleaned to plain text before it is stored, so nothing of it reaches body_html, the
API or the admin."""

import pytest
from django.core import signing

from blog.comments.tokens import FORM_SALT
from blog.models import ReaderComment
from blog.published.preview import SALT
from tests.comment_utils import form_token, post
from tests.factories import ArticlePageFactory


@pytest.fixture
def article(index):
    return ArticlePageFactory(parent=index)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "<script>alert(2)</script>"),
        ("name", 'Ana" onmouseover="x'),
        ("name", "\u200b\u200b\u200b"),  # zero-width spaces only: nothing visible
        ("name", "\u202e\u2066"),  # bidi controls only
        ("name", "\x1b\x1b"),
        ("name", "\u3164\u3164"),  # Hangul fillers: letters that draw nothing
        ("name", "\ufe0f\U000e0041"),  # a variation selector and a tag character
        ("body", "\u2800 \u200b\n\x00"),
        ("website", "http://exämple.com/"),  # IDN hosts in punycode only
        ("website", "http://[::1/"),
        ("website", 'http://a.com/"><script>alert(3)</script>'),
        ("website", "http://a.com/<b>"),
        ("website", "http://a.com/ x"),
        ("website", "http://a.com/'onclick"),
        ("website", "http://user:pass@a.com/"),
        ("website", "//a.com/"),
    ],
)
def test_markup_and_invisible_input_is_refused(client, article, field, value):
    response = post(client, article, **{field: value})
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert not ReaderComment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "accepted"),
    [
        ("name", "Ana López", True),
        ("name", "李小龙", True),
        ("name", " \u200bA", True),
        ("name", "\u200b\u3164 ", False),
        ("name", "Ana <b>", False),
        ("body", "\u2800\n\u200b", False),
        ("body", "\u2800\n\u200b.", True),
        ("website", "https://Example.com:8443/a?b=c#d", True),
        ("website", "", True),
        ("website", "https://exa_mple.com/", False),
        ("website", "mailto:a@b.co", False),
    ],
)
def test_the_schema_patterns_say_what_the_server_accepts(field, value, accepted):
    from blog.api.comment_serializers import INPUT_PATTERNS, CommentInputSerializer

    serializer = CommentInputSerializer(data={field: value})
    serializer.is_valid()
    assert (field not in serializer.errors) is accepted
    assert bool(INPUT_PATTERNS[field].search(value)) is accepted


def test_control_characters_are_removed_from_names_and_bodies(client, article):
    response = post(
        client,
        article,
        name="\x1b[31mAna\u200b \u202eLópez\x07\x00",
        body="Line one\x1b[2J\n\tLine\u200b two\x08\x00\n\nNew paragraph \u2066here\u2069",
    )
    assert response.status_code == 201, response.content
    stored = ReaderComment.objects.get()
    assert stored.author_name == "[31mAna López"
    assert stored.body == "Line one[2J\n Line two\n\nNew paragraph here"
    for text in (stored.author_name, stored.body, stored.body_html):
        assert not any(ord(c) < 32 and c != "\n" for c in text), repr(text)  # NUL included
        assert "\u200b" not in text and "\u202e" not in text


def test_websites_are_stored_in_one_spelling(client, article):
    response = post(client, article, website="HTTPS://Example.COM")
    assert response.status_code == 201, response.content
    assert ReaderComment.objects.get().website == "https://example.com/"


def test_a_caught_bot_gets_the_answer_anyone_gets(client, article):
    """The honeypot: a filled hidden field is dropped silently, and the answer has the same
    shape as a real pending comment's, an id included, so a bot cannot tell."""
    real = post(client, article, body="A real question?").json()
    caught = post(client, article, body="Buy now", homepage="http://spam.example").json()
    assert set(caught) == set(real)
    assert isinstance(caught["id"], int) and caught["id"] > real["id"]
    assert caught["status"] == real["status"] == "pending"
    assert ReaderComment.objects.count() == 1


@pytest.mark.parametrize("size", [20 * 1024, 3 * 1024 * 1024])
def test_every_oversized_body_gets_the_json_413(client, article, size):
    response = client.post(
        f"/api/v1/articles/{article.slug}/comments/", b"x" * size, content_type="application/json"
    )
    assert response.status_code == 413
    assert list(response.json()) == ["request"]
    assert not ReaderComment.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [[1, 2], "text", 7, None, {"a": "ARTICLE", "t": "yesterday"}, {"a": "ARTICLE", "t": [1]}],
)
def test_a_well_signed_form_token_with_an_odd_payload_is_a_403(client, article, payload):
    if isinstance(payload, dict):
        payload = {**payload, "a": article.pk}
    token = signing.dumps(payload, salt=FORM_SALT)
    response = post(client, article, form_token=token)
    assert response.status_code == 403
    assert list(response.json()) == ["form_token"]


def test_a_form_token_whose_time_is_not_a_number_is_refused(client, article):
    # json.dumps writes NaN, and a NaN age passes every comparison.
    token = signing.dumps({"a": article.pk, "t": float("nan")}, salt=FORM_SALT)
    assert post(client, article, form_token=token).status_code == 403


@pytest.mark.parametrize("payload", [[1, 2], "text", 7, {"p": "1", "r": 2}])
def test_a_well_signed_preview_token_with_an_odd_payload_is_a_403(client, index, payload):
    token = signing.dumps(payload, salt=SALT, compress=True)
    response = client.get("/api/v1/preview/", {"token": token})
    assert response.status_code == 403


def test_a_form_token_serves_a_bounded_number_of_posts(client, article, settings):
    settings.COMMENTS_FORM_TOKEN_MAX_POSTS = 2
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "comments_client": "100/min",
        },
    }
    token = form_token(article)
    answers = [
        post(client, article, body=f"Comment number {n}", form_token=token).status_code
        for n in range(3)
    ]
    assert answers == [201, 201, 403]
    assert ReaderComment.objects.count() == 2
    assert post(client, article, body="With a new form").status_code == 201
