"""Reading a WordPress export (WXR) file as a stream, and refusing files that are not one.

A WXR file is RSS 2.0 with WordPress's namespaces: a channel header (the site, its authors
and terms) followed by one <item> per post, page, attachment or menu item. Exports of a
clinic's years of articles run to hundreds of megabytes, so `read_export` never holds more
than one item: each is read when its </item> closes, then cleared and dropped from the tree.
`scan_export` makes the same pass without keeping anything, to validate the whole file
before an import writes a row (a truncated upload fails there) and to count what is in it.

Every problem with the file is an `ExportError` whose message says what is wrong and, for
XML errors, where (line and column); never a parser's own exception.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError
from xml.parsers.expat import ErrorString

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import iterparse

from blog.importing.wxr_items import (
    ItemTerm,
    WxrAuthor,
    WxrComment,
    WxrItem,
    WxrSite,
    WxrTerm,
    qualified,
    read_author,
    read_header_term,
    read_item,
    text,
)

__all__ = [
    "ExportError",
    "ExportSummary",
    "ItemTerm",
    "WxrAuthor",
    "WxrComment",
    "WxrItem",
    "WxrSite",
    "WxrTerm",
    "read_export",
    "scan_export",
]

Source = str | os.PathLike[str] | IO[bytes]

_UTF8_BOM = b"\xef\xbb\xbf"
_NOT_WXR = "is not a WordPress export (WXR) file"


class ExportError(ValueError):
    """The file cannot be read as a WordPress export; the message says what and where."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line  # 1-based, for XML errors
        self.column = column  # 1-based


@dataclass(frozen=True)
class ExportSummary:
    """What an export holds, for the dry run, the progress bar's total and the report."""

    site: WxrSite
    items: Counter[tuple[str, str]]  # by (post_type, status)
    comments: Counter[str]  # by comment_approved as in the file: "1", "0", "spam", …
    total_items: int
    comment_types: Counter[str] = field(default_factory=Counter)  # "comment", "pingback", …

    @property
    def total_comments(self) -> int:
        return sum(self.comments.values())


def read_export(source: Source) -> Iterator[WxrSite | WxrItem]:
    """Stream an export: its WxrSite first, then each WxrItem in the file's order.

    The site is complete when the first <item> starts (WordPress writes the header first),
    or at the end of a file with no items. `source` is a path or a binary file object (left
    open). A file that is not a WordPress export is refused before the site is given, but
    damage further on raises ExportError after the items before it: run `scan_export`
    first to know the whole file is sound before writing anything.
    """
    with _opened(source) as (reader, label):
        yield from _stream(reader, label)


def scan_export(source: Source) -> ExportSummary:
    """One full streaming pass: validate the whole file and count its items and comments."""
    site = WxrSite()
    items: Counter[tuple[str, str]] = Counter()
    comments: Counter[str] = Counter()
    comment_types: Counter[str] = Counter()
    for entry in read_export(source):
        if isinstance(entry, WxrSite):
            site = entry
            continue
        items[entry.post_type, entry.status] += 1
        for comment in entry.comments:
            comments[comment.approved] += 1
            comment_types[comment.type] += 1
    return ExportSummary(
        site=site,
        items=items,
        comments=comments,
        total_items=sum(items.values()),
        comment_types=comment_types,
    )


class _Reader:
    """The file as the parser reads it, minus blank lines before the XML declaration.

    Plugins and themes that print a newline before WordPress's output are a known cause of
    exports that "are not XML" (the declaration must come first); such blank lines are
    skipped, and counted so error lines still match the file. Also tells an empty file from
    a broken one, and whether the parser failed at the end of the file (a truncated one).
    """

    def __init__(self, stream: IO[Any]) -> None:
        self._stream = stream
        self.started = False  # something other than leading whitespace was read
        self.at_end = False
        self.skipped_lines = 0

    def read(self, size: int) -> bytes | str:
        data = self._stream.read(size)
        while data and not self.started:
            data = self._skip_leading(data) or self._stream.read(size)
        if not data:
            self.at_end = True
        return data

    def _skip_leading(self, data: bytes | str) -> bytes | str:
        if isinstance(data, bytes):
            rest = data.removeprefix(_UTF8_BOM).lstrip(b" \t\r\n")
            self.skipped_lines += data[: len(data) - len(rest)].count(b"\n")
        else:
            rest = data.lstrip(" \t\r\n\ufeff")
            self.skipped_lines += data[: len(data) - len(rest)].count("\n")
        self.started = bool(rest)
        return rest


class _Header:
    """The channel's header, gathered element by element until the first item."""

    def __init__(self) -> None:
        self.plain: dict[str, str] = {}
        self.wp: dict[str, str] = {}
        self.authors: list[WxrAuthor] = []
        self.terms: list[WxrTerm] = []

    def add(self, elem: Element) -> None:
        family, local = qualified(elem.tag)
        if family == "wp" and local == "author":
            self.authors.append(read_author(elem))
        elif family == "wp" and local in ("category", "tag", "term"):
            self.terms.append(read_header_term(local, elem))
        elif family == "wp":
            self.wp.setdefault(local, text(elem))
        elif family == "":
            self.plain.setdefault(local, text(elem))

    def site(self) -> WxrSite:
        return WxrSite(
            title=self.plain.get("title", ""),
            link=self.plain.get("link", ""),
            base_site_url=self.wp.get("base_site_url", ""),
            base_blog_url=self.wp.get("base_blog_url", ""),
            language=self.plain.get("language", ""),
            wxr_version=self.wp.get("wxr_version", ""),
            authors=tuple(self.authors),
            terms=tuple(self.terms),
            description=self.plain.get("description", ""),
        )


@contextmanager
def _opened(source: Source) -> Iterator[tuple[_Reader, str]]:
    if hasattr(source, "read"):
        name = getattr(source, "name", None)
        label = f"The file {Path(name).name!r}" if isinstance(name, str) and name else "The file"
        yield _Reader(source), label  # the caller's file: the caller closes it
        return
    path = Path(os.fspath(source))
    label = f"The file {path.name!r}"
    try:
        stream = path.open("rb")
    except OSError as err:
        raise ExportError(f"{label} cannot be opened: {err.strerror or err}.") from None
    with stream:
        yield _Reader(stream), label


def _stream(reader: _Reader, label: str) -> Iterator[WxrSite | WxrItem]:
    header = _Header()
    root: Element | None = None
    channel: Element | None = None
    in_channel = False
    site: WxrSite | None = None
    site_given = False
    # A WordPress export names its WXR version; one made by another tool may not, but it
    # still has wp: elements. A plain RSS feed has neither, and is refused.
    seen_wp = False
    depth = 0
    try:
        for event, elem in iterparse(reader, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                depth += 1
                if not seen_wp and qualified(elem.tag)[0] == "wp":
                    seen_wp = True
                if depth == 1:
                    if elem.tag != "rss":
                        local = qualified(elem.tag)[1]
                        raise ExportError(
                            f"{label} {_NOT_WXR}: its outermost element is <{local}>, where a "
                            "WordPress export has <rss>."
                        )
                    root = elem
                elif depth == 2 and channel is None and elem.tag == "channel":
                    channel, in_channel = elem, True
                elif depth == 3 and in_channel and elem.tag == "item" and site is None:
                    site = header.site()
                continue
            depth -= 1
            if depth == 2 and in_channel and channel is not None:
                # A child of the channel is complete: read it, then let it go.
                item = read_item(elem) if elem.tag == "item" else None
                if item is None and site is None:
                    header.add(elem)
                channel.remove(elem)
                elem.clear()
                if item is not None:
                    if not seen_wp:
                        raise ExportError(_no_wp_message(label))
                    if not site_given:
                        site_given = True
                        yield site or header.site()
                    yield item
            elif depth == 1 and root is not None:
                in_channel = in_channel and elem is not channel
                root.remove(elem)
                elem.clear()
    except DTDForbidden as err:
        if (err.name or "").lower() == "html":  # a saved web page, such as a login screen
            raise ExportError(
                f"{label} is a web page (HTML), not a WordPress export (WXR) file."
            ) from None
        raise ExportError(
            f"{label} declares a DTD, which a WordPress export never does; refusing it "
            "(it could expand entities)."
        ) from None
    except (EntitiesForbidden, ExternalReferenceForbidden):  # only reachable through a DTD
        raise ExportError(
            f"{label} declares entities, which a WordPress export never does; refusing it."
        ) from None
    except ParseError as err:
        raise _xml_error(err, reader, label, root_seen=root is not None) from None
    if channel is None:
        raise ExportError(f"{label} {_NOT_WXR}: its <rss> element has no <channel>.")
    if not seen_wp:
        raise ExportError(_no_wp_message(label))
    if not site_given:
        yield site or header.site()


def _no_wp_message(label: str) -> str:
    return (
        f"{label} {_NOT_WXR}: it has no wp:wxr_version and no WordPress (wp:) elements, so "
        "it looks like an ordinary RSS feed. In WordPress, make the export with Tools → Export."
    )


def _xml_error(err: ParseError, reader: _Reader, label: str, *, root_seen: bool) -> ExportError:
    line, column = err.position
    line, column = line + reader.skipped_lines, column + 1
    reason = ErrorString(err.code) if isinstance(err.code, int) else str(err)
    where = f"line {line}, column {column}"
    if not reader.started:
        return ExportError(f"{label} is empty: a WordPress export is an XML file.")
    if not root_seen:
        message = (
            f"{label} is not an XML file ({reason} at {where}), so it is not a WordPress "
            "export (WXR) file."
        )
    elif reader.at_end:
        # The parser only fails once it has read everything when the file stops mid-way.
        message = (
            f"{label} ends before the export does ({reason} at {where}): it looks cut off. "
            "Download the export from WordPress again and upload the whole file."
        )
    else:
        message = f"{label} is not well-formed XML: {reason} at {where}."
    return ExportError(message, line=line, column=column)
