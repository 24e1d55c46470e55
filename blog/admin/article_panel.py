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
            from blog.moderation.comment_flags import comment_flags
            from blog.moderation.panels import queue_url

            context = super().get_context_data(parent_context)
            page = self.instance
            if not page.pk:
                return {**context, "comments": [], "total": 0}
            comments = ReaderComment.objects.filter(article_id=page.pk)
            latest = comments.with_open_question().order_by("-created_at")[:10]
            context["comments"] = [(comment, comment_flags(comment)) for comment in latest]
            context["total"] = comments.count()
            context["queue_url"] = queue_url(article=str(page.pk))
            context["thread_url_name"] = ReaderComment.snippet_viewset.get_url_name("inspect")
            return context
