"""Classic-editor bodies as WordPress showed them: shortcodes, video links and wpautop.

The classic editor stores loose HTML: blank lines become paragraphs only when WordPress's
wpautop() runs as the post is shown, a YouTube link alone on a line becomes a player, and
[shortcodes] expand into markup. This module does the same on the way in so the converter
sees what readers saw. Shortcodes we understand become elements the converter knows
(<figure>, <video>, <audio>, <wp-gallery>, <wp-embed>, <aside data-kind>); any other loses its
tags and keeps its text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from html import escape

from blog.importing.gutenberg import WHOLE_TAG
from blog.video import parse_video_url

# A shortcode tag: [name attrs], [name attrs /] or [/name]. Attributes may not hold brackets.
_SHORTCODE = re.compile(
    r"\[(?P<close>/)?(?P<name>[A-Za-z][A-Za-z0-9_-]*)(?P<attrs>\s[^\[\]]*?)?/?\]"
)
_ATTR = re.compile(
    r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))|"([^"]*)"|'([^']*)'|(\S+)"""
)
_CAPTIONED_IMAGE = re.compile(
    r"^\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL | re.IGNORECASE
)
CALLOUTS = {
    "tip": "tip",
    "note": "tip",
    "info": "tip",
    "notice": "tip",
    "warning": "warning",
    "alert": "warning",
    "important": "warning",
    "caution": "warning",
    "aftercare": "aftercare",
}
_CONSUMING = {"caption", "wp_caption", "embed", "video", "audio"}
_HANDLED = _CONSUMING | {"gallery", "playlist"} | set(CALLOUTS)
# Bare words in brackets are usually prose ("[sic]"); these common ones are shortcodes.
_BARE_SHORTCODES = {"toc", "wpforms", "contact", "sitemap", "searchform", "spacer", "clear"}
_VIDEO_SOURCES = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mov")
_AUDIO_SOURCES = ("src", "mp3", "m4a", "ogg", "wav", "wma", "flac")


def expand_shortcodes(text: str) -> tuple[str, list[str]]:
    """The text with its shortcodes expanded, and notes on the ones that were removed."""
    tokens = list(_SHORTCODE.finditer(text))
    if not tokens:
        return text, []
    notes: dict[str, None] = {}
    closers: dict[str, list[int]] = {}
    for match in tokens:
        if match["close"]:
            closers.setdefault(match["name"], []).append(match.start())
    claimed_up_to: dict[str, int] = {}  # per name, the index of the last closer claimed
    claimed: dict[int, str] = {}  # closer position -> what replaces it
    out: list[str] = []
    position = 0
    for match in tokens:
        start, end, name = match.start(), match.end(), match["name"]
        if start < position:
            continue  # inside the content of a shortcode that consumed it
        if _escaped(text, start, end):  # [[name]] shows as [name]
            out.append(text[position : start - 1] + match.group(0))
            position = end + 1
            continue
        out.append(text[position:start])
        position = end
        if match["close"]:
            if start in claimed:
                out.append(claimed.pop(start))
            else:
                notes[f"A stray closing shortcode [/{name}] was removed"] = None
            continue
        attrs = match["attrs"] or ""
        positions = closers.get(name, [])
        index = max(bisect_right(positions, start), claimed_up_to.get(name, -1) + 1)
        closer = None
        if index < len(positions):
            claimed_up_to[name] = index
            closer = _SHORTCODE.match(text, positions[index])
        if not _is_shortcode(name, attrs, closer is not None):
            out.append(match.group(0))  # prose in brackets, such as "[sic]"
            continue
        key = name.lower()
        options = _attributes(attrs)
        if key in _CONSUMING:
            inner = ""
            if closer is not None:
                inner, position = text[end : closer.start()], closer.end()
            out.append(_consume(key, options, inner, notes))
        elif key in CALLOUTS:
            title = escape(options.get("title", ""))
            out.append(f'<aside data-kind="{CALLOUTS[key]}" data-title="{title}">')
            if closer is not None:
                claimed[closer.start()] = "</aside>"
            else:
                out.append("</aside>")
        elif key == "gallery":
            out.append(_gallery(options, notes))
        else:
            if key == "playlist":
                notes["A media playlist ([playlist]) cannot be imported: it was left out"] = None
            else:
                notes[f"Unknown shortcode [{name}] removed (its text was kept)"] = None
            if closer is not None:
                claimed[closer.start()] = ""
    out.append(text[position:])
    return "".join(out), list(notes)


def _escaped(text: str, start: int, end: int) -> bool:
    return start > 0 and text[start - 1] == "[" and text[end : end + 1] == "]"


def _is_shortcode(name: str, attrs: str, closed: bool) -> bool:
    key = name.lower()
    return (
        closed
        or key in _HANDLED
        or key in _BARE_SHORTCODES
        or "_" in key
        or "-" in key
        or any(mark in attrs for mark in "=\"'")
    )


def _attributes(text: str) -> dict[str, str]:
    options: dict[str, str] = {}
    for match in _ATTR.finditer(text):
        if match[1]:
            options[match[1].lower()] = next(
                (value for value in match.group(2, 3, 4) if value is not None), ""
            )
    return options


def _consume(key: str, options: dict[str, str], inner: str, notes: dict[str, None]) -> str:
    if key in ("caption", "wp_caption"):
        return _caption(options, inner)
    if key == "embed":
        url = inner.strip() or options.get("src", "")
        return f'<wp-embed data-url="{escape(url)}"></wp-embed>' if url else ""
    sources = _VIDEO_SOURCES if key == "video" else _AUDIO_SOURCES
    src = next((options[name] for name in sources if options.get(name)), "")
    if not src:
        notes[f"A [{key}] shortcode without a file was left out"] = None
        return ""
    return f'<{key} src="{escape(src)}"></{key}>'


def _caption(options: dict[str, str], inner: str) -> str:
    match = _CAPTIONED_IMAGE.match(inner)
    if match is None:  # no image: the caption's words stay as text
        return _SHORTCODE.sub("", inner)
    image, caption = match.groups()
    caption = options.get("caption") or _SHORTCODE.sub("", caption).strip()
    attachment = re.sub(r"\D", "", options.get("id", ""))[:19]
    return (
        f'<figure data-attachment-id="{attachment}">{image}'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def _gallery(options: dict[str, str], notes: dict[str, None]) -> str:
    ids = options.get("ids") or options.get("include") or ""
    ids = ",".join(part for part in re.split(r"[\s,]+", ids) if part.isascii() and part.isdigit())
    if not ids:
        notes[
            "A gallery without a list of images (it showed the post's attachments) was left out"
        ] = None
        return ""
    return f'<wp-gallery data-ids="{ids}"></wp-gallery>'


_URL_LINE = re.compile(r'^([ \t]*)(https?://[^\s<>"]+)([ \t]*)$', re.MULTILINE | re.IGNORECASE)
_URL_PARAGRAPH = re.compile(r'(<p(?:\s[^>]*)?>\s*)(https?://[^\s<>"]+)(\s*</p>)', re.IGNORECASE)


def autoembed(text: str) -> str:
    """YouTube and Vimeo links alone on a line or in a paragraph become <wp-embed> players."""
    if "http" not in text:
        return text

    def embed(match: re.Match) -> str:
        url = match.group(2)
        if parse_video_url(url) is None:
            return match.group(0)
        return f'{match.group(1)}<wp-embed data-url="{escape(url)}"></wp-embed>{match.group(3)}'

    return _URL_PARAGRAPH.sub(embed, _URL_LINE.sub(embed, text))


# wpautop() of WordPress 6 (wp-includes/formatting.php), less its <option>, <object> and
# <source> special cases (the converter drops those elements anyway). Media, frames and the
# elements our shortcodes make count as blocks too, so no paragraph is wrapped around them.
_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form"
    r"|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article"
    r"|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary"
    r"|wp-embed|wp-gallery|video|audio|iframe)"
)
_AUTOP_STEPS = [
    (re.compile(r"<br\s*/?>\s*<br\s*/?>"), "\n\n"),
    (re.compile(rf"(<{_BLOCKS}[\s/>])"), r"\n\n\1"),
    (re.compile(rf"(</{_BLOCKS}>)"), r"\1\n\n"),
    (re.compile(r"(<hr\s*?/?>)"), r"\1\n\n"),
]
_AUTOP_CLEANUP = [
    (re.compile(r"<p>\s*</p>"), ""),
    (re.compile(r"<p>([^<]+)</(div|address|form)>"), r"<p>\1</p></\2>"),
    (re.compile(rf"<p>\s*(</?{_BLOCKS}[^>]*>)\s*</p>"), r"\1"),
    (re.compile(r"<p>(<li.+?)</p>"), r"\1"),
    (re.compile(r"<p><blockquote([^>]*)>", re.IGNORECASE), r"<blockquote\1><p>"),
    (re.compile(r"</blockquote></p>"), "</p></blockquote>"),
    (re.compile(rf"<p>\s*(</?{_BLOCKS}[^>]*>)"), r"\1"),
    (re.compile(rf"(</?{_BLOCKS}[^>]*>)\s*</p>"), r"\1"),
    (re.compile(r"(?<!<br />)\s*\n"), "<br />\n"),
    (re.compile(rf"(</?{_BLOCKS}[^>]*>)\s*<br />"), r"\1"),
    (re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)"), r"\1"),
    (re.compile(r"\n</p>$"), "</p>"),
]
_HTML_TAG = re.compile(WHOLE_TAG, re.DOTALL)  # every "<" starts one: the rest was escaped
_FIGCAPTION_SPACE = [
    (re.compile(r"(?<!\s)\s++(<figcaption[^>]*>)"), r"\1"),
    (re.compile(r"</figcaption>\s+"), "</figcaption>"),
]
_KEPT_NEWLINE = "\ue000"  # a newline inside a tag, kept out of the paragraph rules
_PRE_START = re.compile(r"<pre\b", re.IGNORECASE)
_PRE_END = re.compile(r"</pre>", re.IGNORECASE)
_PRE_PLACEHOLDER = re.compile(r"<pre wp-pre-tag-([0-9]+)></pre>")


def wpautop(text: str) -> str:
    """Paragraphs from blank lines and line breaks from single newlines, as WordPress does."""
    if not text.strip():
        return ""
    text, pres = _set_aside_pre(text.replace("\r\n", "\n").replace("\r", "\n") + "\n")
    # Runs of spaces mean one space in HTML; kept long, they make the patterns below slow.
    text = re.sub(r"[ \t\f\v]{2,}", " ", text)
    text = _HTML_TAG.sub(lambda match: match.group(0).replace("\n", _KEPT_NEWLINE), text)
    for pattern, replacement in _AUTOP_STEPS:
        text = pattern.sub(replacement, text)
    if "<figcaption" in text:  # only then: on long runs of spaces these take a while
        for pattern, replacement in _FIGCAPTION_SPACE:
            text = pattern.sub(replacement, text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [part for part in re.split(r"\n\s*\n", text) if part]
    text = "".join(f"<p>{part.strip(chr(10))}</p>\n" for part in paragraphs)
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    for pattern, replacement in _AUTOP_CLEANUP:
        text = pattern.sub(replacement, text)
    if pres:
        text = _PRE_PLACEHOLDER.sub(lambda match: pres[int(match.group(1))], text)
    return text.replace(_KEPT_NEWLINE, "\n")


def _set_aside_pre(text: str) -> tuple[str, list[str]]:
    """The text with each <pre>…</pre> replaced by a placeholder, and the pre elements."""
    if "wp-pre-tag-" in text:  # a placeholder the post itself wrote is not ours: it is text
        text = _PRE_PLACEHOLDER.sub(lambda match: escape(match.group(0)), text)
    pieces: list[str] = []
    pres: list[str] = []
    position = 0
    while start := _PRE_START.search(text, position):
        if (end := _PRE_END.search(text, start.end())) is None:
            break
        pieces.append(f"{text[position : start.start()]}<pre wp-pre-tag-{len(pres)}></pre>")
        pres.append(text[start.start() : end.end()])
        position = end.end()
    return "".join(pieces) + text[position:], pres
