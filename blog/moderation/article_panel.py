"""The article editor's Comments tab: the latest reader comments, linked to moderation."""

from __future__ import annotations

from wagtail.admin.panels import Panel


class ArticleCommentsPanel(Panel):
    """The latest reader comments of the article being edited, linked to the queue."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "blog/moderation/article_comments_panel.html"

        def get_context_data(self, parent_context=None) -> dict:
            # Imported here: blog.models imports this module.
            from blog.models import ReaderComment
            from blog.moderation.panels import queue_url

            context = super().get_context_data(parent_context)
            page = self.instance
            comments = ReaderComment.objects.filter(article_id=page.pk) if page.pk else None
            context["comments"] = comments.order_by("-created_at")[:10] if comments else []
            context["total"] = comments.count() if comments else 0
            context["queue_url"] = queue_url(article=str(page.pk)) if page.pk else ""
            context["thread_url_name"] = ReaderComment.snippet_viewset.get_url_name("inspect")
            return context
