"""Bulk approve, mark as spam and remove, from the moderation queue."""

from __future__ import annotations

from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from blog.comments import moderation
from blog.models import ReaderComment


class ModerateBulkAction(SnippetBulkAction):
    models = [ReaderComment]
    template_name = "blog/moderation/confirm_bulk.html"
    status: str = ""
    verb: str = ""

    def check_perm(self, obj) -> bool:
        return self.request.user.has_perm("blog.change_readercomment")

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return moderation.moderate(objects, status=cls.status, user=user), 0

    def get_success_message(self, num_parent_objects, num_child_objects) -> str:
        return f"{num_parent_objects} comment(s) {self.verb}."

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["verb"] = self.display_name
        return context


class ApproveBulkAction(ModerateBulkAction):
    display_name = "Approve"
    action_type = "approve"
    aria_label = "Approve selected comments"
    action_priority = 10
    status = ReaderComment.Status.APPROVED
    verb = "approved"


class SpamBulkAction(ModerateBulkAction):
    display_name = "Spam"
    action_type = "spam"
    aria_label = "Mark selected comments as spam"
    action_priority = 20
    status = ReaderComment.Status.SPAM
    verb = "marked as spam"


class RemoveBulkAction(ModerateBulkAction):
    display_name = "Remove"
    action_type = "remove"
    aria_label = "Remove selected comments"
    action_priority = 30
    classes = {"serious"}
    status = ReaderComment.Status.REMOVED
    verb = "removed"
