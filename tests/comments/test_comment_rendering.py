"""A reader's comment as HTML: links end where the address ends, whatever follows it."""

import pytest

from blog.comments.rendering import render_body
from tests.comment_utils import make_comment
from tests.factories import ArticlePageFactory

REL = 'rel="nofollow ugc noopener"'


@pytest.mark.parametrize(
    ("text", "html"),
    [
        # Escaped before linking, "<" became "&lt;" and the link swallowed "&lt", leaving ";".
        (
            "https://b.example/x?<script>",
            f'<a href="https://b.example/x" {REL}>https://b.example/x</a>?&lt;script&gt;',
        ),
        (
            "https://b.example/x>y",
            f'<a href="https://b.example/x" {REL}>https://b.example/x</a>&gt;y',
        ),
        (
            'Read "https://b.example/x"',
            f'Read "<a href="https://b.example/x" {REL}>https://b.example/x</a>"',
        ),
        (
            "'https://b.example/x'",
            f"'<a href=\"https://b.example/x\" {REL}>https://b.example/x</a>'",
        ),
        (
            "<https://b.example/x>",
            f'&lt;<a href="https://b.example/x" {REL}>https://b.example/x</a>&gt;',
        ),
    ],
)
def test_a_link_ends_where_the_address_ends(text, html):
    assert render_body(text) == f"<p>{html}</p>"


def test_an_ampersand_stays_part_of_the_address():
    link = "https://b.example/search?q=peel&amp;page=2"
    assert render_body("https://b.example/search?q=peel&page=2") == (
        f'<p><a href="{link}" {REL}>{link}</a></p>'
    )


def test_text_that_looks_like_an_entity_is_shown_as_written():
    assert render_body("https://b.example/a&lt;b and &gt; too") == (
        f'<p><a href="https://b.example/a&amp;lt;b" {REL}>https://b.example/a&amp;lt;b</a>'
        " and &amp;gt; too</p>"
    )


def test_the_article_page_shows_the_link_without_a_stray_semicolon(client, index):
    article = ArticlePageFactory(parent=index, title="Peel week")
    make_comment(article, body="My clinic: https://b.example/x?<script> thanks")
    html = client.get(article.url).content.decode()
    link = f'<a href="https://b.example/x" {REL}>https://b.example/x</a>'
    assert f"My clinic: {link}?&lt;script&gt; thanks" in html
