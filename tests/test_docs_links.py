"""Every relative link in README.md and docs/*.md points at a file that exists and, where it
names an `#anchor`, at a heading of that file, with anchors made as GitHub makes them.

The Sphinx build (`python3 dev.py docs`) checks the links between the pages of docs/ too; the
README is outside the site, so this is what checks its links.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def prose_lines(text: str) -> list[tuple[int, str]]:
    """The lines outside fenced code blocks, numbered from 1."""
    lines, fenced = [], False
    for number, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append((number, line))
    return lines


def github_slug(heading: str) -> str:
    """GitHub's anchor for a heading: the text as rendered (code spans, links and emphasis
    reduced to their text), lower-cased, punctuation other than `-` and `_` dropped, each
    space a hyphen."""
    text = CODE_SPAN.sub(lambda m: m.group(2).strip(), heading)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__|\*|(?<!\w)_|_(?!\w))", "", text)
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """The anchors of a Markdown file's headings; a repeated one gets `-1`, `-2`, ..."""
    found: set[str] = set()
    counts: dict[str, int] = {}
    for _, line in prose_lines(path.read_text(encoding="utf-8")):
        match = HEADING.match(line)
        if not match:
            continue
        slug = github_slug(match.group(2))
        if slug in counts:
            counts[slug] += 1
            slug = f"{slug}-{counts[slug]}"
        else:
            counts[slug] = 0
        found.add(slug)
    return found


def broken_links(page: Path) -> list[str]:
    """Each relative link of `page` whose file or heading does not exist, as `line: target`."""
    broken = []
    for number, line in prose_lines(page.read_text(encoding="utf-8")):
        for target in LINK.findall(CODE_SPAN.sub("", line)):
            if not target or SCHEME.match(target) or target.startswith("//"):
                continue
            path_part, _, anchor = target.partition("#")
            linked = (page.parent / unquote(path_part)).resolve() if path_part else page
            if not linked.exists():
                broken.append(f"{number}: {target} (no such file)")
            elif anchor and linked.suffix == ".md" and unquote(anchor) not in anchors(linked):
                broken.append(f"{number}: {target} (no such heading in {linked.name})")
    return broken


def test_the_pages_are_there():
    assert (ROOT / "docs" / "index.md").exists()
    assert len(PAGES) > 2


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_relative_links_point_at_files_and_headings_that_exist(page):
    assert broken_links(page) == []


def test_github_slugs():
    assert github_slug("Against stock Wagtail: `python3 dev.py bench`") == (
        "against-stock-wagtail-python3-devpy-bench"
    )
    assert github_slug("Media: object storage, or this server's disk") == (
        "media-object-storage-or-this-servers-disk"
    )
    assert github_slug("Content API (`/api/v1/`)") == "content-api-apiv1"
    assert github_slug("Measured at 10,000 articles") == "measured-at-10000-articles"
    assert github_slug("The editor's experience") == "the-editors-experience"


def test_a_broken_link_or_anchor_is_found(tmp_path):
    (tmp_path / "other.md").write_text("# Other page\n\n## Caching\n\n## Caching\n")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n"
        "[fine](other.md#caching), [repeat](other.md#caching-1), [self](#page),\n"
        "[web](https://example.org/x#y), `[code](missing.md)`\n\n"
        "```\n[fenced](missing.md)\n```\n\n"
        "[gone](missing.md) and [no heading](other.md#cachin) and [none here](#other)\n"
    )
    assert broken_links(page) == [
        "10: missing.md (no such file)",
        "10: other.md#cachin (no such heading in other.md)",
        "10: #other (no such heading in page.md)",
    ]
