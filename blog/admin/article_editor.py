"""The article editor's tabs. Assembled here, from the panels the model declares plus the
admin's own Comments panel, so that the model layer imports no admin UI (BlogConfig.ready
attaches it before any editor opens)."""

from __future__ import annotations

from wagtail.admin.panels import ObjectList, TabbedInterface
from wagtail.models import Page

from blog.admin.article_form import ArticlePageForm
from blog.admin.article_panel import ArticleCommentsPanel
from blog.admin.compliance import CompliancePanel
from blog.admin.consent_panel import PhotoConsentPanel
from blog.admin.publish_checks import PublishingChecklistPanel


def attach_article_editor() -> None:
    from blog.models import ArticlePage

    ArticlePage.edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    PublishingChecklistPanel(heading="Before you publish"),
                    CompliancePanel(heading="Compliance check"),
                    PhotoConsentPanel(heading="Before and after photos"),
                    *ArticlePage.content_panels,
                ],
                heading="Content",
            ),
            ObjectList(ArticlePage.taxonomy_panels, heading="Treatments & tags"),
            ObjectList(ArticlePage.seo_panels, heading="SEO & review"),
            ObjectList(
                [*ArticlePage.comment_panels, ArticleCommentsPanel(heading="Latest comments")],
                heading="Comments",
            ),
            ObjectList(Page.settings_panels, heading="Settings"),
        ],
        base_form_class=ArticlePageForm,
    )
