"""Registers the blog's admin features with Wagtail."""

from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from blog.comments.moderation import LOG_ACTIONS
from blog.snippet_views import ClinicSnippetGroup
from blog.website_preview import WebsitePreviewMenuItem, website_preview

register_snippet(ClinicSnippetGroup)


@hooks.register("register_admin_urls")
def register_website_preview_url() -> list:
    return [
        path(
            "articles/<int:page_id>/website-preview/", website_preview, name="blog_website_preview"
        )
    ]


@hooks.register("register_page_action_menu_item")
def register_website_preview_menu_item() -> WebsitePreviewMenuItem:
    return WebsitePreviewMenuItem()


@hooks.register("register_log_actions")
def register_comment_log_actions(actions) -> None:
    for action, label in LOG_ACTIONS.items():
        actions.register_action(action, label, label)
