"""What readers miss when an article goes out without it: an author (who wrote this?), a
hero image (the card and the social preview), a medical review (can I trust it?).

Not rules: an urgent notice may go out bare. The editor sees the gaps before publishing (a
panel at the top of the Content tab) and is told again when publishing anyway.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest
from wagtail.admin.panels import Panel

GAPS = {
    "author": "an author, so readers know who wrote it",
    "hero_image": "a hero image, for the article's card and social previews",
    "reviewed_by": "a medical review, shown as “Medically reviewed by … on …”",
}


def gaps_for_readers(article) -> list[str]:
    return [reason for field, reason in GAPS.items() if not getattr(article, f"{field}_id")]


def warn_after_publishing(request: HttpRequest, article) -> None:
    """A warning on the page the editor lands on after publishing an article with gaps."""
    gaps = gaps_for_readers(article)
    if article.live and gaps:
        them = "them" if len(gaps) > 1 else "it"
        messages.warning(
            request,
            f"“{article.title}” is live without {'; without '.join(gaps)}. "
            f"Add {them} in the editor when you can.",
        )


class PublishingChecklistPanel(Panel):
    """A reminder at the top of the Content tab, from the saved state of the article."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "blog/moderation/publishing_checklist.html"

        def is_shown(self) -> bool:
            return bool(gaps_for_readers(self.instance))

        def get_context_data(self, parent_context=None) -> dict:
            context = super().get_context_data(parent_context)
            context["gaps"] = gaps_for_readers(self.instance)
            return context
