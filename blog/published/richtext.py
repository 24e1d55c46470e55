"""Rich text for front ends: internal links resolved in bulk, then sanitised with nh3.

Wagtail stores links as `<a linktype="page" id="2">`. Its own expand_db_html resolves them
one query per link and leaves the output unsanitised; here every page and document linked
from a set of rich texts is fetched in one query each, and the output keeps only the tags a
paragraph can contain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

import nh3
from django.http import HttpRequest
from wagtail.documents import get_document_model
from wagtail.models import Page

from blog.parsing import is_ascii_number
from blog.paths import frontend_path, site_root_paths

_A_TAG = re.compile(r"<a\b([^>]*)>")
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')

ALLOWED_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ul", "ol", "li", "h2", "h3", "h4"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


class LinkResolver:
    """Resolves the internal links of many rich texts with one query per link type."""

    def __init__(self, texts: Iterable[str], request: HttpRequest | None = None) -> None:
        page_ids: set[int] = set()
        document_ids: set[int] = set()
        for text in texts:
            for match in _A_TAG.finditer(text):
                if link := _internal_link(match.group(1)):
                    (page_ids if link[0] == "page" else document_ids).add(link[1])
        self.pages: dict[int, str] = {}
        if page_ids:
            rows = Page.objects.live().filter(pk__in=page_ids).values_list("pk", "url_path")
            roots = site_root_paths()
            self.pages = {pk: frontend_path(url_path, roots) for pk, url_path in rows}
        self.documents: dict[int, str] = {}
        if document_ids:
            documents = get_document_model().objects.in_bulk(document_ids)
            # Absolute, because an app has no origin to resolve a relative URL against.
            absolute = request.build_absolute_uri if request is not None else str
            self.documents = {pk: absolute(doc.url) for pk, doc in documents.items()}

    def to_html(self, text: str) -> str:
        def replace(match: re.Match) -> str:
            if "linktype=" not in match.group(1):
                return match.group(0)  # an ordinary web or mail link
            link = _internal_link(match.group(1))
            href = None
            if link:
                linktype, target = link
                href = (self.pages if linktype == "page" else self.documents).get(target)
            # A link to an unpublished or deleted page, or a malformed one, becomes plain text.
            return f'<a href="{escape(href)}">' if href else "<a>"

        return clean_html(_A_TAG.sub(replace, text))


def _internal_link(tag_attributes: str) -> tuple[str, int] | None:
    """("page" or "document", id) for a Wagtail internal link, else None."""
    attrs = dict(_ATTR.findall(tag_attributes))
    linktype, target = attrs.get("linktype"), attrs.get("id", "")
    if linktype in {"page", "document"} and is_ascii_number(target):
        return linktype, int(target)
    return None


def clean_html(html: str) -> str:
    """Only the tags and attributes a paragraph may have; scripts and handlers are dropped."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )
