"""Gutenberg blocks one by one: their roles, embeds, images and galleries, buttons, layout
blocks, blocks from outside the post, FAQ plugins and shortcode blocks."""

from __future__ import annotations

from blog.importing.bodies import convert_body
from blog.importing.gutenberg import block_role
from tests.importing.test_bodies import FakeLinks
from tests.importing.test_gutenberg import Links, convert


def test_block_roles():
    assert block_role("core/paragraph") == "content"
    assert block_role("core-embed/youtube") == "embed"
    assert block_role("core/spacer") == "drop"
    assert block_role("yoast/faq-block") == "faq"
    assert block_role("acme/slider") == "unknown"


# What particular blocks become.


def test_embeds_new_and_old_become_videos_and_other_providers_links():
    converted = convert(
        '<!-- wp:embed {"url":"https://youtu.be/aqz-KE-bpKQ","providerNameSlug":"youtube"} -->'
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
        "https://youtu.be/aqz-KE-bpKQ\n</div><figcaption>Meet the team</figcaption></figure>"
        "<!-- /wp:embed -->"
        '<!-- wp:core-embed/vimeo {"url":"https://vimeo.com/123456789"} -->'
        '<figure class="wp-block-embed-vimeo"><div class="wp-block-embed__wrapper">\n'
        "https://vimeo.com/123456789\n</div></figure><!-- /wp:core-embed/vimeo -->"
        '<!-- wp:embed {"url":"https://www.instagram.com/p/abc/",'
        '"providerNameSlug":"instagram"} -->'
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
        "https://www.instagram.com/p/abc/\n</div></figure><!-- /wp:embed -->"
    )

    assert converted.blocks == [
        {
            "type": "embed",
            "value": {
                "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                "title": "Meet the team",
                "caption": "",
            },
        },
        {
            "type": "embed",
            "value": {"url": "https://vimeo.com/123456789", "title": "Video", "caption": ""},
        },
        {
            "type": "paragraph",
            "value": '<p><a href="https://www.instagram.com/p/abc/">'
            "https://www.instagram.com/p/abc/</a></p>",
        },
    ]
    assert converted.notes == [
        "An embed from instagram (https://www.instagram.com/p/abc/) cannot be embedded: it "
        "became a link"
    ]


def test_an_image_block_gives_its_id_when_the_image_has_no_class():
    links = Links()
    converted = convert_body(
        '<!-- wp:image {"id":70} --><figure class="wp-block-image"><img src="/resized-1.jpg" '
        'alt="Numbing cream applied"/></figure><!-- /wp:image -->',
        links=links,
    )

    assert converted.blocks == [
        {"type": "image", "value": {"image": 8, "alt_text": "Numbing cream applied", "caption": ""}}
    ]
    assert links.asked[0].attachment_id == 70


def test_a_gallery_image_without_alt_text_takes_the_one_from_the_export():
    links = FakeLinks(images={61: 4, 62: 5}, texts={61: ("Calm treatment room", "Our room")})
    converted = convert_body(
        '<!-- wp:gallery {"linkTo":"none"} --><figure class="wp-block-gallery">'
        '<!-- wp:image {"id":61} --><figure class="wp-block-image">'
        '<img src="/20230514.jpg" alt="" class="wp-image-61"/></figure><!-- /wp:image -->'
        '<!-- wp:image {"id":62} --><figure class="wp-block-image">'
        '<img src="/20230515.jpg" alt=""/></figure><!-- /wp:image --></figure>'
        "<!-- /wp:gallery -->",
        links=links,
    )

    assert converted.blocks == [
        {"type": "image", "value": {"image": 4, "alt_text": "Calm treatment room", "caption": ""}},
        {"type": "image", "value": {"image": 5, "alt_text": "Image", "caption": ""}},
    ]
    assert converted.notes == [
        "An image had no alt text: “Image” is used; please describe the image (/20230515.jpg)"
    ]


def test_buttons_become_a_paragraph_of_links():
    converted = convert(
        '<!-- wp:buttons --><div class="wp-block-buttons"><!-- wp:button -->'
        '<div class="wp-block-button"><a class="wp-block-button__link" '
        'href="https://clinic.example/book/">Book</a></div><!-- /wp:button -->'
        '<!-- wp:button --><div class="wp-block-button"><a class="wp-block-button__link" '
        'href="https://clinic.example/prices/">Prices</a></div><!-- /wp:button -->'
        "</div><!-- /wp:buttons -->"
    )

    assert converted.blocks == [
        {
            "type": "paragraph",
            "value": '<p><a linktype="page" id="3">Book</a> · '
            '<a href="https://clinic.example/prices/">Prices</a></p>',
        }
    ]
    assert converted.notes == ["Buttons became a paragraph of links"]


def test_layout_blocks_are_flattened_and_a_cover_loses_its_background():
    converted = convert(
        '<!-- wp:cover {"url":"/peel.jpg","id":70} --><div class="wp-block-cover">'
        '<img class="wp-block-cover__image-background wp-image-70" src="/peel.jpg" alt=""/>'
        '<div class="wp-block-cover__inner-container"><!-- wp:heading --><h2>Spring offers</h2>'
        "<!-- /wp:heading --></div></div><!-- /wp:cover -->"
        '<!-- wp:columns --><div class="wp-block-columns"><!-- wp:column -->'
        '<div class="wp-block-column">'
        "<!-- wp:paragraph --><p>Left</p><!-- /wp:paragraph --></div><!-- /wp:column -->"
        '<!-- wp:column --><div class="wp-block-column"><!-- wp:paragraph --><p>Right</p>'
        "<!-- /wp:paragraph --></div><!-- /wp:column --></div><!-- /wp:columns -->"
        '<!-- wp:spacer {"height":40} --><div style="height:40px" aria-hidden="true"></div>'
        "<!-- /wp:spacer -->"
    )

    assert converted.blocks == [
        {"type": "heading", "value": {"text": "Spring offers", "level": "h2"}},
        {"type": "paragraph", "value": "<p>Left</p><p>Right</p>"},
    ]
    assert converted.notes == [
        "A cover block's background image was left out",
        "Columns were flattened into paragraphs",
    ]


def test_blocks_that_live_outside_the_post_or_are_unknown_are_noted():
    converted = convert(
        '<!-- wp:block {"ref":812} /-->'
        '<!-- wp:latest-posts {"postsToShow":3} /-->'
        '<!-- wp:acme/team-card --><div class="team">Dr Okafor, dermatologist</div>'
        "<!-- /wp:acme/team-card -->"
    )

    assert converted.blocks == [{"type": "paragraph", "value": "<p>Dr Okafor, dermatologist</p>"}]
    assert converted.notes == [
        "A reusable block (#812) lives outside the post: left out",
        "The block “core/latest-posts” has no content of its own (WordPress builds it when the "
        "page is shown): left out",
        "The block “acme/team-card” is not known: its content was imported as it is",
    ]


def test_a_yoast_faq_block_becomes_an_faq():
    converted = convert(
        '<!-- wp:yoast/faq-block {"questions":[]} -->'
        '<div class="schema-faq wp-block-yoast-faq-block">'
        '<div class="schema-faq-section" id="q1"><strong class="schema-faq-question">Is it safe in '
        'pregnancy?</strong> <p class="schema-faq-answer">We wait until <b>after</b> birth.</p>'
        "</div>"
        '<div class="schema-faq-section" id="q2"><strong class="schema-faq-question">Does it '
        'hurt?</strong> <p class="schema-faq-answer">Only a little.</p></div></div>'
        "<!-- /wp:yoast/faq-block -->"
    )

    assert converted.blocks == [
        {
            "type": "faq",
            "value": {
                "title": "Common questions",
                "items": [
                    {
                        "question": "Is it safe in pregnancy?",
                        "answer": "<p>We wait until <b>after</b> birth.</p>",
                    },
                    {"question": "Does it hurt?", "answer": "<p>Only a little.</p>"},
                ],
            },
        }
    ]


def test_a_shortcode_block_expands_like_a_classic_one():
    converted = convert('<!-- wp:shortcode -->[gallery ids="70"]<!-- /wp:shortcode -->')

    assert [block["type"] for block in converted.blocks] == ["image"]
