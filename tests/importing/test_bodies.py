"""WordPress post bodies become ArticlePage.body blocks an editor can keep working with: the
rules one by one. A whole Gutenberg post is in test_gutenberg.py, a whole classic one in
test_classic.py; both use the helpers here.

The importer hands convert_body() a BodyLinks; here that is FakeLinks, plain dicts of what
"exists" (the converter never touches the database, so this is not a mock of it).
"""

from __future__ import annotations

import re
import sys
import time

import pytest

from blog.blocks import ArticleBodyBlock
from blog.importing.bodies import BodyError, ConvertedBody, ImageWanted, convert_body

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


@pytest.mark.parametrize(
    ("html", "alt", "note"),
    [
        (
            '<img src="/any.jpg" alt="Cool compress on the cheek">',
            "Cool compress on the cheek",
            None,
        ),
        (
            '<figure><img src="/any.jpg"><figcaption>After the compress</figcaption></figure>',
            "After the compress",
            "An image had no alt text: its caption is used (/any.jpg)",
        ),
        (
            '<img src="/any.jpg" title="Compress">',
            "Compress",
            "An image had no alt text: its title is used (/any.jpg)",
        ),
        (
            f'<img src="{UPLOADS}/cold_compress-on-cheek-300x200.jpg">',
            "Cold compress on cheek",
            "An image had no alt text: “Cold compress on cheek” is used; please describe the "
            "image (wp-content/uploads/2023/05/cold_compress-on-cheek-300x200.jpg)",
        ),
        (
            f'<img src="{UPLOADS}/IMG_2041.jpg">',
            "IMG 2041",
            "An image had no alt text: “IMG 2041” is used; please describe the image "
            "(wp-content/uploads/2023/05/IMG_2041.jpg)",
        ),
        (
            f'<img src="{UPLOADS}/20230501.jpg">',
            "Image",
            "An image had no alt text: “Image” is used; please describe the image "
            "(wp-content/uploads/2023/05/20230501.jpg)",
        ),
    ],
)
def test_alt_text_falls_back_to_caption_title_then_the_file_name(html, alt, note):
    links = FakeLinks(
        images={
            "/any.jpg": 4,
            f"{UPLOADS}/cold_compress-on-cheek-300x200.jpg": 4,
            f"{UPLOADS}/IMG_2041.jpg": 4,
            f"{UPLOADS}/20230501.jpg": 4,
        }
    )
    converted = convert(html, links)

    assert converted.blocks[0]["value"]["alt_text"] == alt
    assert converted.notes == ([note] if note else [])


def test_images_known_by_their_attachment_id_take_alt_text_and_caption_from_the_export():
    links = FakeLinks(
        images={41: 5, 42: 6, 43: 7, 44: 8, 45: 9},
        texts={
            41: ("Numbing cream on the forehead", "Before the <em>first</em> pass"),
            42: ("", "Ten minutes &amp; done"),
            44: ("Mask after the peel", "Cooling mask"),
            45: ("Not this one", ""),
        },
    )
    converted = convert(
        '[gallery ids="41,42,43"]\n\n<img class="wp-image-44" src="/room.jpg" alt="">'
        '<img class="wp-image-45" src="/desk.jpg" alt="Our front desk">',
        links,
    )

    assert converted.blocks == [
        # A gallery shows each image's caption from the media library.
        {
            "type": "image",
            "value": {
                "image": 5,
                "alt_text": "Numbing cream on the forehead",
                "caption": "Before the first pass",
            },
        },
        {
            "type": "image",
            "value": {
                "image": 6,
                "alt_text": "Ten minutes & done",
                "caption": "Ten minutes & done",
            },
        },
        {"type": "image", "value": {"image": 7, "alt_text": "Image", "caption": ""}},
        # An image in the text keeps its own caption (none) and the alt text written there.
        {"type": "image", "value": {"image": 8, "alt_text": "Mask after the peel", "caption": ""}},
        {"type": "image", "value": {"image": 9, "alt_text": "Our front desk", "caption": ""}},
    ]
    assert converted.notes == [
        "An image had no alt text: its caption is used (#42)",
        "An image had no alt text: “Image” is used; please describe the image (#43)",
    ]


def test_a_missing_image_is_left_out_and_noted():
    converted = convert(f'<p>Before <img src="{UPLOADS}/gone.jpg" alt="x"> after</p>', FakeLinks())

    assert converted.blocks == [{"type": "paragraph", "value": "<p>Before after</p>"}]
    assert converted.notes == ["Image wp-content/uploads/2023/05/gone.jpg is missing: left out"]


def test_an_image_inside_a_link_or_a_paragraph_becomes_an_image_block_where_it_stands():
    links = FakeLinks(images={"/s-150x150.jpg": 6})
    converted = convert(
        '<p>See the result <a href="/big.jpg"><img class="alignleft wp-image-61" '
        'src="/s-150x150.jpg" alt="Healed skin"></a> after a month.</p>',
        links,
    )

    assert converted.blocks == [
        {"type": "paragraph", "value": "<p>See the result</p>"},
        {"type": "image", "value": {"image": 6, "alt_text": "Healed skin", "caption": ""}},
        {"type": "paragraph", "value": "<p>after a month.</p>"},
    ]
    assert links.asked[0].attachment_id == 61
    assert converted.notes == []  # the link around the image goes without a word


def test_a_lazy_loaded_image_is_found_by_its_real_address():
    links = FakeLinks(images={"/real.jpg": 2})
    converted = convert(
        '<img src="data:image/gif;base64,R0lGOD" data-lazy-src="/real.jpg" alt="Clinic door">'
        '<noscript><img src="/real.jpg" alt="Clinic door"></noscript>',
        links,
    )

    assert converted.blocks == [
        {"type": "image", "value": {"image": 2, "alt_text": "Clinic door", "caption": ""}}
    ]


def test_long_alt_text_and_captions_are_shortened_to_fit():
    caption = "A detailed description of the treated area " * 8
    converted = convert(
        f"<figure><img src='/any.jpg' alt='{caption}'><figcaption>{caption}</figcaption></figure>"
    )

    value = converted.blocks[0]["value"]
    assert len(value["alt_text"]) <= 250
    assert len(value["caption"]) <= 250
    assert len(converted.notes) == 2


# Quotes, questions, videos, tables.


def test_a_quote_keeps_its_attribution_and_a_long_one_becomes_a_paragraph():
    short = convert(
        "<blockquote><p>Worth every minute.</p><cite>Maya, a patient</cite></blockquote>"
    )
    long_text = "It was calm and unhurried. " * 30
    long = convert(f"<blockquote><p>{long_text}</p><cite>Maya</cite></blockquote>")

    assert short.blocks == [
        {
            "type": "quote",
            "value": {"text": "Worth every minute.", "attribution": "Maya, a patient"},
        }
    ]
    assert long.blocks == [
        {"type": "paragraph", "value": f"<p>{long_text.strip()}</p><p>— Maya</p>"}
    ]
    assert long.notes == ["A quote longer than 600 characters became a paragraph"]


def test_a_question_without_an_answer_becomes_a_bold_paragraph():
    converted = convert("<details><summary>Is it painful?</summary></details>")

    assert converted.blocks == [{"type": "paragraph", "value": "<p><b>Is it painful?</b></p>"}]
    assert converted.notes == ["The question “Is it painful?” had no answer: it became a paragraph"]


def test_youtube_and_vimeo_frames_embed_and_other_frames_become_links():
    converted = convert(
        '<iframe src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ" title="Tour"></iframe>'
        '<iframe src="https://player.vimeo.com/video/123456789"></iframe>'
        '<iframe src="https://forms.example/book"></iframe>'
        '<iframe src="javascript:alert(1)"></iframe>'
    )

    assert converted.blocks == [
        {
            "type": "embed",
            "value": {
                "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                "title": "Tour",
                "caption": "",
            },
        },
        {
            "type": "embed",
            "value": {"url": "https://vimeo.com/123456789", "title": "Video", "caption": ""},
        },
        {
            "type": "paragraph",
            "value": '<p><a href="https://forms.example/book">https://forms.example/book</a></p>',
        },
    ]
    assert converted.notes == [
        "A frame (https://forms.example/book) cannot be embedded: it became a link",
        "A frame without a web address was left out",
    ]
    assert_valid(converted.blocks)


def test_a_table_becomes_one_paragraph_per_row_and_a_rule_disappears_silently():
    converted = convert(
        "<table><caption>Prices</caption><tr><th>Peel</th><th>Price</th></tr>"
        "<tr><td>Light</td><td><a href='https://clinic.example/light'>£85</a></td></tr>"
        "<tr><td></td><td></td></tr></table><hr>"
    )

    assert converted.blocks == [
        {
            "type": "paragraph",
            "value": (
                f"<p>Prices</p><p><b>Peel</b> {DASH} <b>Price</b></p>"
                f'<p>Light {DASH} <a href="https://clinic.example/light">£85</a></p>'
            ),
        }
    ]
    assert converted.notes == ["A table was turned into paragraphs, one per row"]


# Hostile and broken input never raises.


def test_scripts_styles_forms_and_plugins_are_removed_and_noted():
    converted = convert(
        "<p>Safe text<script>document.cookie</script></p><style>p{}</style>"
        "<form><input name=a><select><option>x</option></select></form>"
        '<object data="x.swf"></object><svg><text>drawn</text></svg>'
        '<p onmouseover="steal()">Also safe</p>'
    )

    assert converted.blocks == [{"type": "paragraph", "value": "<p>Safe text</p><p>Also safe</p>"}]
    assert converted.notes == [
        "Removed a script",
        "Removed styling (a <style> element)",
        "Removed a form",
        "Removed embedded content (an <object>)",
        "Removed a drawing (<svg>)",
    ]
    assert "cookie" not in converted.text


def test_deeply_nested_html_is_flattened_without_hitting_the_recursion_limit():
    depth = sys.getrecursionlimit() * 3
    for html in (
        "<div>" * depth + "Deep advice" + "</div>" * depth,
        "<p>" + "<b>" * depth + "Deep bold" + "</b>" * depth + "</p>",
        "<ul><li>" * depth + "Deep item",
        "<blockquote>" * depth + "Deep quote",
    ):
        converted = convert(html)

        assert converted.text.startswith("Deep")
        assert "Very deeply nested markup was flattened to plain text" in converted.notes
        assert_valid(converted.blocks)


@pytest.mark.parametrize(
    "html",
    [
        "<p>Unclosed <b>bold <i>and italic",
        "<p x='y>broken attribute</p>",
        "</div></p>Stray closers</li>",
        "<![if !IE]><p>Conditional</p><![endif]>",
        "<!DOCTYPE html><?php echo 1; ?><p>Doc</p>",
        "Control\x00 characters\x0b and \ud800 a lone surrogate &#0; &#xD800;",
        "<p>" + "&nbsp;" * 10 + "</p><p>\u00a0</p>",
        "[" * 5000 + "x" + "]" * 5000,
        "<table><tr><td><table><tr><td>Nested</td></tr></table></td></tr></table>",
        "<img><img src=''><a><a href>",
        "",
    ],
)
def test_malformed_html_degrades_without_raising(html):
    converted = convert(html)

    assert isinstance(converted.text, str)
    assert_valid([block for block in converted.blocks if block["type"] != "image"])


def test_thousands_of_unfinished_tags_are_read_as_text_in_linear_time():
    # html.parser alone takes over a minute on this: it rescans each unfinished tag.
    started = time.perf_counter()
    converted = convert('<a href="' * 20000 + "<p>Still read</p>")

    assert time.perf_counter() - started < 10
    assert converted.text.startswith('<a href="<a href="')
    assert converted.text.endswith("Still read")


def test_a_less_than_sign_in_text_or_in_a_quoted_value_is_not_a_tag():
    converted = convert('<p>Pain 3 < 5 after</p><img alt="Dose <2 ml" src="/any.jpg">')

    assert converted.blocks == [
        {"type": "paragraph", "value": "<p>Pain 3 &lt; 5 after</p>"},
        {"type": "image", "value": {"image": 1, "alt_text": "Dose <2 ml", "caption": ""}},
    ]


def test_a_body_that_is_not_text_is_refused_with_a_clear_error():
    with pytest.raises(BodyError, match="A post body must be text, not bytes"):
        convert_body(b"<p>bytes</p>", links=FakeLinks())
