"""Registers the blog's admin features with Wagtail."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.staticfiles import versioned_static
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from blog.admin import wordpress_import
from blog.admin.compliance import record_exception_from_request, refuse_bulk_publish
from blog.admin.compliance_checks import add_compliance_checks
from blog.admin.compliance_report import ComplianceExceptionsMenuItem, ComplianceExceptionsView
from blog.admin.page_create import ClinicPageViewSet
from blog.admin.patient_photos import (
    keep_image_of_deleted_marks,
    leave_out_patient_photos,
    log_mark_created,
    log_marks_deleted,
    pair_chooser_viewset,
    register_patient_photo_log_actions,
)
from blog.admin.publish_checks import warn_after_publishing
from blog.admin.reviews import ReviewsDueView, my_reviews_panel
from blog.admin.search_report import SearchesWithoutResultsView
from blog.admin.snippets import ClinicSnippetGroup
from blog.admin.translation_publishing import (
    CheckedUpdateTranslationsView,
    check_translation_editor_publish,
)
from blog.admin.webhooks import WebhookEndpointViewSet
from blog.admin.website_preview import WebsitePreviewMenuItem, website_preview
from blog.admin.workflow import warn_if_held
from blog.comments.moderation import LOG_ACTIONS
from blog.governance.consent import LOG_ACTION as CONSENT_LOG_ACTION
from blog.governance.consent import LOG_LABEL as CONSENT_LOG_LABEL
from blog.governance.consent import in_use as consent_in_use
from blog.governance.exceptions import register_compliance_log_action
from blog.governance.workflow import register_publish_held_log_action
from blog.models import ArticlePage, ConsentRecord, ReaderComment
from blog.moderation.bulk_actions import ApproveBulkAction, RemoveBulkAction, SpamBulkAction
from blog.moderation.panels import CommentsDashboardPanel
from blog.moderation.viewsets import CommentPermissionPolicy, ReaderCommentViewSet
from blog.published.selectors import namesake_on_site

register_snippet(ClinicSnippetGroup)
register_permission_policy(ReaderComment, CommentPermissionPolicy(ReaderComment))
register_snippet(ReaderCommentViewSet)


@hooks.register("register_admin_viewset")
def register_page_viewset() -> ClinicPageViewSet:
    return ClinicPageViewSet(name="clinic_pages")  # registered after Wagtail's own (order -1)


@hooks.register("register_admin_viewset")
def register_webhooks_viewset() -> WebhookEndpointViewSet:
    return WebhookEndpointViewSet()


for bulk_action in (ApproveBulkAction, SpamBulkAction, RemoveBulkAction):
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("construct_homepage_panels")
def add_comments_panel(request, panels) -> None:
    if request.user.has_perm("blog.change_readercomment"):
        panels.append(CommentsDashboardPanel())
    if (reviews := my_reviews_panel(request.user)) is not None:
        panels.append(reviews)


@hooks.register("register_admin_urls")
def register_website_preview_url() -> list:
    return [
        path(
            "articles/<int:page_id>/website-preview/", website_preview, name="blog_website_preview"
        )
    ]


def report_urls(slug: str, view, name: str) -> list:
    """A Wagtail report's page and its results (what its filters reload)."""
    return [
        path(f"reports/{slug}/", view.as_view(), name=name),
        path(
            f"reports/{slug}/results/",
            view.as_view(results_only=True),
            name=f"{name}_results",
        ),
    ]


# wagtail-localize's publishing passes the page editor's checks (blog.admin.translation_publishing):
# its translation editor's Publish is checked before its own before_edit_page hook answers, and
# its "Sync translated pages" is served here, at its own address, ahead of its URLs.
hooks.register("before_edit_page", check_translation_editor_publish, order=-1)


@hooks.register("register_admin_urls", order=-1)
def register_checked_translation_sync() -> list:
    return [
        path(
            "localize/update/<int:translation_source_id>/",
            CheckedUpdateTranslationsView.as_view(),
            name="blog_update_translations",
        )
    ]


@hooks.register("register_admin_urls")
def register_governance_report_urls() -> list:
    return [
        *report_urls("reviews-due", ReviewsDueView, "blog_reviews_due"),
        *report_urls(
            "compliance-exceptions", ComplianceExceptionsView, "blog_compliance_exceptions"
        ),
        *report_urls(
            "searches-without-results",
            SearchesWithoutResultsView,
            "blog_searches_without_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_reviews_due_menu_item() -> MenuItem:
    return MenuItem(
        "Reviews due", reverse("blog_reviews_due"), name="reviews-due", icon_name="time", order=50
    )


@hooks.register("register_reports_menu_item")
def register_compliance_exceptions_menu_item() -> MenuItem:
    return ComplianceExceptionsMenuItem(
        "Compliance exceptions",
        reverse("blog_compliance_exceptions"),
        name="compliance-exceptions",
        icon_name="warning",
        order=60,
    )


@hooks.register("register_reports_menu_item")
def register_searches_without_results_menu_item() -> MenuItem:
    return MenuItem(
        "Searches without results",
        reverse("blog_searches_without_results"),
        name="searches-without-results",
        icon_name="search",
        order=70,
    )


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def record_compliance_exception(request, page) -> None:
    """An approver published despite a blocking compliance finding: record their reason."""
    record_exception_from_request(request, page)


hooks.register("after_edit_page", warn_if_held)


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_blocked_articles(request, action_type, objects, action_class):
    return refuse_bulk_publish(request, action_type, objects)


@hooks.register("insert_editor_js")
def hold_actions_while_autosaving() -> str:
    return format_html(
        '<script src="{}"></script>', versioned_static("blog/admin/autosave_first.js")
    )


@hooks.register("register_page_action_menu_item")
def register_website_preview_menu_item() -> WebsitePreviewMenuItem:
    return WebsitePreviewMenuItem()


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_gaps_after_publishing(request, page) -> None:
    if isinstance(page.specific_deferred, ArticlePage) and request.POST.get("action-publish"):
        warn_after_publishing(request, page.specific)


@hooks.register("register_log_actions")
def register_comment_log_actions(actions) -> None:
    for action, label in LOG_ACTIONS.items():
        actions.register_action(action, label, label)
    actions.register_action(CONSENT_LOG_ACTION, CONSENT_LOG_LABEL, CONSENT_LOG_LABEL)


hooks.register("register_log_actions", register_compliance_log_action)
hooks.register("register_log_actions", register_publish_held_log_action)
hooks.register("register_log_actions", register_patient_photo_log_actions)
hooks.register("register_admin_viewset", pair_chooser_viewset)
hooks.register("construct_image_chooser_queryset", leave_out_patient_photos)
hooks.register("after_create_snippet", log_mark_created)
hooks.register("before_delete_snippet", keep_image_of_deleted_marks)
hooks.register("after_delete_snippet", log_marks_deleted)


hooks.register("construct_wagtail_userbar", add_compliance_checks)


@hooks.register("before_delete_snippet")
def refuse_to_delete_consent_in_use(request, instances):
    """A consent record that articles use is withdrawn, not deleted: a withdrawal takes the
    photos off everywhere and deletes their resized copies, and the record keeps the proof
    of what was shown and when."""
    if not instances or not isinstance(instances[0], ConsentRecord):
        return None
    used = consent_in_use(instances)
    if not used:
        return None
    names = ", ".join(record.patient_reference for record in used)
    messages.error(
        request,
        f"Consent {names} is used by before and after photos in articles. To stop showing "
        "them, enter the date of withdrawal and save: the photos come off everywhere at "
        "once. Delete the record when no article uses it any more.",
    )
    return redirect("wagtailsnippets_blog_consentrecord:edit", used[0].pk)


@hooks.register("before_move_page")
def refuse_a_move_onto_a_namesake(request, page, destination):
    """Slugs are unique per site (blog.published.selectors.namesake_on_site): moving an
    article to a site where another article has its slug would hide one of them from the API."""
    specific = page.specific_deferred
    if not isinstance(specific, ArticlePage):
        return None
    namesake = namesake_on_site(page.slug, parent=destination, exclude_pk=page.pk)
    if namesake is None:
        return None
    messages.error(
        request,
        f"“{namesake.title}” on that site already uses the slug “{page.slug}”. Change this "
        "article's slug before moving it there.",
    )
    return redirect("wagtailadmin_pages:move", page.pk)


@hooks.register("register_admin_urls")
def register_wordpress_import_urls() -> list:
    return wordpress_import.admin_urls()


@hooks.register("register_settings_menu_item")
def register_wordpress_import_menu_item() -> MenuItem:
    return wordpress_import.menu_item()
