"""Anchors, table of contents and reading time derived from an article body."""

import pytest

from blog.body import reading_minutes, table_of_contents
from tests.factories import ArticlePageFactory, body, heading, paragraph


@pytest.fixture
def article(index):
    return ArticlePageFactory(
        parent=index,
        body=body(
            heading("Before the treatment"),
            paragraph("<p>Prepare well.</p>"),
            heading("Before the treatment", "h3"),
            heading("Après-soin: week one"),
        ),
    )


def test_toc_lists_headings_in_order_with_unique_anchors(article):
    toc = article.table_of_contents
    assert [(e.text, e.level, e.anchor) for e in toc] == [
        ("Before the treatment", "h2", "before-the-treatment"),
        ("Before the treatment", "h3", "before-the-treatment-2"),
        ("Après-soin: week one", "h2", "après-soin-week-one"),
    ]


def test_anchor_is_stable_when_the_heading_text_is_unchanged(article):
    before = {e.block_id: e.anchor for e in article.table_of_contents}
    article.body.insert(0, ("paragraph", "<p>A new opening paragraph.</p>"))
    article.save_revision().publish()
    article.refresh_from_db()
    after = {e.block_id: e.anchor for e in table_of_contents(article.body)}
    assert after == before


def test_rendered_headings_carry_the_toc_anchors(client, article):
    html = client.get(article.url).content.decode()
    for entry in article.table_of_contents:
        assert f'id="{entry.anchor}"' in html
        assert f'href="#{entry.anchor}"' in html


@pytest.mark.parametrize(("words", "minutes"), [(0, 1), (220, 1), (221, 2), (1100, 5)])
def test_reading_minutes(words, minutes):
    assert reading_minutes(words) == minutes


def test_word_count_covers_title_intro_and_body_text(index):
    article = ArticlePageFactory(
        parent=index,
        title="Three word title",
        intro="Four words of intro",
        body=body(heading("Two words"), paragraph("<p>Five <b>words</b> in this paragraph</p>")),
    )
    assert article.word_count == 3 + 4 + 2 + 5


def test_a_heading_never_takes_an_id_the_page_uses_for_its_own_parts(client, index):
    article = ArticlePageFactory(
        parent=index, body=body(heading("Comments"), heading("Comment form"), heading("Main"))
    )
    assert [e.anchor for e in article.table_of_contents] == [
        "section-comments",
        "section-comment-form",
        "section-main",
    ]
    html = client.get(article.url).content.decode()
    for page_id in ("comments", "comment-form", "main"):
        assert html.count(f'id="{page_id}"') == 1
