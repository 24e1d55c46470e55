"""What an import did, item by item: the report the command prints and the admin shows.

Counts say how many of each thing were created, updated, left alone or skipped; each post
has its own list of notes (every adjustment to fit our model, every missing file, every
compliance finding), so an editor can check the posts that need it and no others.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class PostNotes:
    wp_id: int
    title: str
    status: str = ""  # what the article became: live, scheduled, draft, private, …
    page_id: int | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    site: str = ""
    dry_run: bool = False
    counts: Counter = field(default_factory=Counter)
    posts: dict[int, PostNotes] = field(default_factory=dict)
    # Problems of the export as a whole (not of one post).
    general: list[str] = field(default_factory=list)

    def count(self, what: str, n: int = 1) -> None:
        if n:
            self.counts[what] += n

    @property
    def changed(self) -> bool:
        """Whether the import changed anything readers or front ends can see."""
        return any(
            self.counts[what]
            for what in (
                "posts created",
                "posts updated",
                "comments imported",
                "redirects added or changed",
                "authors created",
                "images and documents imported",
            )
        )

    def post(self, wp_id: int, title: str) -> PostNotes:
        if wp_id not in self.posts:
            self.posts[wp_id] = PostNotes(wp_id=wp_id, title=title)
        return self.posts[wp_id]

    def note(self, wp_id: int, title: str, text: str) -> None:
        notes = self.post(wp_id, title).notes
        if text not in notes:
            notes.append(text)

    def as_json(self) -> dict:
        return {
            "site": self.site,
            "dry_run": self.dry_run,
            "counts": {what: n for what, n in sorted(self.counts.items()) if n},
            "general": self.general,
            "posts": [
                {
                    "wp_id": post.wp_id,
                    "title": post.title,
                    "status": post.status,
                    "page_id": post.page_id,
                    "notes": post.notes,
                }
                for post in self.posts.values()
                if post.notes
            ],
        }

    def as_text(self) -> str:
        lines = [f"WordPress import of {self.site or 'an export'}"]
        if self.dry_run:
            lines[0] += " (dry run: nothing was written)"
        lines.append("")
        width = max((len(what) for what in self.counts), default=0)
        lines += [f"  {what.ljust(width)}  {n}" for what, n in sorted(self.counts.items()) if n]
        if self.general:
            lines += ["", "The export:"] + [f"  - {text}" for text in self.general]
        noted = [post for post in self.posts.values() if post.notes]
        if noted:
            lines += ["", f"Posts to check ({len(noted)}):"]
            for post in noted:
                lines.append(f"  {post.title} (WordPress id {post.wp_id}, {post.status})")
                lines += [f"    - {text}" for text in post.notes]
        return "\n".join(lines) + "\n"
