"""Gutenberg bodies: the block comments are read, even broken, and each block converts."""

from __future__ import annotations

import pytest

from blog.importing.bodies import convert_body
from blog.importing.gutenberg import mark_blocks
from tests.factories import ImageFactory
from tests.importing.test_bodies import DASH, SITE, UPLOADS, FakeLinks, assert_valid


class Links:
    """An importer knowing one image (by URL or attachment id) and one page."""

    def __init__(self) -> None:
        self.asked = []

    def image(self, wanted):
        self.asked.append(wanted)
        return 8 if wanted.url == "/peel.jpg" or wanted.attachment_id == 70 else None

    def page(self, url):
        return 3 if url == "https://clinic.example/book/" else None

    def document(self, url):
        return None

    def attachment_text(self, attachment_id):
        return ("", "")


def convert(html: str):
    return convert_body(html, links=Links())


# A whole post.

GUTENBERG_POST = f"""
<!-- wp:paragraph -->
<p>Microneedling asks a little <strong>patience</strong> afterwards. Read the
<a href="{SITE}/2022/03/first-visit/">first visit guide</a> and print our
<a href="{UPLOADS}/aftercare-sheet.pdf">aftercare sheet</a>.</p>
<!-- /wp:paragraph -->

<!-- wp:heading {{"level":1}} -->
<h1>The first <em>evening</em></h1>
<!-- /wp:heading -->

<!-- wp:list -->
<ul><!-- wp:list-item --><li>Rinse with cool water</li><!-- /wp:list-item -->
<!-- wp:list-item --><li>Skip make-up <span class="x">until morning</span></li>
<!-- /wp:list-item --></ul>
<!-- /wp:list -->

<!-- wp:heading {{"level":4}} -->
<h4>Sun and heat</h4>
<!-- /wp:heading -->

<!-- wp:image {{"id":31,"sizeSlug":"large"}} -->
<figure class="wp-block-image size-large"><a href="{UPLOADS}/redness.jpg">
<img src="{UPLOADS}/redness-1024x683.jpg" alt="" class="wp-image-31"/></a>
<figcaption>Mild redness on day one</figcaption></figure>
<!-- /wp:image -->

<!-- wp:gallery {{"linkTo":"none"}} -->
<figure class="wp-block-gallery has-nested-images"><!-- wp:image {{"id":32}} -->
<figure class="wp-block-image">
<img src="{UPLOADS}/day-three.jpg" alt="Skin on day three" class="wp-image-32"/></figure>
<!-- /wp:image --><!-- wp:image {{"id":33}} -->
<figure class="wp-block-image">
<img src="{UPLOADS}/day-seven.jpg" alt="" title="Skin on day seven"/></figure>
<!-- /wp:image --></figure>
<!-- /wp:gallery -->

<!-- wp:pullquote -->
<figure class="wp-block-pullquote"><blockquote><p>By the weekend nobody could tell.</p>
<cite>A patient from Leeds</cite></blockquote></figure>
<!-- /wp:pullquote -->

<!-- wp:embed {{"url":"https://www.youtube.com/watch?v=aqz-KE-bpKQ","type":"video",
"providerNameSlug":"youtube"}} -->
<figure class="wp-block-embed is-type-video is-provider-youtube">
<div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=aqz-KE-bpKQ
</div><figcaption>Our nurse explains the aftercare</figcaption></figure>
<!-- /wp:embed -->

<!-- wp:video {{"id":40}} -->
<figure class="wp-block-video"><video controls src="{UPLOADS}/treatment-room.mp4"></video></figure>
<!-- /wp:video -->

<!-- wp:details -->
<details class="wp-block-details"><summary>Can I exercise?</summary><!-- wp:paragraph -->
<p>Wait 48 hours before the gym.</p>
<!-- /wp:paragraph --></details>
<!-- /wp:details -->

<!-- wp:details -->
<details class="wp-block-details"><summary>When can I swim?</summary><!-- wp:paragraph -->
<p>After three days.</p>
<!-- /wp:paragraph --></details>
<!-- /wp:details -->

<!-- wp:table -->
<figure class="wp-block-table"><table><thead><tr><th>Day</th><th>What to expect</th></tr></thead>
<tbody><tr><td>1</td><td>Redness</td></tr><tr><td>3</td><td>Light flaking</td></tr></tbody>
</table></figure>
<!-- /wp:table -->

<!-- wp:separator -->
<hr class="wp-block-separator has-alpha-channel-opacity"/>
<!-- /wp:separator -->

<!-- wp:columns -->
<div class="wp-block-columns"><!-- wp:column -->
<div class="wp-block-column"><!-- wp:paragraph --><p>Morning: cleanse.</p><!-- /wp:paragraph -->
</div>
<!-- /wp:column --><!-- wp:column -->
<div class="wp-block-column"><!-- wp:paragraph --><p>Evening: moisturise.</p><!-- /wp:paragraph -->
</div>
<!-- /wp:column --></div>
<!-- /wp:columns -->

<!-- wp:html -->
<div class="booking-widget">Call us<script>trackVisit()</script></div>
<!-- /wp:html -->

<!-- wp:buttons -->
<div class="wp-block-buttons"><!-- wp:button -->
<div class="wp-block-button">
<a class="wp-block-button__link" href="{SITE}/book/">Book a review</a></div>
<!-- /wp:button --></div>
<!-- /wp:buttons -->
"""


def gutenberg_links() -> FakeLinks:
    return FakeLinks(
        images={f"{UPLOADS}/redness-1024x683.jpg": 11, 32: 12, 33: 13},
        pages={f"{SITE}/2022/03/first-visit/": 21},
        documents={f"{UPLOADS}/aftercare-sheet.pdf": 5},
    )


def test_a_gutenberg_post_becomes_our_blocks():
    links = gutenberg_links()
    converted = convert_body(GUTENBERG_POST, links=links)

    assert converted.blocks == [
        {
            "type": "paragraph",
            "value": (
                "<p>Microneedling asks a little <b>patience</b> afterwards. Read the "
                '<a linktype="page" id="21">first visit guide</a> and print our '
                '<a linktype="document" id="5">aftercare sheet</a>.</p>'
            ),
        },
        {"type": "heading", "value": {"text": "The first evening", "level": "h2"}},
        {
            "type": "paragraph",
            "value": "<ul><li>Rinse with cool water</li><li>Skip make-up until morning</li></ul>",
        },
        {"type": "heading", "value": {"text": "Sun and heat", "level": "h3"}},
        {
            "type": "image",
            "value": {
                "image": 11,
                "alt_text": "Mild redness on day one",
                "caption": "Mild redness on day one",
            },
        },
        {"type": "image", "value": {"image": 12, "alt_text": "Skin on day three", "caption": ""}},
        {"type": "image", "value": {"image": 13, "alt_text": "Skin on day seven", "caption": ""}},
        {
            "type": "quote",
            "value": {
                "text": "By the weekend nobody could tell.",
                "attribution": "A patient from Leeds",
            },
        },
        {
            "type": "embed",
            "value": {
                "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                "title": "Our nurse explains the aftercare",
                "caption": "",
            },
        },
        {
            "type": "paragraph",
            "value": (
                f'<p><a href="{UPLOADS}/treatment-room.mp4">{UPLOADS}/treatment-room.mp4</a></p>'
            ),
        },
        {
            "type": "faq",
            "value": {
                "title": "Common questions",
                "items": [
                    {
                        "question": "Can I exercise?",
                        "answer": "<p>Wait 48 hours before the gym.</p>",
                    },
                    {"question": "When can I swim?", "answer": "<p>After three days.</p>"},
                ],
            },
        },
        {
            "type": "paragraph",
            "value": (
                f"<p><b>Day</b> {DASH} <b>What to expect</b></p><p>1 {DASH} Redness</p>"
                f"<p>3 {DASH} Light flaking</p>"
                "<p>Morning: cleanse.</p><p>Evening: moisturise.</p><p>Call us</p>"
                f'<p><a href="{SITE}/book/">Book a review</a></p>'
            ),
        },
    ]
    assert converted.notes == [
        "An image had no alt text: its caption is used "
        "(wp-content/uploads/2023/05/redness-1024x683.jpg)",
        "An image had no alt text: its title is used (wp-content/uploads/2023/05/day-seven.jpg)",
        "A video file (wp-content/uploads/2023/05/treatment-room.mp4) cannot be embedded: it "
        "became a link",
        "A table was turned into paragraphs, one per row",
        "Columns were flattened into paragraphs",
        "A custom HTML block was imported as plain content: please check it",
        "Removed a script",
        "Buttons became a paragraph of links",
        "An H4 heading “Sun and heat” became a sub-heading (H3)",
    ]
    # What the importer was asked for: the resized copy as written, and the attachment ids
    # from the class or, when the image has none, from the block's settings.
    assert [(w.url, w.attachment_id) for w in links.asked] == [
        (f"{UPLOADS}/redness-1024x683.jpg", 31),
        (f"{UPLOADS}/day-three.jpg", 32),
        (f"{UPLOADS}/day-seven.jpg", 33),
    ]
    assert converted.text.startswith(
        "Microneedling asks a little patience afterwards. Read the first visit guide"
    )
    assert "By the weekend nobody could tell." in converted.text
    assert "trackVisit" not in converted.text
    assert_valid([block for block in converted.blocks if block["type"] != "image"])


@pytest.mark.django_db
def test_the_blocks_with_real_images_pass_the_body_validation():
    first, second = ImageFactory(), ImageFactory()
    links = FakeLinks(
        images={f"{UPLOADS}/redness-1024x683.jpg": first.pk, 32: second.pk, 33: second.pk},
        pages={f"{SITE}/2022/03/first-visit/": 21},
        documents={f"{UPLOADS}/aftercare-sheet.pdf": 5},
    )
    converted = convert_body(GUTENBERG_POST, links=links)

    assert [block["type"] for block in converted.blocks].count("image") == 3
    assert_valid(converted.blocks)


# Reading the block comments.


def test_blocks_become_elements_with_their_settings_kept_aside():
    marked = mark_blocks(
        '<!-- wp:heading {"level":3,"className":"intro"} --><h3>Aftercare</h3><!-- /wp:heading -->'
        "<!-- wp:separator /-->"
        '<!-- wp:acme/price-table {"rows":[1,2]} --><div>£40</div><!-- /wp:acme/price-table -->'
    )

    assert marked.html == (
        '<wp-block data-n="0" data-name="core/heading"><h3>Aftercare</h3></wp-block>'
        '<wp-block data-n="1" data-name="core/separator"></wp-block>'
        '<wp-block data-n="2" data-name="acme/price-table"><div>£40</div></wp-block>'
    )
    assert marked.attrs == ({"level": 3, "className": "intro"}, {}, {"rows": [1, 2]})
    assert marked.has_blocks
    assert marked.notes == ()


def test_a_classic_body_has_no_blocks_and_is_left_as_it_is():
    marked = mark_blocks("<p>Plain <!-- a note --> text</p>")

    assert marked.html == "<p>Plain <!-- a note --> text</p>"
    assert not marked.has_blocks


def test_nested_blocks_close_in_order():
    marked = mark_blocks(
        "<!-- wp:group --><div><!-- wp:paragraph --><p>a</p><!-- /wp:paragraph --></div>"
        "<!-- /wp:group -->"
    )

    assert marked.html == (
        '<wp-block data-n="0" data-name="core/group"><div>'
        '<wp-block data-n="1" data-name="core/paragraph"><p>a</p></wp-block></div></wp-block>'
    )


def test_broken_settings_are_noted_and_the_html_still_converts():
    marked = mark_blocks('<!-- wp:heading {"level":3,} --><h3>Downtime</h3><!-- /wp:heading -->')
    converted = convert('<!-- wp:heading {"level":3,} --><h3>Downtime</h3><!-- /wp:heading -->')

    assert marked.attrs == ({},)
    assert marked.notes == (
        "The settings of a “core/heading” block could not be read: its HTML was used",
    )
    assert converted.blocks == [{"type": "heading", "value": {"text": "Downtime", "level": "h3"}}]


def test_an_unfinished_marker_cannot_swallow_the_blocks_after_it():
    converted = convert(
        '<!-- wp:paragraph {"align":"left" --><p>First</p><!-- /wp:paragraph -->'
        '<!-- wp:heading {"level":2} --><h2>Second</h2><!-- /wp:heading -->'
    )

    assert converted.blocks == [
        {"type": "paragraph", "value": "<p>First</p>"},
        {"type": "heading", "value": {"text": "Second", "level": "h2"}},
    ]
    assert converted.notes == [
        "A block marker could not be read: the block's HTML was imported as it is",
        "A “core/paragraph” block had an end marker but no start: the marker was ignored",
    ]


def test_unclosed_and_stray_blocks_are_repaired_and_noted():
    unclosed = mark_blocks("<!-- wp:group --><div><!-- wp:paragraph --><p>a</p></div>")
    stray = mark_blocks("<p>a</p><!-- /wp:quote -->")

    assert unclosed.html.endswith("</wp-block></wp-block>")
    assert unclosed.notes == (
        "A “core/paragraph” block was not closed: it ends with the post",
        "A “core/group” block was not closed: it ends with the post",
    )
    assert stray.html == "<p>a</p>"
    assert stray.notes == (
        "A “core/quote” block had an end marker but no start: the marker was ignored",
    )


def test_an_unclosed_script_or_comment_ends_with_its_block():
    converted = convert(
        "<!-- wp:html --><script>track(<!-- /wp:html -->"
        "<!-- wp:paragraph --><p>Still here</p><!-- /wp:paragraph -->"
        "<!-- wp:paragraph --><p>One <!-- draft note</p><!-- /wp:paragraph -->"
        "<!-- wp:paragraph --><p>Two</p><!-- /wp:paragraph -->"
    )

    assert converted.blocks == [
        {"type": "paragraph", "value": "<p>Still here</p><p>One</p><p>Two</p>"}
    ]
    assert "Removed a script" in converted.notes
    assert "A comment was never closed: it was removed up to the end of its line" in converted.notes
