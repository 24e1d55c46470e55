"""Images, quotes, questions, frames and tables in a body: alt text and its fallbacks, missing
images, videos, and what has no block of its own."""

from __future__ import annotations

import pytest

from tests.importing.test_bodies import DASH, UPLOADS, FakeLinks, assert_valid, convert


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
