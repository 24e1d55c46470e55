"""A comment's flags (urgent, open question, reported) as Wagtail's status tags, the same
in the queue, on a comment's page and in the article's Comments tab."""

from __future__ import annotations

from dataclasses import dataclass

from blog.models import ReaderComment


@dataclass(frozen=True)
class Flag:
    label: str
    primary: bool = False  # Wagtail's filled tag: what needs attention first


def comment_flags(comment: ReaderComment) -> list[Flag]:
    """Needs `is_open_question` (ReaderComment.objects.with_open_question()): `is_question`
    alone stays true after the clinic has answered."""
    flags = []
    if comment.is_urgent:
        flags.append(Flag("Urgent", primary=True))
    if comment.is_open_question:
        flags.append(Flag("Question"))
    if comment.report_count:
        readers = "reader" if comment.report_count == 1 else "readers"
        flags.append(Flag(f"Reported by {comment.report_count} {readers}"))
    return flags
