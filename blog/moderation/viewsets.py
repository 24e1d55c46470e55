"""The Comments menu: the moderation queue, with a count of comments awaiting moderation."""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin.utils import quote
from django.db.models import F
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from blog.models import ReaderComment
from blog.moderation import views
from blog.moderation.comment_flags import comment_flags
from blog.moderation.filters import ReaderCommentFilterSet
from blog.moderation.privacy_views import privacy_request


class CommentPermissionPolicy(ModelPermissionPolicy):
    """Staff never type in a reader's comment: they reply as the clinic instead."""

    def user_has_permission(self, user, action) -> bool:
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)


class CommentsMenuItem(MenuItem):
    def render_component(self, request):
        waiting = ReaderComment.objects.awaiting_moderation().count()
        label = f"{self.label} ({waiting})" if waiting else self.label
        component = super().render_component(request)
        component.label = label
        return component


class SummaryColumn(Column):
    """The start of the comment, its flags as Wagtail's status tags before it."""

    cell_template_name = "blog/moderation/summary_cell.html"

    def get_value(self, instance) -> str:
        return instance.body[:90]

    def get_cell_context_data(self, instance, parent_context) -> dict:
        context = super().get_cell_context_data(instance, parent_context)
        context["flags"] = comment_flags(instance)
        return context


class CommentIndexView(IndexView):
    """The queue: each comment opens on its thread page, where it can be moderated and
    answered; the header leads to the queue's two other duties."""

    def get_edit_url(self, instance):
        return None  # a comment has no form to edit: its name links to the thread page

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                "Unanswered questions", url=f"{self.index_url}?unanswered=true", icon_name="help"
            ),
            HeaderButton(
                "Privacy requests",
                url=reverse(ReaderComment.snippet_viewset.get_url_name("privacy")),
                icon_name="lock",
            ),
        ]


class CommentEditView(EditView):
    """Old links and bookmarks to a comment's edit form land on its thread page."""

    def dispatch(self, request, *args, **kwargs):
        inspect = ReaderComment.snippet_viewset.get_url_name("inspect")
        return HttpResponseRedirect(reverse(inspect, args=[quote(kwargs["pk"])]))


LANGUAGE_COLUMN = [Column("language", label="Language", accessor="article_language")]


class ReaderCommentViewSet(SnippetViewSet):
    model = ReaderComment
    icon = "comment"
    menu_label = "Comments"
    menu_name = "reader-comments"
    add_to_admin_menu = True
    menu_order = 150
    list_display = [
        "author_name",
        SummaryColumn("summary", label="Comment"),
        "article",
        # The language the reader wrote under (the page's); with one language, no column.
        *(LANGUAGE_COLUMN if settings.WAGTAIL_I18N_ENABLED else []),
        StatusTagColumn(
            "status",
            accessor="get_status_display",
            label="Status",
            sort_key="status",
            primary=lambda comment: comment.status == ReaderComment.Status.PENDING,
        ),
        "created_at",
    ]
    list_per_page = 50
    filterset_class = ReaderCommentFilterSet
    search_fields = ["author_name", "email", "body"]
    search_backend_name = None  # plain database search: comments are not in Wagtail's index
    ordering = ["-is_urgent", "-created_at"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = views.ThreadView
    index_view_class = CommentIndexView
    edit_view_class = CommentEditView
    panels = []  # comments are moderated through actions, not edited

    def get_menu_item(self, order=None):
        return CommentsMenuItem(
            label=self.menu_label,
            url=self.menu_url,
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=order or self.menu_order,
        )

    def get_queryset(self, request):
        comments = ReaderComment.objects.with_open_question().select_related("article")
        return comments.annotate(article_language=F("article__locale__language_code"))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/moderate/", views.moderate_view, name="moderate"),
            path("<int:pk>/reply/", views.reply_view, name="reply"),
            path("privacy/", privacy_request, name="privacy"),
        ]
