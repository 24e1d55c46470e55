"""Reading WordPress exports (WXR): the site, its items and comments, and refusing bad files."""

from __future__ import annotations

import io
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from blog.importing.wxr import (
    WxrAuthor,
    WxrItem,
    WxrSite,
    WxrTerm,
    read_export,
    scan_export,
)

EXPORTS = Path(__file__).parent / "exports"
WP_1_2 = "http://wordpress.org/export/1.2/"


def export(items: str = "", *, header: str = "<wp:wxr_version>1.2</wp:wxr_version>", wp=WP_1_2):
    """A small export in memory: the channel's header, then `items`."""
    return io.BytesIO(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="{wp}" xmlns:excerpt="{wp}excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>Willow Street Podiatry</title>
{header}
{items}
</channel>
</rss>
""".encode()
    )


def read_all(source) -> tuple[WxrSite, dict[int, WxrItem]]:
    site, *items = read_export(source)
    assert isinstance(site, WxrSite)
    return site, {item.wp_id: item for item in items}


@pytest.fixture(scope="module")
def gutenberg() -> tuple[WxrSite, dict[int, WxrItem]]:
    return read_all(EXPORTS / "gutenberg.xml")


@pytest.fixture(scope="module")
def classic() -> tuple[WxrSite, dict[int, WxrItem]]:
    return read_all(EXPORTS / "classic.xml")


# The site and its items


def test_site_header_names_the_site_its_authors_and_terms(gutenberg):
    site, _ = gutenberg
    assert (site.title, site.link, site.language, site.wxr_version) == (
        "Harbour Lane Physiotherapy",
        "https://harbourlane-physio.example",
        "en-GB",
        "1.2",
    )
    assert site.base_site_url == site.base_blog_url == "https://harbourlane-physio.example"
    assert site.authors == (
        WxrAuthor(
            2, "nadia.okafor", "nadia@harbourlane-physio.example", "Nadia Okafor", "Nadia", "Okafor"
        ),
        WxrAuthor(
            5, "tomas", "tomas@harbourlane-physio.example", "Tomás Brennan", "Tomás", "Brennan"
        ),
    )
    assert [(t.kind, t.slug, t.name, t.parent_slug) for t in site.terms] == [
        ("category", "treatments", "Treatments", ""),
        ("category", "rehabilitation", "Rehabilitation", "treatments"),
        ("category", "uncategorized", "Uncategorized", ""),
        ("post_tag", "knee", "Knee", ""),
        ("post_tag", "home-exercise", "Home exercise", ""),
        ("body_area", "lower-limb", "Lower limb", ""),
        ("nav_menu", "main-menu", "Main menu", ""),
    ]
    rehabilitation = site.terms[1]
    assert rehabilitation.description == "Recovering strength and movement after surgery or injury."
    assert site.terms[4].description == "Things to practise between sessions."


def test_site_comes_first_then_every_item_in_the_files_order():
    entries = list(read_export(EXPORTS / "gutenberg.xml"))
    assert isinstance(entries[0], WxrSite)
    assert all(isinstance(entry, WxrItem) for entry in entries[1:])
    assert [item.wp_id for item in entries[1:]] == [40, 12, 15, 18, 19, 22, 30, 31, 50, 9]


def test_published_post_keeps_its_dates_author_terms_and_featured_image(gutenberg):
    post = gutenberg[1][12]
    assert (post.post_type, post.status, post.slug) == (
        "post",
        "publish",
        "five-exercises-after-knee-replacement",
    )
    assert post.title == "Five exercises after a knee replacement"
    assert post.link == "https://harbourlane-physio.example/five-exercises-after-knee-replacement/"
    assert post.guid == "https://harbourlane-physio.example/?p=12"
    assert post.date_gmt == datetime(2024, 6, 10, 8, 15, tzinfo=UTC)
    assert post.date_local == datetime(2024, 6, 10, 9, 15)
    assert post.date_local.tzinfo is None
    assert post.modified_gmt == datetime(2024, 6, 20, 16, 45, 30, tzinfo=UTC)
    assert post.author_login == "nadia.okafor"
    assert post.sticky is True
    assert post.comment_status == "open"
    assert post.terms == (
        ("category", "rehabilitation", "Rehabilitation"),
        ("post_tag", "knee", "Knee"),
        ("post_tag", "home-exercise", "Home exercise"),
        ("body_area", "lower-limb", "Lower limb"),
    )
    assert post.terms[0].slug == "rehabilitation"
    assert post.meta == {"_thumbnail_id": "40", "_edit_last": "2"}
    assert post.excerpt == "Five gentle exercises for the first six weeks with a new knee."


def test_content_is_kept_exactly_as_written(gutenberg):
    content = gutenberg[1][12].content
    assert content.startswith("<!-- wp:paragraph -->\n<p>The first six weeks after a new knee")
    assert content.endswith("<!-- /wp:quote -->\n")
    assert '<img src="https://harbourlane-physio.example/wp-content/uploads/2024/06/' in content
    assert "https://www.youtube.com/watch?v=aBcDeFgHiJk" in content
    # A menu item's content of one space is not stripped either.
    assert gutenberg[1][50].content == " "


def test_comments_keep_their_thread_state_kind_and_author(gutenberg):
    comments = gutenberg[1][12].comments
    assert [(c.wp_id, c.parent_id, c.approved, c.type) for c in comments] == [
        (3, 0, "1", "comment"),
        (4, 3, "1", "comment"),
        (6, 0, "0", "comment"),
        (7, 0, "spam", "comment"),
        (8, 0, "1", "pingback"),
    ]
    first, reply = comments[0], comments[1]
    assert (first.author, first.author_email, first.author_ip) == (
        "Margaret H.",
        "margaret@mail.example",
        "192.0.2.14",
    )
    assert first.date == datetime(2024, 6, 12, 18, 2, 11, tzinfo=UTC)
    assert first.content == (
        "Three weeks in and the ankle pumps really help with the swelling.\n"
        "Is it normal for the knee to feel warm in the evening?"
    )
    assert first.meta == {"akismet_result": "false"}
    assert (reply.user_id, reply.author_url) == (2, "https://harbourlane-physio.example")
    assert gutenberg[1][9].comments[0].approved == "post-trashed"


def test_draft_has_no_publication_date_but_keeps_its_local_one(gutenberg):
    draft = gutenberg[1][15]
    assert (draft.status, draft.slug) == ("draft", "")
    assert draft.date_gmt is None  # WordPress wrote 0000-00-00 00:00:00
    assert draft.date_local == datetime(2024, 6, 18, 16, 20)
    assert draft.modified_gmt == datetime(2024, 6, 18, 15, 25, tzinfo=UTC)


def test_attachment_has_its_url_parent_alt_text_and_file(gutenberg):
    image = gutenberg[1][40]
    assert (image.post_type, image.status, image.parent_id) == ("attachment", "inherit", 12)
    assert image.attachment_url == (
        "https://harbourlane-physio.example/wp-content/uploads/2024/06/knee-brace.jpg"
    )
    assert image.meta["_wp_attachment_image_alt"] == (
        "A black hinged knee brace lying on a blue treatment couch"
    )
    assert image.meta["_wp_attached_file"] == "2024/06/knee-brace.jpg"
    assert image.meta["_wp_attachment_metadata"].startswith('a:3:{s:5:"width";i:1600;')


def test_pages_private_and_protected_posts_keep_what_sets_them_apart(gutenberg):
    items = gutenberg[1]
    about, hours = items[30], items[31]
    assert (about.post_type, about.parent_id, about.menu_order) == ("page", 0, 1)
    assert (hours.post_type, hours.parent_id, hours.menu_order) == ("page", 30, 2)
    assert items[19].status == "private"
    assert items[22].password == "knees2024"
    assert items[22].status == "publish"
    assert items[9].status == "trash"
    # Slugs are as WordPress stored them: percent-encoded when not ASCII.
    assert items[18].slug == "r%c3%a9%c3%a9ducation-du-dos"
    assert items[18].title == "Rééducation du dos : nos conseils"


def test_classic_export_with_wxr_1_1_and_http_namespaces_reads_the_same_way(classic):
    site, items = classic
    assert (site.title, site.wxr_version) == ("Meadowbrook Dental Practice", "1.1")
    assert site.base_blog_url == "http://www.meadowbrook-dental.example/blog"
    assert site.terms[1] == WxrTerm(
        kind="category",
        slug="children",
        name="Children's teeth",
        parent_slug="oral-health",
        wp_id=5,
    )
    post = items[101]
    assert post.date_gmt == datetime(2015, 3, 10, 10, 30, tzinfo=UTC)
    assert post.meta == {"_thumbnail_id": "102"}
    assert '[caption id="attachment_102"' in post.content
    assert "their first birthday at the latest.\n\n[caption" in post.content
    # The old unnamed duplicate of a category is skipped, and a repeated term counted once.
    assert post.terms == (
        ("category", "children", "Children's teeth"),
        ("post_tag", "fluoride", "fluoride"),
    )
    assert items[102].attachment_url.endswith("/2015/03/toothbrush.jpg")
    assert items[7].post_type == "page"


def test_classic_comments_with_empty_type_or_no_gmt_date(classic):
    reader, guestbook, trackback = classic[1][101].comments
    assert reader.type == "comment"  # WordPress wrote an empty comment_type
    # comment_date_gmt is zero: comment_date is read as UTC.
    assert guestbook.date == datetime(2015, 3, 12, 9, 0, tzinfo=UTC)
    assert (guestbook.approved, guestbook.author_ip) == ("0", "")
    assert (trackback.type, trackback.approved) == ("trackback", "trash")


def test_scan_counts_items_by_type_and_status_and_comments_by_state_and_kind():
    summary = scan_export(EXPORTS / "gutenberg.xml")
    assert summary.site.title == "Harbour Lane Physiotherapy"
    assert summary.items == Counter(
        {
            ("post", "publish"): 3,
            ("page", "publish"): 2,
            ("attachment", "inherit"): 1,
            ("post", "draft"): 1,
            ("post", "private"): 1,
            ("post", "trash"): 1,
            ("nav_menu_item", "publish"): 1,
        }
    )
    assert summary.total_items == 10
    assert summary.comments == Counter({"1": 3, "0": 1, "spam": 1, "post-trashed": 1})
    assert summary.comment_types == Counter({"comment": 5, "pingback": 1})
    assert summary.total_comments == 6


def test_export_with_no_items_still_gives_its_site():
    entries = list(read_export(export(header="<wp:wxr_version>1.2</wp:wxr_version>")))
    assert len(entries) == 1
    assert entries[0].title == "Willow Street Podiatry"
    summary = scan_export(export())
    assert (summary.total_items, summary.items, summary.site.wxr_version) == (0, Counter(), "1.2")


# Namespaces, numbers, dates and text


@pytest.mark.parametrize(
    "wp",
    [
        "http://wordpress.org/export/1.0/",
        "https://wordpress.org/export/1.1/",
        "http://wordpress.org/export/1.2/",
        "https://wordpress.org/export/1.3/",
    ],
)
def test_any_version_of_the_wordpress_namespaces_over_http_or_https(wp):
    item = """<item><title>Corns and calluses</title><wp:post_id>8</wp:post_id>
        <excerpt:encoded>Why hard skin forms.</excerpt:encoded></item>"""
    version = wp.rstrip("/").rsplit("/", 1)[1]
    site, items = read_all(
        export(item, wp=wp, header=f"<wp:wxr_version>{version}</wp:wxr_version>")
    )
    assert site.wxr_version == version  # versions after 1.2 are read the same way
    assert items[8].excerpt == "Why hard skin forms."


def test_elements_of_other_namespaces_are_ignored():
    item = """<item xmlns:media="http://search.yahoo.com/mrss/" xmlns:x="http://example.com/x/">
        <media:title>Thumbnail caption</media:title><title>Ingrown toenails</title>
        <x:post_id>99</x:post_id><wp:post_id>5</wp:post_id></item>"""
    _, items = read_all(export(item))
    assert list(items) == [5]
    assert items[5].title == "Ingrown toenails"


@pytest.mark.parametrize("value", ["", "abc", "12a", "-4", "1.5", "٣", "99999999999999999999"])
def test_numbers_that_are_not_whole_numbers_read_as_zero(value):
    item = f"""<item><title>Heel pain</title><wp:post_id>{value}</wp:post_id>
        <wp:post_parent>{value}</wp:post_parent><wp:menu_order>{value}</wp:menu_order>
        <wp:comment><wp:comment_id>{value}</wp:comment_id><wp:comment_parent>{value}</wp:comment_parent>
        <wp:comment_user_id>{value}</wp:comment_user_id></wp:comment></item>"""
    (item,) = read_all(export(item))[1].values()
    assert (item.wp_id, item.parent_id, item.menu_order) == (0, 0, 0)
    comment = item.comments[0]
    assert (comment.wp_id, comment.parent_id, comment.user_id) == (0, 0, 0)


@pytest.mark.parametrize("value", ["2024-13-45 10:00:00", "yesterday", "2024-02-30 25:00:00", ""])
def test_dates_that_are_not_dates_read_as_none(value):
    item = f"""<item><wp:post_id>1</wp:post_id><wp:post_date>{value}</wp:post_date>
        <wp:post_date_gmt>{value}</wp:post_date_gmt><wp:post_modified_gmt>{value}</wp:post_modified_gmt>
        <wp:comment><wp:comment_date>{value}</wp:comment_date></wp:comment></item>"""
    item = read_all(export(item))[1][1]
    assert (item.date_gmt, item.date_local, item.modified_gmt) == (None, None, None)
    assert item.comments[0].date is None


def test_item_from_another_tool_gets_wordpress_defaults_and_its_rss_date():
    # No post_type, status or post_date_gmt: what WordPress itself would assume.
    item = """<item><title>Orthotics explained</title><wp:post_id>3</wp:post_id>
        <pubDate>Wed, 06 Mar 2024 15:00:00 +0100</pubDate></item>"""
    item = read_all(export(item))[1][3]
    assert (item.post_type, item.status) == ("post", "draft")
    assert item.date_gmt == datetime(2024, 3, 6, 14, 0, tzinfo=UTC)


def test_text_fields_are_trimmed_but_cdata_and_entities_are_just_text():
    # WordPress splits "]]>" inside content across two CDATA sections.
    item = """<item>
        <title>
            Blisters &amp; hot spots
        </title>
        <wp:post_id> 4 </wp:post_id>
        <content:encoded><![CDATA[  <p>Keep it clean]]]]><![CDATA[>, and covered.</p>
]]></content:encoded></item>"""
    item = read_all(export(item))[1][4]
    assert item.title == "Blisters & hot spots"
    assert item.content == "  <p>Keep it clean]]>, and covered.</p>\n"


# Files that are not a WordPress export
