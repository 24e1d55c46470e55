"""Write WordPress exports (WXR) for the import tests and the import benchmark: a site, its
authors and terms, then posts, attachments and comments, as WordPress's exporter writes them
(CDATA sections, the wp:, content:, excerpt: and dc: namespaces of WXR 1.2)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

NAMESPACES = {
    "https": (
        'xmlns:excerpt="https://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="https://wordpress.org/export/1.2/"'
    ),
    "http": (
        'xmlns:excerpt="http://wordpress.org/export/1.1/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.1/"'
    ),
}
SITE = "https://clinic.example"


def cdata(text: str) -> str:
    return "<![CDATA[" + str(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def wp_date(when: datetime.datetime | None) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S") if when else "0000-00-00 00:00:00"


@dataclass
class Comment:
    wp_id: int
    content: str
    author: str = "A reader"
    email: str = "reader@mail.example"
    ip: str = "203.0.113.9"
    approved: str = "1"
    type: str = "comment"
    parent: int = 0
    user_id: int = 0
    date: datetime.datetime = datetime.datetime(2024, 3, 2, 9, 0)


@dataclass
class Post:
    wp_id: int
    title: str
    content: str = "<!-- wp:paragraph --><p>Some words about a treatment.</p><!-- /wp:paragraph -->"
    slug: str = ""
    status: str = "publish"
    post_type: str = "post"
    date: datetime.datetime | None = datetime.datetime(2024, 3, 1, 9, 0)
    modified: datetime.datetime | None = None
    author: str = "amira"
    excerpt: str = ""
    password: str = ""
    sticky: bool = False
    parent: int = 0
    categories: list[tuple[str, str]] = field(default_factory=list)  # (slug, name)
    tags: list[tuple[str, str]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    attachment_url: str = ""
    comments: list[Comment] = field(default_factory=list)
    comment_status: str = "open"
    link: str = ""

    def permalink(self, site: str = SITE) -> str:
        return self.link or f"{site}/{self.date:%Y/%m}/{self.slug or self.wp_id}/"


AUTHORS = [(2, "amira", "Dr Amira Haddad"), (3, "ben", "Ben Carter")]


def write_export(
    out: IO[str],
    posts: Iterable[Post],
    *,
    site: str = SITE,
    forms: str = "https",
    authors: list[tuple[int, str, str]] = AUTHORS,
) -> None:
    out.write(f'<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" {NAMESPACES[forms]}>\n')
    out.write(f"<channel><title>A clinic</title><link>{site}</link>")
    out.write("<wp:wxr_version>1.2</wp:wxr_version>")
    out.write(
        f"<wp:base_site_url>{site}</wp:base_site_url><wp:base_blog_url>{site}</wp:base_blog_url>\n"
    )
    for wp_id, login, name in authors:
        out.write(
            f"<wp:author><wp:author_id>{wp_id}</wp:author_id><wp:author_login>{cdata(login)}"
            f"</wp:author_login><wp:author_email>{cdata(login + '@clinic.example')}"
            f"</wp:author_email><wp:author_display_name>{cdata(name)}</wp:author_display_name>"
            "</wp:author>\n"
        )
    for post in posts:
        out.write(_item(post, site))
    out.write("</channel></rss>\n")


def _item(post: Post, site: str) -> str:
    gmt = post.date
    terms = "".join(
        f'<category domain="category" nicename="{slug}">{cdata(name)}</category>'
        for slug, name in post.categories
    ) + "".join(
        f'<category domain="post_tag" nicename="{slug}">{cdata(name)}</category>'
        for slug, name in post.tags
    )
    meta = "".join(
        f"<wp:postmeta><wp:meta_key>{cdata(k)}</wp:meta_key><wp:meta_value>{cdata(v)}"
        "</wp:meta_value></wp:postmeta>"
        for k, v in post.meta.items()
    )
    comments = "".join(_comment(c) for c in post.comments)
    attachment = (
        f"<wp:attachment_url>{cdata(post.attachment_url)}</wp:attachment_url>"
        if post.attachment_url
        else ""
    )
    return (
        f"<item><title>{cdata(post.title)}</title><link>{post.permalink(site)}</link>"
        f"<dc:creator>{cdata(post.author)}</dc:creator>"
        f'<guid isPermaLink="false">{site}/?p={post.wp_id}</guid>'
        f"<content:encoded>{cdata(post.content)}</content:encoded>"
        f"<excerpt:encoded>{cdata(post.excerpt)}</excerpt:encoded>"
        f"<wp:post_id>{post.wp_id}</wp:post_id>"
        f"<wp:post_date>{cdata(wp_date(gmt))}</wp:post_date>"
        f"<wp:post_date_gmt>{cdata(wp_date(gmt if post.status != 'draft' else None))}"
        "</wp:post_date_gmt>"
        f"<wp:post_modified_gmt>{cdata(wp_date(post.modified or gmt))}</wp:post_modified_gmt>"
        f"<wp:comment_status>{cdata(post.comment_status)}</wp:comment_status>"
        f"<wp:post_name>{cdata(post.slug)}</wp:post_name>"
        f"<wp:status>{cdata(post.status)}</wp:status>"
        f"<wp:post_parent>{post.parent}</wp:post_parent>"
        f"<wp:post_type>{cdata(post.post_type)}</wp:post_type>"
        f"<wp:post_password>{cdata(post.password)}</wp:post_password>"
        f"<wp:is_sticky>{int(post.sticky)}</wp:is_sticky>"
        f"{attachment}{terms}{meta}{comments}</item>\n"
    )


def _comment(c: Comment) -> str:
    return (
        f"<wp:comment><wp:comment_id>{c.wp_id}</wp:comment_id>"
        f"<wp:comment_author>{cdata(c.author)}</wp:comment_author>"
        f"<wp:comment_author_email>{cdata(c.email)}</wp:comment_author_email>"
        f"<wp:comment_author_url></wp:comment_author_url>"
        f"<wp:comment_author_IP>{cdata(c.ip)}</wp:comment_author_IP>"
        f"<wp:comment_date>{cdata(wp_date(c.date))}</wp:comment_date>"
        f"<wp:comment_date_gmt>{cdata(wp_date(c.date))}</wp:comment_date_gmt>"
        f"<wp:comment_content>{cdata(c.content)}</wp:comment_content>"
        f"<wp:comment_approved>{cdata(c.approved)}</wp:comment_approved>"
        f"<wp:comment_type>{cdata(c.type)}</wp:comment_type>"
        f"<wp:comment_parent>{c.parent}</wp:comment_parent>"
        f"<wp:comment_user_id>{c.user_id}</wp:comment_user_id></wp:comment>"
    )


def attachment(
    wp_id: int, path: str, *, parent: int = 0, alt: str = "", caption: str = "", site: str = SITE
) -> Post:
    """An attachment item for uploads/`path`."""
    meta = {"_wp_attached_file": path}
    if alt:
        meta["_wp_attachment_image_alt"] = alt
    return Post(
        wp_id=wp_id,
        title=path.rsplit("/", 1)[-1].rsplit(".", 1)[0],
        content="",
        status="inherit",
        post_type="attachment",
        parent=parent,
        excerpt=caption,
        meta=meta,
        attachment_url=f"{site}/wp-content/uploads/{path}",
        link=f"{site}/?attachment_id={wp_id}",
    )
