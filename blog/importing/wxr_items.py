"""What a WordPress export (WXR) holds, as frozen values, and how each is read from its element.

The site's header (authors, categories, tags and other terms), each item (post, page,
attachment, menu item, …) with its terms, meta and comments. `blog.importing.wxr` streams the
file and hands each finished element here; nothing in this module reads a file.

Elements are matched by local name and namespace *family*: WordPress has written its `wp:`
and `excerpt:` namespaces as http://wordpress.org/export/1.0/ to …/1.2/, and exports edited by
other tools use https, so any version and either scheme is the same namespace here.
Every field has a default so tests and callers can build a value by keyword.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import MappingProxyType
from typing import NamedTuple
from xml.etree.ElementTree import Element

from blog.parsing import MAX_ID, is_ascii_number

# The namespace families. `excerpt` comes before `wp`: its URI starts like the wp one.
_FAMILIES = (
    ("excerpt", re.compile(r"https?://wordpress\.org/export/[0-9]+(?:\.[0-9]+)*/excerpt/?", re.I)),
    ("wp", re.compile(r"https?://wordpress\.org/export/[0-9]+(?:\.[0-9]+)*/?", re.I)),
    ("content", re.compile(r"https?://purl\.org/rss/1\.0/modules/content/?", re.I)),
    ("dc", re.compile(r"https?://purl\.org/dc/elements/1\.1/?", re.I)),
    ("wfw", re.compile(r"https?://wellformedweb\.org/CommentAPI/?", re.I)),
)
_WP_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[ T]([0-9]{2}):([0-9]{2}):([0-9]{2})")


@functools.lru_cache(maxsize=512)
def qualified(tag: str) -> tuple[str, str]:
    """("wp", "post_id") for any version of the wp namespace; ("", "title") for plain RSS.

    A namespace that is none of the families gives "?", so its elements are ignored.
    """
    if not tag.startswith("{"):
        return "", tag
    uri, _, local = tag[1:].partition("}")
    for family, pattern in _FAMILIES:
        if pattern.fullmatch(uri):
            return family, local
    return "?", local


@dataclass(frozen=True)
class WxrAuthor:
    wp_id: int = 0
    login: str = ""
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass(frozen=True)
class WxrTerm:
    """A category, tag or other taxonomy's term from the header; parent_slug "" = top level."""

    kind: str = "category"  # "category", "post_tag", or the taxonomy's name ("nav_menu", …)
    slug: str = ""  # as in the file: WordPress percent-encodes non-ASCII slugs
    name: str = ""
    parent_slug: str = ""
    description: str = ""
    wp_id: int = 0


@dataclass(frozen=True)
class WxrSite:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    language: str = ""
    wxr_version: str = ""  # "" when the file does not say
    authors: tuple[WxrAuthor, ...] = ()
    terms: tuple[WxrTerm, ...] = ()
    description: str = ""


class ItemTerm(NamedTuple):
    """One `<category domain="…" nicename="…">Name</category>` of an item."""

    kind: str
    slug: str
    name: str


def _no_meta() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True)
class WxrComment:
    wp_id: int = 0
    parent_id: int = 0  # 0 = a top-level comment
    author: str = ""
    author_email: str = ""
    author_url: str = ""
    author_ip: str = ""
    # Aware UTC, from comment_date_gmt; when that is missing or zero, comment_date read as
    # UTC (the site's zone is not in the file). None when neither is a date.
    date: datetime | None = None
    content: str = ""
    approved: str = "1"  # as in the file: "1", "0", "spam", "trash", "post-trashed"
    type: str = "comment"  # "comment" (WordPress writes "" for it), "pingback", "trackback", …
    user_id: int = 0
    meta: Mapping[str, str] = field(default_factory=_no_meta)


@dataclass(frozen=True)
class WxrItem:
    wp_id: int = 0
    post_type: str = "post"  # "post" when the file leaves it out, as WordPress does
    status: str = "draft"  # "draft" when the file leaves it out, as WordPress does
    title: str = ""
    link: str = ""
    guid: str = ""
    slug: str = ""  # as in the file: WordPress percent-encodes non-ASCII slugs
    # Aware UTC from post_date_gmt (pubDate when the element is missing); None for drafts,
    # for which WordPress writes 0000-00-00 00:00:00.
    date_gmt: datetime | None = None
    date_local: datetime | None = None  # naive, the site's own clock (post_date)
    modified_gmt: datetime | None = None
    author_login: str = ""
    content: str = ""  # kept exactly as in the file, whitespace included
    excerpt: str = ""
    parent_id: int = 0
    menu_order: int = 0
    password: str = ""
    sticky: bool = False
    terms: tuple[ItemTerm, ...] = ()
    meta: Mapping[str, str] = field(default_factory=_no_meta)  # the first value of each key
    attachment_url: str = ""
    comments: tuple[WxrComment, ...] = ()
    comment_status: str = ""  # "open" or "closed" as in the file


def raw_text(elem: Element) -> str:
    # itertext, not .text: text after a stray child element still counts.
    return "".join(elem.itertext())


def text(elem: Element) -> str:
    return raw_text(elem).strip()


def number(value: str) -> int:
    """A whole number; 0 for anything else (never an error: exports come from many tools)."""
    value = value.strip()
    if not is_ascii_number(value):
        return 0
    parsed = int(value)
    return parsed if parsed <= MAX_ID else 0


def wp_datetime(value: str) -> datetime | None:
    """Naive datetime from WordPress's "2024-03-05 14:30:00"; None for zero or invalid dates."""
    match = _WP_DATE.fullmatch(value.strip())
    if not match:
        return None
    try:
        return datetime(*(int(part) for part in match.groups()))  # naive: the site's own clock
    except ValueError:  # 0000-00-00 00:00:00, month 13, …
        return None


def wp_datetime_utc(value: str) -> datetime | None:
    parsed = wp_datetime(value)
    return parsed.replace(tzinfo=UTC) if parsed else None


def rss_datetime(value: str) -> datetime | None:
    """pubDate ("Tue, 05 Mar 2024 14:30:00 +0000") as aware UTC; None if it is not a date."""
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:  # "-0000": UTC, zone unknown
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _wp_fields(elem: Element) -> dict[str, str]:
    """The stripped text of each wp: child, by local name (the first of each wins)."""
    fields: dict[str, str] = {}
    for child in elem:
        family, local = qualified(child.tag)
        if family == "wp" and local not in fields:
            fields[local] = text(child)
    return fields


def _meta(elem: Element) -> tuple[str, str] | None:
    fields = _wp_fields(elem)
    key = fields.get("meta_key", "")
    return (key, fields.get("meta_value", "")) if key else None


def read_author(elem: Element) -> WxrAuthor:
    f = _wp_fields(elem)
    return WxrAuthor(
        wp_id=number(f.get("author_id", "")),
        login=f.get("author_login", ""),
        email=f.get("author_email", ""),
        display_name=f.get("author_display_name", ""),
        first_name=f.get("author_first_name", ""),
        last_name=f.get("author_last_name", ""),
    )


def read_header_term(local: str, elem: Element) -> WxrTerm:
    """A header's wp:category, wp:tag or wp:term (`local` is which)."""
    f = _wp_fields(elem)
    if local == "category":
        kind, slug, name, parent = "category", "category_nicename", "cat_name", "category_parent"
        description = "category_description"
    elif local == "tag":
        kind, slug, name, parent = "post_tag", "tag_slug", "tag_name", ""
        description = "tag_description"
    else:
        kind = f.get("term_taxonomy", "")
        slug, name, parent, description = (
            "term_slug",
            "term_name",
            "term_parent",
            "term_description",
        )
    return WxrTerm(
        kind=kind,
        slug=f.get(slug, ""),
        name=f.get(name, ""),
        parent_slug=f.get(parent, "") if parent else "",
        description=f.get(description, ""),
        wp_id=number(f.get("term_id", "")),
    )


def read_comment(elem: Element) -> WxrComment:
    f: dict[str, str] = {}
    raw_content = ""
    meta: dict[str, str] = {}
    for child in elem:
        family, local = qualified(child.tag)
        if family != "wp":
            continue
        if local == "commentmeta":
            pair = _meta(child)
            if pair and pair[0] not in meta:
                meta[pair[0]] = pair[1]
        elif local == "comment_content":
            raw_content = raw_text(child)
        elif local not in f:
            f[local] = text(child)
    date = wp_datetime_utc(f.get("comment_date_gmt", "")) or wp_datetime_utc(
        f.get("comment_date", "")
    )
    return WxrComment(
        wp_id=number(f.get("comment_id", "")),
        parent_id=number(f.get("comment_parent", "")),
        author=f.get("comment_author", ""),
        author_email=f.get("comment_author_email", ""),
        author_url=f.get("comment_author_url", ""),
        author_ip=f.get("comment_author_IP", ""),
        date=date,
        content=raw_content,
        approved=f.get("comment_approved", ""),
        type=f.get("comment_type", "") or "comment",
        # WordPress writes wp:comment_user_id; user_id is what some other exporters write.
        user_id=number(f.get("comment_user_id") or f.get("user_id", "")),
        meta=MappingProxyType(meta),
    )


def read_item(elem: Element) -> WxrItem:
    """One <item>: a post, page, attachment, menu item or any other post type."""
    plain: dict[str, str] = {}  # RSS and dc: elements
    wp: dict[str, str] = {}
    content = excerpt = ""
    terms: list[ItemTerm] = []
    meta: dict[str, str] = {}
    comments: list[WxrComment] = []
    for child in elem:
        family, local = qualified(child.tag)
        if family == "wp":
            if local == "postmeta":
                pair = _meta(child)
                if pair and pair[0] not in meta:
                    meta[pair[0]] = pair[1]
            elif local == "comment":
                comments.append(read_comment(child))
            elif local not in wp:
                wp[local] = text(child)
        elif family == "" and local == "category":
            term = _item_term(child)
            if term and term not in terms:
                terms.append(term)
        elif family == "content" and local == "encoded":
            content = raw_text(child)
        elif family == "excerpt" and local == "encoded":
            excerpt = raw_text(child)
        elif family in ("", "dc") and (family, local) not in plain:
            plain[family, local] = text(child)
    if "post_date_gmt" in wp:
        date_gmt = wp_datetime_utc(wp["post_date_gmt"])
    else:  # not written by WordPress; the RSS date is the best there is
        date_gmt = rss_datetime(plain.get(("", "pubDate"), ""))
    return WxrItem(
        wp_id=number(wp.get("post_id", "")),
        post_type=wp.get("post_type", "") or "post",
        status=wp.get("status", "") or "draft",
        title=plain.get(("", "title"), ""),
        link=plain.get(("", "link"), ""),
        guid=plain.get(("", "guid"), ""),
        slug=wp.get("post_name", ""),
        date_gmt=date_gmt,
        date_local=wp_datetime(wp.get("post_date", "")),
        modified_gmt=wp_datetime_utc(wp.get("post_modified_gmt", "")),
        author_login=plain.get(("dc", "creator"), ""),
        content=content,
        excerpt=excerpt,
        parent_id=number(wp.get("post_parent", "")),
        menu_order=number(wp.get("menu_order", "")),
        password=wp.get("post_password", ""),
        sticky=wp.get("is_sticky", "") == "1",
        terms=tuple(terms),
        meta=MappingProxyType(meta),
        attachment_url=wp.get("attachment_url", ""),
        comments=tuple(comments),
        comment_status=wp.get("comment_status", ""),
    )


def _item_term(elem: Element) -> ItemTerm | None:
    # WordPress 2.x also wrote each category a second time with no domain or nicename; like
    # WordPress's own importer, only the form with a nicename counts.
    slug = (elem.get("nicename") or "").strip()
    if not slug:
        return None
    return ItemTerm((elem.get("domain") or "category").strip(), slug, text(elem))
