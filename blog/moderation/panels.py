"""The dashboard panel: comments awaiting moderation, urgent ones, unanswered questions."""

from __future__ import annotations

from django.urls import reverse
from wagtail.admin.ui.components import Component

from blog.models import ReaderComment


def queue_url(**filters: str) -> str:
    base = reverse(ReaderComment.snippet_viewset.get_url_name("list"))
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    return f"{base}?{query}" if query else base


class CommentsDashboardPanel(Component):
    name = "reader_comments"
    order = 50
    template_name = "blog/moderation/dashboard_panel.html"

    def get_context_data(self, parent_context=None) -> dict:
        comments = ReaderComment.objects
        return {
            "pending": comments.awaiting_moderation().count(),
            "urgent": comments.awaiting_moderation().filter(is_urgent=True).count(),
            # The list its link opens: pending questions too (Approve and reply answers them).
            "unanswered": comments.unanswered_questions().count(),
            "pending_url": queue_url(status="pending"),
            "urgent_url": queue_url(status="pending", is_urgent="true"),
            "unanswered_url": queue_url(unanswered="true"),
        }
