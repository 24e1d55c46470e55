"""The elements of a post body that are more than running text.

Links (to imported posts, uploaded files or the web), images, videos and frames, and the
elements that become blocks or paragraphs of their own: quotes, questions, callouts and
tables. Elements adds their handlers to the walk of blog.importing.body_walk. The importer's
BodyLinks answers which images, pages and documents exist, and gives an attachment's alt text
and caption from the export for images the post names only by id (galleries), so no database
work happens here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Protocol
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Tag

from blog.importing import gutenberg
from blog.importing.body_walk import (
    ANY_TAG,
    SPACES,
    UNSAFE_CHARACTERS,
    Block,
    Caption,
    Context,
    Heading,
    Item,
    Part,
    Question,
    Rich,
    Walk,
    clean,
    has_text,
    html_text,
)
from blog.importing.gutenberg import attachment_id
from blog.video import Video, parse_video_url


@dataclass(frozen=True)
class ImageWanted:
    """What the body asks the importer for."""

    url: str  # src as written in the post (may be a resized copy: foo-300x200.jpg)
    attachment_id: int | None  # from the wp-image-123 class or the block's {"id":123}
    alt: str
    caption: str
    title: str


class BodyLinks(Protocol):
    """Supplied by the importer: the database work lives there, not here."""

    def image(self, wanted: ImageWanted) -> int | None: ...  # image pk, None if missing

    def page(self, url: str) -> int | None: ...  # page pk of an imported post or url

    def document(self, url: str) -> int | None: ...  # document pk for an uploaded file

    def attachment_text(self, attachment_id: int) -> tuple[str, str]:
        """The attachment's (alt text, caption) from the export; "" for what it lacks."""
        ...


_WP_IMAGE = re.compile(r"\bwp-image-([0-9]{1,19})\b")
_SIZE_SUFFIX = re.compile(r"(?:-(?:\d+x\d+|scaled|rotated|e\d{10,}))+$")
_LAZY_SOURCES = ("data-src", "data-lazy-src", "data-original", "data-orig-file")
_IMAGE_TYPES = {"jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "bmp", "tif", "tiff", "heic"}
_DOCUMENT_TYPES = {"pdf", "doc", "docx", "odt", "rtf", "txt", "xls", "xlsx", "ods", "csv", "ppt"}
_DOCUMENT_TYPES |= {"pptx", "odp", "zip", "mp3", "m4a", "mp4", "mov", "webm"}
_DASH = "\u2013"  # between the cells of a table row
# A media library caption is read up to here: it is cut to 250 characters anyway, and
# html.parser slows down on long broken markup.
_MAX_LIBRARY_TEXT = 2000


class Elements(Walk):
    """The walk with the handlers of links, media, quotes, questions, callouts and tables."""

    def __init__(self, links: BodyLinks, attrs: tuple[dict, ...]) -> None:
        super().__init__()
        self.links, self.attrs = links, attrs
        self.library: dict[int, tuple[str, str]] = {}  # attachment_text() answers, by id
        self.handlers |= {"blockquote": self.quote, "figure": self.figure, "table": self.table}
        self.handlers |= {"details": self.details, "iframe": self.frame, "video": self.media}
        self.handlers |= {"audio": self.media, "wp-embed": self.wp_embed}
        self.handlers |= {"wp-gallery": self.wp_gallery, "aside": self.aside}
        self.handlers["wp-block"] = self.wp_block

    # Links: to an imported post a page link, to an uploaded file a document link, else the
    # web address; anything but a web, mail or phone address is removed, its text kept.
    def link_open(self, href: str, ctx: Context) -> str | None:
        href = re.sub(r"[\t\n\r]", "", href).strip()  # as browsers read an address
        if not href or href.startswith("#"):
            return None
        scheme = _scheme(href)
        if scheme is None:
            self.note("Removed a link with a broken address (its text was kept)")
            return None
        if scheme not in {"", "http", "https", "mailto", "tel"}:
            self.note(f"Removed a {scheme}: link (its text was kept)")
            return None
        if scheme in {"mailto", "tel"}:
            return f'<a href="{escape(href)}">'
        if href.startswith("//"):
            href, scheme = f"https:{href}", "https"
        if not _is_document(href):
            if (pk := self.links.page(href)) is not None:
                return f'<a linktype="page" id="{int(pk)}">'
        elif not ctx.short:
            if (pk := self.links.document(href)) is not None:
                return f'<a linktype="document" id="{int(pk)}">'
        elif scheme:
            self.note(
                f"A question or callout links to the file {_display(href)}: the link keeps its "
                "old address (they cannot link documents)"
            )
        if scheme:
            return f'<a href="{escape(href)}">'
        self.note(f"A link to “{href}” matches no imported page or file: its text was kept")
        return None

    def link_html(self, href: str, text_html: str, ctx: Context) -> str:
        opening = self.link_open(href, ctx)
        return f"{opening}{text_html}</a>" if opening else text_html

    # Images, videos and frames.
    def image(self, tag: Tag, ctx: Context) -> list[Part]:
        classes = (tag.get("class") or "").split()
        if "wp-smiley" in classes or "emoji" in classes:  # an emoji drawn as an image
            return [escape(tag.get("alt") or "", quote=False)]
        if "wp-block-cover__image-background" in classes:
            self.note("A cover block's background image was left out")
            return []
        src = (tag.get("src") or "").strip()
        if src.startswith("data:") or not src:  # a lazy-loading placeholder
            src = next((tag[name].strip() for name in _LAZY_SOURCES if tag.get(name)), "")
        numbered = _WP_IMAGE.search(tag.get("class") or "")
        found = attachment_id(numbered.group(1) if numbered else tag.get("data-id"))
        wanted = ImageWanted(
            url=src,
            attachment_id=found or ctx.attachment,
            alt=SPACES.sub(" ", tag.get("alt") or "").strip(),
            caption=_take_caption(ctx),
            title=SPACES.sub(" ", tag.get("title") or "").strip(),
        )
        return list(self.image_block(wanted))

    def image_block(self, wanted: ImageWanted) -> list[Item]:
        if not wanted.url and wanted.attachment_id is None:
            self.note("An image without an address was left out")
            return []
        name = _display(wanted.url) if wanted.url else f"#{wanted.attachment_id}"
        if (pk := self.links.image(wanted)) is None:
            self.note(f"Image {name} is missing: left out")
            return []
        library_alt = library_caption = ""
        if not wanted.alt and wanted.attachment_id is not None:
            library_alt, library_caption = self.attachment_text(wanted.attachment_id)
        # The media library's alt text was written as one: it needs no note.
        alt = wanted.alt or library_alt
        if not alt:
            described = wanted.caption or library_caption
            alt = described or wanted.title
            how = "its caption is used" if described else "its title is used"
            if not alt:
                alt = _readable_name(wanted.url) or "Image"
                how = f"“{alt}” is used; please describe the image"
            self.note(f"An image had no alt text: {how} ({name})")
        alt = self.shorten(alt, 250, "An image's alt text")
        caption = self.shorten(wanted.caption, 250, "An image caption")
        return [Block("image", {"image": pk, "alt_text": alt, "caption": caption})]

    def attachment_text(self, attachment: int) -> tuple[str, str]:
        """The alt text and caption the export gives an attachment, each on one line."""
        if attachment not in self.library:
            alt, caption = self.links.attachment_text(attachment)
            alt = SPACES.sub(" ", UNSAFE_CHARACTERS.sub("", (alt or "")[:_MAX_LIBRARY_TEXT]))
            self.library[attachment] = (alt.strip(), self.caption_text(caption or ""))
        return self.library[attachment]

    def caption_text(self, html: str) -> str:
        """The words of a caption as WordPress stores it (HTML), read like a <figcaption>."""
        html = UNSAFE_CHARACTERS.sub("", html[:_MAX_LIBRARY_TEXT])
        if "<" not in html and "&" not in html:
            return SPACES.sub(" ", html).strip()
        try:
            return self.text_of(BeautifulSoup(html, "html.parser"))
        except Exception:  # html.parser rejects some markup outright: keep the words
            return SPACES.sub(" ", ANY_TAG.sub(" ", html)).strip()

    def figure(self, tag: Tag, ctx: Context, depth: int) -> list[Item]:
        caption = tag.find("figcaption", recursive=False)
        holder = Caption(self.text_of(caption.extract() if caption is not None else None))
        attachment = attachment_id(tag.get("data-attachment-id")) or ctx.attachment
        items = self.walk(tag, ctx, depth, caption=holder, attachment=attachment)
        if caption is not None and holder.text and not holder.used:  # a table's, say
            items += self.paragraph(caption.children, ctx, depth)
        return items

    def wp_gallery(self, tag: Tag, ctx: Context, depth: int) -> list[Item]:
        """[gallery ids="…"]: only ids, so the importer finds each image by its attachment,
        and its alt text and caption (WordPress shows the caption) come from the export."""
        items: list[Item] = []
        for part in (tag.get("data-ids") or "").split(","):
            if (found := attachment_id(part)) is not None:
                alt, caption = self.attachment_text(found)
                items += self.image_block(ImageWanted("", found, alt, caption, ""))
        return items

    def video(self, url: str, title: str, ctx: Context, what: str) -> list[Item]:
        url = url.strip()
        if (video := parse_video_url(url)) is not None:
            title = self.shorten(title, 200, "A video title") if title else "Video"
            return [Block("embed", {"url": _watch_url(video), "title": title, "caption": ""})]
        if not url or _scheme(url) not in {"", "http", "https"}:
            self.note(f"{what} without a web address was left out")
            return []
        self.note(f"{what} ({_display(url)}) cannot be embedded: it became a link")
        return self.rich(f"<p>{self.link_html(url, escape(title or url, quote=False), ctx)}</p>")

    def frame(self, tag: Tag, ctx: Context, depth: int) -> list[Item]:
        title = _take_caption(ctx) or SPACES.sub(" ", tag.get("title") or "").strip()
        return self.video(tag.get("src") or tag.get("data-src") or "", title, ctx, "A frame")

    def media(self, tag: Tag, ctx: Context, depth: int) -> list[Item]:
        sources = [tag.get("src"), *(source.get("src") for source in tag.find_all("source"))]
        src = next((source for source in sources if source), "")
        what = "A video file" if tag.name == "video" else "An audio file"
        return self.video(src, _take_caption(ctx), ctx, what)

    def wp_embed(self, tag: Tag, ctx: Context, depth: int) -> list[Item]:
        return self.video(tag.get("data-url") or "", _take_caption(ctx), ctx, "An embed")

    def wp_block(self, tag: Tag, ctx: Context, depth: int) -> list[Item]:
        return gutenberg.convert_block(self, tag, self.attrs, ctx, depth)

    # Quotes, questions, callouts and tables.
    def quote(self, tag: Tag, ctx: Context, depth: int) -> list[Item]:
        cites = tag.find_all("cite")
        attribution = self.text_of(cites[-1].extract()) if cites else ""
        items = self.walk(tag, ctx, depth)
        words = [item for item in items if isinstance(item, Rich | Heading)]
        rest = [item for item in items if not isinstance(item, Rich | Heading)]
        text = "\n\n".join(
            html_text(item.html) if isinstance(item, Rich) else item.text for item in words
        )
        if not text:
            return rest
        if len(text) > 600:
            self.note("A quote longer than 600 characters became a paragraph")
            cite = [Rich(f"<p>— {escape(attribution, quote=False)}</p>")] if attribution else []
            return items + cite
        attribution = self.shorten(attribution, 120, "A quote's attribution")
        return [Block("quote", {"text": text, "attribution": attribution}), *rest]

    def details(self, tag: Tag, ctx: Context, depth: int) -> list[Item]:
        summary = tag.find("summary", recursive=False)
        question = self.text_of(summary.extract() if summary is not None else None)
        return self.question(question, self.walk(tag, ctx, depth, short=True))

    def question(self, question: str, items: list[Item]) -> list[Item]:
        if not question:
            self.note("A collapsible section without a question became paragraphs")
            return items
        question = self.shorten(question, 200, "A question")
        answer, rest = self.fold(items)
        if answer:
            return [Question(question, answer), *rest]
        self.note(f"The question “{question}” had no answer: it became a paragraph")
        return [Rich(f"<p><b>{escape(question, quote=False)}</b></p>"), *rest]

    def aside(self, tag: Tag, ctx: Context, depth: int) -> list[Item]:
        """A callout from a [tip], [warning], … shortcode; any other <aside> is a container."""
        kind = tag.get("data-kind")
        if kind not in {"tip", "aftercare", "warning"}:
            return self.walk(tag, ctx, depth)
        items = self.walk(tag, ctx, depth, short=True)
        title = SPACES.sub(" ", tag.get("data-title") or "").strip()
        if not title and items and isinstance(items[0], Heading):
            title = items.pop(0).text
        text, rest = self.fold(items)
        if not text:
            return [Rich(f"<p><b>{escape(title, quote=False)}</b></p>"), *rest] if title else rest
        title = self.shorten(title, 120, "A callout title")
        return [Block("callout", {"kind": kind, "title": title, "text": text}), *rest]

    def fold(self, items: list[Item]) -> tuple[str, list[Item]]:
        """The rich text of an answer or callout, and the blocks that cannot be inside it."""
        parts: list[str] = []
        rest: list[Item] = []
        for item in items:
            if isinstance(item, Rich):
                parts.append(item.html)
            elif isinstance(item, Heading | Question):
                asked = item.text if isinstance(item, Heading) else item.question
                parts.append(f"<p><b>{escape(asked, quote=False)}</b></p>")
                parts.append(item.answer if isinstance(item, Question) else "")
            else:
                rest.append(item)
        html = clean("".join(parts))
        return (html if has_text(html) else ""), rest

    def table(self, tag: Tag, ctx: Context, depth: int) -> list[Item]:
        self.note("A table was turned into paragraphs, one per row")
        caption = tag.find("caption")
        items = [] if caption is None else self.paragraph(caption.extract().children, ctx, depth)
        for row in tag.find_all("tr"):
            if row.find_parent("table") is not tag:
                continue  # a row of a table inside a cell is read with its cell
            cells: list[str] = []
            extras: list[Item] = []  # an image in a cell follows its row
            for cell in row.find_all(("td", "th"), recursive=False):
                html = ""
                for part in self.inline_children(cell, ctx, depth):
                    if isinstance(part, str | Rich | Heading):
                        text = part if isinstance(part, str) else self.fold([part])[0]
                        html += re.sub(r"</?(?:p|ul|ol|li)>", " ", text)
                    else:
                        extras.append(part)
                if has_text(html):
                    html = SPACES.sub(" ", html).strip()
                    cells.append(f"<b>{html}</b>" if cell.name == "th" else html)
            items += self.rich(f"<p>{f' {_DASH} '.join(cells)}</p>") if cells else []
            items += extras
        return items


def _take_caption(ctx: Context) -> str:
    if ctx.caption is None or ctx.caption.used:
        return ""
    ctx.caption.used = True
    return ctx.caption.text


def _scheme(url: str) -> str | None:
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return None


def _is_document(url: str) -> bool:
    """A link to an uploaded file other than an image (a PDF, say)."""
    path = urlsplit(url).path
    name = path.rsplit("/", 1)[-1].lower()
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    if not extension or extension in _IMAGE_TYPES:
        return False
    return extension in _DOCUMENT_TYPES or "/wp-content/uploads/" in path


def _display(url: str) -> str:
    """A URL as an editor finds it: from wp-content/ on for uploads, and not too long."""
    start = url.find("wp-content/")
    shown = url[start:] if start >= 0 else url
    return shown if len(shown) <= 100 else f"{shown[:99]}…"


def _readable_name(url: str) -> str:
    """ "Clinic room" from …/clinic-room-300x200.jpg; "" when the name has no letters."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return ""
    stem = _SIZE_SUFFIX.sub("", unquote(path.rsplit("/", 1)[-1]).rsplit(".", 1)[0])
    words = " ".join(re.split(r"[\W_]+", stem)).strip()
    if not any(character.isalpha() for character in words):
        return ""
    return words[:1].upper() + words[1:]


def _watch_url(video: Video) -> str:
    if video.provider == "youtube":
        return f"https://www.youtube.com/watch?v={video.video_id}"
    return f"https://vimeo.com/{video.video_id}"
