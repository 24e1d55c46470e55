"""Classic-editor bodies read as WordPress showed them: wpautop, shortcodes and video lines."""

from __future__ import annotations

import time

from blog.importing.bodies import convert_body
from blog.importing.classic import autoembed, expand_shortcodes, wpautop
from tests.importing.test_bodies import DASH, UPLOADS, FakeLinks, assert_valid


class NoLinks:
    """An importer that has nothing: every image is missing, no post or file is known."""

    def image(self, wanted):
        return None

    def page(self, url):
        return None

    def document(self, url):
        return None

    def attachment_text(self, attachment_id):
        return ("", "")


# A whole post.

CLASSIC_POST = f"""Most clients feel a <b>warm glow</b> for an hour.
Some feel nothing at all.

<h3>Before you come</h3>
<ol>
<li>Stop <em>retinol</em> five days before.</li>
<li>Arrive without make-up.</li>
</ol>
<h6>Small print</h6>
[caption id="attachment_51" align="aligncenter" width="640"]<img class="size-large wp-image-51"
src="{UPLOADS}/peel-bench-640x427.jpg" alt="" /> The treatment bench[/caption]

[gallery ids="52,53"]

https://vimeo.com/123456789

[embed]https://www.youtube.com/watch?v=aqz-KE-bpKQ[/embed]

[video src="{UPLOADS}/welcome.mp4"][/video]

<blockquote>Gentle, quick, every step explained.<cite>Review on our booking page</cite></blockquote>

<details><summary>Is there downtime?</summary>Usually a day of pinkness.</details>
<details><summary>How many sessions?</summary>Three, four weeks apart.</details>

[warning title="Tell us first"]Mention any cold sores before the peel.[/warning]

[su_highlight color="yellow"]Prices include a follow-up call.[/su_highlight]

<table><tr><td>Light peel</td><td>£85</td></tr></table>
<hr />
<iframe src="https://maps.example/embed?clinic=1" title="How to find us"></iframe>
<style>.x {{ color: red }}</style>
<form action="/subscribe"><input name="email"></form>
<p>Questions? <a href="mailto:desk@clinic.example">Email the desk</a> or
<a href="tel:+441234567890">call us</a>.</p>
"""


def test_a_classic_editor_post_becomes_our_blocks():
    links = FakeLinks(images={f"{UPLOADS}/peel-bench-640x427.jpg": 31, 52: 32, 53: 33})
    converted = convert_body(CLASSIC_POST, links=links)

    assert converted.blocks == [
        {
            "type": "paragraph",
            "value": (
                "<p>Most clients feel a <b>warm glow</b> for an hour.<br> Some feel nothing at "
                "all.</p>"
            ),
        },
        {"type": "heading", "value": {"text": "Before you come", "level": "h3"}},
        {
            "type": "paragraph",
            "value": (
                "<ol><li>Stop <i>retinol</i> five days before.</li>"
                "<li>Arrive without make-up.</li></ol>"
            ),
        },
        {"type": "heading", "value": {"text": "Small print", "level": "h3"}},
        {
            "type": "image",
            "value": {
                "image": 31,
                "alt_text": "The treatment bench",
                "caption": "The treatment bench",
            },
        },
        {"type": "image", "value": {"image": 32, "alt_text": "Image", "caption": ""}},
        {"type": "image", "value": {"image": 33, "alt_text": "Image", "caption": ""}},
        {
            "type": "embed",
            "value": {"url": "https://vimeo.com/123456789", "title": "Video", "caption": ""},
        },
        {
            "type": "embed",
            "value": {
                "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                "title": "Video",
                "caption": "",
            },
        },
        {
            "type": "paragraph",
            "value": f'<p><a href="{UPLOADS}/welcome.mp4">{UPLOADS}/welcome.mp4</a></p>',
        },
        {
            "type": "quote",
            "value": {
                "text": "Gentle, quick, every step explained.",
                "attribution": "Review on our booking page",
            },
        },
        {
            "type": "faq",
            "value": {
                "title": "Common questions",
                "items": [
                    {
                        "question": "Is there downtime?",
                        "answer": "<p>Usually a day of pinkness.</p>",
                    },
                    {"question": "How many sessions?", "answer": "<p>Three, four weeks apart.</p>"},
                ],
            },
        },
        {
            "type": "callout",
            "value": {
                "kind": "warning",
                "title": "Tell us first",
                "text": "<p>Mention any cold sores before the peel.</p>",
            },
        },
        {
            "type": "paragraph",
            "value": (
                f"<p>Prices include a follow-up call.</p><p>Light peel {DASH} £85</p>"
                '<p><a href="https://maps.example/embed?clinic=1">How to find us</a></p>'
                '<p>Questions? <a href="mailto:desk@clinic.example">Email the desk</a> or<br> '
                '<a href="tel:+441234567890">call us</a>.</p>'
            ),
        },
    ]
    assert converted.notes == [
        "Unknown shortcode [su_highlight] removed (its text was kept)",
        "An image had no alt text: its caption is used "
        "(wp-content/uploads/2023/05/peel-bench-640x427.jpg)",
        "An image had no alt text: “Image” is used; please describe the image (#52)",
        "An image had no alt text: “Image” is used; please describe the image (#53)",
        "A video file (wp-content/uploads/2023/05/welcome.mp4) cannot be embedded: it became "
        "a link",
        "A table was turned into paragraphs, one per row",
        "A frame (https://maps.example/embed?clinic=1) cannot be embedded: it became a link",
        "Removed styling (a <style> element)",
        "Removed a form",
        "An H6 heading “Small print” became a sub-heading (H3)",
    ]
    assert [(w.url, w.attachment_id, w.caption) for w in links.asked] == [
        (f"{UPLOADS}/peel-bench-640x427.jpg", 51, "The treatment bench"),
        ("", 52, ""),
        ("", 53, ""),
    ]
    assert_valid([block for block in converted.blocks if block["type"] != "image"])


# wpautop: what a blank line and a single newline mean.


def test_blank_lines_make_paragraphs_and_single_newlines_line_breaks():
    text = "Arrive ten minutes early.\nBring your referral letter.\n\nParking is free."

    assert wpautop(text) == (
        "<p>Arrive ten minutes early.<br />\nBring your referral letter.</p>\n"
        "<p>Parking is free.</p>\n"
    )


def test_block_elements_are_not_wrapped_in_paragraphs():
    text = (
        "Intro line\n<h2>Preparing</h2>\n<ul>\n<li>Shave the area</li>\n<li>No lotion</li>\n"
        "</ul>\nAfter"
    )

    assert wpautop(text) == (
        "<p>Intro line</p>\n<h2>Preparing</h2>\n<ul>\n<li>Shave the area</li>\n"
        "<li>No lotion</li>\n</ul>\n<p>After</p>\n"
    )


def test_a_quote_gets_its_paragraph_inside_and_preformatted_text_is_left_alone():
    assert wpautop("<blockquote>Calm staff\nand clear advice</blockquote>") == (
        "<blockquote><p>Calm staff<br />\nand clear advice</p></blockquote>\n"
    )
    assert (
        wpautop("<pre>Day 1\n\nDay 2</pre>\n\nDone") == "<pre>Day 1\n\nDay 2</pre>\n<p>Done</p>\n"
    )


def test_a_newline_inside_a_tag_is_not_a_line_break():
    assert wpautop('<a\nhref="/prices/">Prices</a>\n\nNext') == (
        '<p><a\nhref="/prices/">Prices</a></p>\n<p>Next</p>\n'
    )


def test_an_empty_body_stays_empty():
    assert wpautop("  \n\n ") == ""


def test_a_classic_body_converts_with_wpautop_paragraphs():
    converted = convert_body(
        "Laser hair removal works best on dark hair.\nLight hair needs more sessions.\n\n"
        "<h2>How many sessions?</h2>\nMost people need six.",
        links=NoLinks(),
    )

    assert converted.blocks == [
        {
            "type": "paragraph",
            "value": "<p>Laser hair removal works best on dark hair.<br> Light hair needs more "
            "sessions.</p>",
        },
        {"type": "heading", "value": {"text": "How many sessions?", "level": "h2"}},
        {"type": "paragraph", "value": "<p>Most people need six.</p>"},
    ]


# Shortcodes.


def test_a_caption_becomes_a_figure_with_the_attachment_and_its_caption():
    html, notes = expand_shortcodes(
        '[caption id="attachment_12" align="alignnone" width="300"]<a href="/big.jpg">'
        '<img src="/room-300x200.jpg" alt=""></a> Our quiet room[/caption]'
    )

    assert html == (
        '<figure data-attachment-id="12"><a href="/big.jpg"><img src="/room-300x200.jpg" alt="">'
        "</a><figcaption>Our quiet room</figcaption></figure>"
    )
    assert notes == []


def test_an_old_caption_with_the_text_in_an_attribute():
    html, _ = expand_shortcodes('[caption caption="Waiting area"]<img src="/wait.jpg">[/caption]')

    assert html == (
        '<figure data-attachment-id=""><img src="/wait.jpg">'
        "<figcaption>Waiting area</figcaption></figure>"
    )


def test_gallery_embed_video_and_audio_shortcodes_become_elements_the_converter_knows():
    html, notes = expand_shortcodes(
        '[gallery ids="3, 4,x,5" columns="2"] '
        '[embed width="600"]https://vimeo.com/123456789[/embed] '
        '[video mp4="/clip.mp4"][/video] [audio src="/talk.mp3"] [gallery]'
    )

    assert html == (
        '<wp-gallery data-ids="3,4,5"></wp-gallery> '
        '<wp-embed data-url="https://vimeo.com/123456789"></wp-embed> '
        '<video src="/clip.mp4"></video> <audio src="/talk.mp3"></audio> '
    )
    assert notes == [
        "A gallery without a list of images (it showed the post's attachments) was left out"
    ]


def test_tip_and_warning_shortcodes_become_callouts():
    html, _ = expand_shortcodes('[tip]Drink water.[/tip][warning title="Stop"]No sauna.[/warning]')

    assert html == (
        '<aside data-kind="tip" data-title="">Drink water.</aside>'
        '<aside data-kind="warning" data-title="Stop">No sauna.</aside>'
    )


def test_unknown_shortcodes_lose_their_tags_keep_their_text_and_are_noted_once_each():
    html, notes = expand_shortcodes(
        '[su_box title="Note"]Booking opens [b_date]in May[/b_date].[/su_box] '
        '[su_box]Second box[/su_box] [contact-form-7 id="5" title="Form"] [vc_row /]'
    )

    assert html == "Booking opens in May. Second box  "
    assert notes == [
        "Unknown shortcode [su_box] removed (its text was kept)",
        "Unknown shortcode [b_date] removed (its text was kept)",
        "Unknown shortcode [contact-form-7] removed (its text was kept)",
        "Unknown shortcode [vc_row] removed (its text was kept)",
    ]


def test_brackets_in_prose_and_escaped_shortcodes_stay_as_written():
    html, notes = expand_shortcodes("She said it [sic] twice. Type [[gallery]] to show images.")

    assert html == "She said it [sic] twice. Type [gallery] to show images."
    assert notes == []


def test_a_stray_closing_shortcode_is_removed():
    assert expand_shortcodes("Text [/su_note] more") == (
        "Text  more",
        ["A stray closing shortcode [/su_note] was removed"],
    )


def test_nested_shortcodes_of_one_name_keep_all_their_text():
    html, _ = expand_shortcodes("[box][box]inner[/box] middle[/box] end")

    assert html == "inner middle end"


def test_thousands_of_unclosed_brackets_are_read_in_linear_time():
    text = "[note " * 20000
    started = time.perf_counter()
    expand_shortcodes(text)

    assert time.perf_counter() - started < 2


# A video link alone on a line is a player (WordPress's oEmbed).


def test_a_youtube_or_vimeo_link_alone_on_a_line_or_in_a_paragraph_is_embedded():
    text = (
        "Watch first:\nhttps://youtu.be/aqz-KE-bpKQ\n<p>https://vimeo.com/123456789</p>\n"
        "Or see https://youtu.be/aqz-KE-bpKQ in a sentence.\nhttps://clinic.example/prices/"
    )

    assert autoembed(text) == (
        'Watch first:\n<wp-embed data-url="https://youtu.be/aqz-KE-bpKQ"></wp-embed>\n'
        '<p><wp-embed data-url="https://vimeo.com/123456789"></wp-embed></p>\n'
        "Or see https://youtu.be/aqz-KE-bpKQ in a sentence.\nhttps://clinic.example/prices/"
    )


def test_a_classic_body_with_a_video_line_and_an_unknown_shortcode():
    converted = convert_body(
        "Our new video:\n\nhttps://www.youtube.com/watch?v=aqz-KE-bpKQ\n\n"
        "[su_quote]Friendly and professional.[/su_quote]",
        links=NoLinks(),
    )

    assert converted.blocks == [
        {"type": "paragraph", "value": "<p>Our new video:</p>"},
        {
            "type": "embed",
            "value": {
                "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                "title": "Video",
                "caption": "",
            },
        },
        {"type": "paragraph", "value": "<p>Friendly and professional.</p>"},
    ]
    assert converted.notes == ["Unknown shortcode [su_quote] removed (its text was kept)"]
