"""The first pass over an export: the whole file is read once before anything is written
(so a truncated or hostile file fails with nothing imported), counting what it holds for
the progress bar and the report, and collecting what the second pass needs to look up out
of order: the attachments, and which old address is which post."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from blog.importing.media import Attachment
from blog.importing.wxr import Source, read_export
from blog.importing.wxr_items import WxrItem, WxrSite

POST_TYPES = {"post"}


def source_key(site: WxrSite) -> str:
    """Which WordPress site an export is of, the same for http/https and with or without
    www (the same site exported twice must match its items)."""
    url = site.base_site_url or site.base_blog_url or site.link
    parts = urlsplit(url.strip().lower())
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}" or "wordpress"


def link_key(url: str) -> str:
    """An old address in the form the survey files posts under: the path without a trailing
    slash, or p=ID for the query-string forms."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    query = parse_qs(parts.query)
    for key in ("p", "page_id"):
        if query.get(key, [""])[0].isdigit():
            return f"p={query[key][0]}"
    return parts.path.rstrip("/").lower()


@dataclass
class Survey:
    site: WxrSite = field(default_factory=WxrSite)
    items: Counter = field(default_factory=Counter)  # by (post_type, status)
    comments: int = 0
    attachments: dict[int, Attachment] = field(default_factory=dict)
    attachments_of: dict[int, list[int]] = field(default_factory=dict)  # by parent post
    posts_by_link: dict[str, int] = field(default_factory=dict)
    post_ids: set[int] = field(default_factory=set)
    hosts: set[str] = field(default_factory=set)

    @property
    def source(self) -> str:
        return source_key(self.site)

    @property
    def total(self) -> int:
        return sum(self.items.values())

    def post_for(self, url: str) -> int | None:
        """The WordPress id of the post an address (absolute or relative) points to."""
        try:
            host = (urlsplit(url.strip()).hostname or "").lower().removeprefix("www.")
        except ValueError:
            return None
        if host and host not in self.hosts:
            return None
        key = link_key(url)
        return self.posts_by_link.get(key) if key else None


def survey(source: Source) -> Survey:
    found = Survey()
    for entry in read_export(source):
        if isinstance(entry, WxrSite):
            found.site = entry
            for url in (entry.base_site_url, entry.base_blog_url, entry.link):
                host = (urlsplit(url.strip()).hostname or "").lower().removeprefix("www.")
                if host:
                    found.hosts.add(host)
            continue
        _add(found, entry)
    return found


def _add(found: Survey, item: WxrItem) -> None:
    found.items[item.post_type, item.status] += 1
    if item.post_type == "attachment":
        found.attachments[item.wp_id] = Attachment(
            wp_id=item.wp_id,
            url=item.attachment_url or item.guid,
            title=item.title,
            alt=item.meta.get("_wp_attachment_image_alt", ""),
            caption=item.excerpt.strip(),
            attached_file=item.meta.get("_wp_attached_file", ""),
            parent_id=item.parent_id,
            page_link=item.link,
        )
        if item.parent_id:
            found.attachments_of.setdefault(item.parent_id, []).append(item.wp_id)
    elif item.post_type in POST_TYPES and item.status != "trash":
        found.post_ids.add(item.wp_id)
        found.comments += len(item.comments)
        found.posts_by_link[f"p={item.wp_id}"] = item.wp_id
        for url in (item.link, item.guid):
            if url and (key := link_key(url)) and key not in {"", "/"}:
                found.posts_by_link.setdefault(key, item.wp_id)
