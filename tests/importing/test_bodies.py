"""WordPress post bodies become ArticlePage.body blocks an editor can keep working with: the
rules one by one. A whole Gutenberg post is in test_gutenberg.py, a whole classic one in
test_classic.py; both use the helpers here.

The importer hands convert_body() a BodyLinks; here that is FakeLinks, plain dicts of what
"exists" (the converter never touches the database, so this is not a mock of it).
"""

from __future__ import annotations

import re

import pytest

from blog.blocks import ArticleBodyBlock
from blog.importing.bodies import ConvertedBody, ImageWanted, convert_body

SITE = "https://clinic.example"
UPLOADS = f"{SITE}/wp-content/uploads/2023/05"
DASH = "\u2013"  # between the cells of a table row


class FakeLinks:
    """The importer's answers: what exists, keyed by URL (or attachment id for images), and
    the alt text and caption the export gives an attachment id (texts)."""

    def __init__(self, images=None, pages=None, documents=None, texts=None) -> None:
        self.images: dict = images or {}
        self.pages: dict[str, int] = pages or {}
        self.documents: dict[str, int] = documents or {}
        self.texts: dict[int, tuple[str, str]] = texts or {}
        self.asked: list[ImageWanted] = []

    def image(self, wanted: ImageWanted) -> int | None:
        self.asked.append(wanted)
        return self.images.get(wanted.url) or self.images.get(wanted.attachment_id)

    def page(self, url: str) -> int | None:
        return self.pages.get(url)

    def document(self, url: str) -> int | None:
        return self.documents.get(url)

    def attachment_text(self, attachment_id: int) -> tuple[str, str]:
        return self.texts.get(attachment_id, ("", ""))


def convert(html: str, links: FakeLinks | None = None) -> ConvertedBody:
    return convert_body(html, links=links or FakeLinks(images={"/any.jpg": 1}))


def kinds(converted: ConvertedBody) -> list[str]:
    return [block["type"] for block in converted.blocks]


_TAG = re.compile(r"<(/?)([a-zA-Z0-9-]+)([^>]*)>")


def assert_rich_text(html: str) -> None:
    """Only what a paragraph may hold: p, b, i, a, ol, ul, li, br; links by href or id."""
    for closing, name, attributes in _TAG.findall(html):
        assert name in {"p", "b", "i", "a", "ol", "ul", "li", "br"}, html
        if name == "a" and not closing:
            assert re.fullmatch(r'(?: (?:href|linktype|id)="[^"<>]*")+', attributes), html
            assert "javascript" not in attributes.lower()
        elif not closing:
            assert attributes.strip() == "", html


def rich_texts(blocks: list[dict]) -> list[str]:
    texts = []
    for block in blocks:
        value = block["value"]
        if block["type"] == "paragraph":
            texts.append(value)
        elif block["type"] == "callout":
            texts.append(value["text"])
        elif block["type"] == "faq":
            texts += [item["answer"] for item in value["items"]]
    return texts


def assert_valid(blocks: list[dict]) -> None:
    """The blocks load and pass the body's own validation, as the editor would save them.

    An empty body is the importer's to fill (the body is required): it is not checked here.
    """
    body = ArticleBodyBlock()
    if blocks:
        body.clean(body.to_python(blocks))
    for html in rich_texts(blocks):
        assert_rich_text(html)


# Headings keep their outline.


def test_heading_levels_map_to_section_and_sub_headings():
    converted = convert(
        "<h1>One</h1><h2>Two</h2><h3>Three</h3><h4>Four</h4><h5>Five</h5><h6>Six</h6><h2> </h2>"
    )

    assert [(b["value"]["text"], b["value"]["level"]) for b in converted.blocks] == [
        ("One", "h2"),
        ("Two", "h2"),
        ("Three", "h3"),
        ("Four", "h3"),
        ("Five", "h3"),
        ("Six", "h3"),
    ]  # the empty heading is gone
    assert converted.notes == [
        "An H4 heading “Four” became a sub-heading (H3)",
        "An H5 heading “Five” became a sub-heading (H3)",
        "An H6 heading “Six” became a sub-heading (H3)",
    ]


def test_a_long_heading_is_cut_at_a_word_and_the_full_text_is_noted():
    words = "What to expect in the days after a deep chemical peel, " * 4
    converted = convert(f"<h2>{words}</h2>")

    text = converted.blocks[0]["value"]["text"]
    assert len(text) <= 120
    assert text.endswith("…")
    assert words.strip().startswith(text[:-1])
    assert words[len(text) - 1] in " ,"  # the cut falls between words
    assert converted.notes == [f"A heading was shortened to 120 characters: “{words.strip()}”"]


def test_headings_beyond_forty_become_bold_paragraphs():
    converted = convert("".join(f"<h2>Step {n}</h2><p>Do it.</p>" for n in range(1, 44)))

    assert kinds(converted).count("heading") == 40
    assert converted.blocks[-1] == {
        "type": "paragraph",
        "value": "<p>Do it.</p><p><b>Step 41</b></p><p>Do it.</p><p><b>Step 42</b></p>"
        "<p>Do it.</p><p><b>Step 43</b></p><p>Do it.</p>",
    }
    assert converted.notes == [
        "The post has more than 40 headings: the last 3 became bold paragraphs"
    ]
    assert_valid(converted.blocks)


# Paragraph text keeps only what a paragraph may hold.


def test_inline_markup_is_reduced_to_bold_italic_and_links():
    converted = convert(
        '<p><strong>Bold</strong>, <em>italic</em>, <u>under</u>, <span style="x">span</span>, '
        '<code>code</code>, <font color="red">font</font>, <sup>2</sup></p>'
    )

    assert converted.blocks == [
        {
            "type": "paragraph",
            "value": "<p><b>Bold</b>, <i>italic</i>, under, span, code, font, 2</p>",
        }
    ]


def test_neighbouring_paragraphs_and_lists_merge_into_one_paragraph_block():
    converted = convert(
        "<p>First.</p><ul><li>a</li><li>b</li></ul><p>Last.</p><h2>Next</h2><p>More</p>"
    )

    assert converted.blocks == [
        {"type": "paragraph", "value": "<p>First.</p><ul><li>a</li><li>b</li></ul><p>Last.</p>"},
        {"type": "heading", "value": {"text": "Next", "level": "h2"}},
        {"type": "paragraph", "value": "<p>More</p>"},
    ]


# Links: pages, documents, addresses; nothing that runs code.


def test_links_become_page_document_or_web_links():
    links = FakeLinks(
        pages={f"{SITE}/2021/01/laser-basics/": 7},
        documents={f"{UPLOADS}/price-list.pdf": 3},
    )
    converted = convert(
        f'<p><a href="{SITE}/2021/01/laser-basics/">basics</a> '
        f'<a href="{UPLOADS}/price-list.pdf">prices</a> '
        f'<a href="{UPLOADS}/old-form.docx">form</a> '
        '<a href="https://nhs.example/advice">advice</a> '
        '<a href="//cdn.example/leaflet">leaflet</a></p>',
        links,
    )

    assert converted.blocks[0]["value"] == (
        '<p><a linktype="page" id="7">basics</a> <a linktype="document" id="3">prices</a> '
        f'<a href="{UPLOADS}/old-form.docx">form</a> '
        '<a href="https://nhs.example/advice">advice</a> '
        '<a href="https://cdn.example/leaflet">leaflet</a></p>'
    )
    assert converted.notes == []


@pytest.mark.parametrize(
    ("href", "note"),
    [
        ("javascript:alert(1)", "Removed a javascript: link (its text was kept)"),
        (" JaVaScRiPt:alert(1)", "Removed a javascript: link (its text was kept)"),
        ("java\tscript:alert(1)", "Removed a javascript: link (its text was kept)"),
        ("data:text/html;base64,PHNjcmlwdD4=", "Removed a data: link (its text was kept)"),
        ("vbscript:msgbox", "Removed a vbscript: link (its text was kept)"),
        ("http://[broken", "Removed a link with a broken address (its text was kept)"),
        (
            "/2019/07/unknown-post/",
            "A link to “/2019/07/unknown-post/” matches no imported "
            "page or file: its text was kept",
        ),
    ],
)
def test_links_that_are_not_web_mail_or_phone_addresses_keep_only_their_text(href, note):
    converted = convert(f'<p>Read <a href="{href}" onclick="steal()">this</a> now.</p>')

    assert converted.blocks == [{"type": "paragraph", "value": "<p>Read this now.</p>"}]
    assert converted.notes == [note]


def test_mail_and_phone_links_stay_and_in_page_anchors_become_text():
    converted = convert(
        '<p><a href="mailto:desk@clinic.example">mail</a> <a href="tel:+44123">phone</a> '
        '<a href="#prices">prices</a></p>'
    )

    assert converted.blocks[0]["value"] == (
        '<p><a href="mailto:desk@clinic.example">mail</a> <a href="tel:+44123">phone</a> prices</p>'
    )


def test_an_answer_cannot_link_a_document_so_it_keeps_the_old_address():
    links = FakeLinks(documents={f"{UPLOADS}/consent.pdf": 9})
    converted = convert(
        f'<details><summary>What do I sign?</summary><p>This <a href="{UPLOADS}/consent.pdf">'
        "form</a>.</p></details>",
        links,
    )

    assert converted.blocks[0]["value"]["items"] == [
        {
            "question": "What do I sign?",
            "answer": f'<p>This <a href="{UPLOADS}/consent.pdf">form</a>.</p>',
        }
    ]
    assert converted.notes == [
        "A question or callout links to the file wp-content/uploads/2023/05/consent.pdf: the "
        "link keeps its old address (they cannot link documents)"
    ]


# Images: the alt text is required, and missing images are left out.
