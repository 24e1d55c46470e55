"""The compliance check in the admin: the rules snippet, the findings panel in the article
editor, the refusal to publish with a blocking finding, and the reason an approver gives
(recorded by blog.governance.exceptions).

Where publishing is guarded:
- the editor's Publish button (and scheduled publishing, which goes through it): the article
  form refuses it (publish_refusal) unless an approver gives a reason; after the publish, the
  exception is recorded (record_exception_from_request, from Wagtail's after_edit_page and
  after_create_page hooks);
- the page listing's bulk Publish: refused for articles with a blocking finding
  (refuse_bulk_publish); they are published one at a time from the editor, where an approver
  can record a reason;
- approving the last task of a workflow: blog.governance.workflow holds an article with a
  blocking finding instead of publishing it.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from wagtail.admin.panels import Panel
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.snippets.views.snippets import SnippetViewSet

from blog.governance.compliance import (
    blocking,
    check_page,
    check_texts,
    language_of,
    texts_of_form,
)
from blog.governance.exceptions import can_approve, record_exception, summary
from blog.models import ArticlePage, ComplianceRule
from blog.models.patient_photos import publish_problems

REASON_FIELD = "compliance_exception_reason"


def reason_field() -> forms.CharField:
    return forms.CharField(
        label="Reason for publishing despite the blocking findings",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only for approvers of compliance exceptions. Recorded in the history and "
        "in Reports > Compliance exceptions.",
    )


def will_publish(form) -> bool:
    """Whether the article form was sent to publish: Wagtail treats "Publish" from someone
    who may not publish as a plain save, which no publishing check refuses."""
    if not form.data.get("action-publish"):
        return False
    user = form.for_user
    if form.instance.pk:
        return form.instance.permissions_for_user(user).can_publish()
    parent = form.parent_page
    return parent is not None and parent.permissions_for_user(user).can_publish_subpage()


def publish_refusal(form) -> None:
    """Called from the article form's clean(): refuse "Publish" while the submitted content
    has a blocking finding, unless an approver gave a reason. Saving a draft is never refused:
    the findings panel shows what to change."""
    if not will_publish(form):
        return
    texts = texts_of_form(form.cleaned_data, form.instance)
    findings = blocking(check_texts(texts, language_code=language_of(form.instance)))
    if not findings:
        return
    reason = (form.cleaned_data.get(REASON_FIELD) or "").strip()
    if can_approve(form.for_user):
        if not reason:
            form.add_error(
                REASON_FIELD,
                f"This article has blocking compliance findings: {summary(findings)}. "
                "Change the wording, or give your reason for publishing it anyway.",
            )
        return
    form.add_error(
        None,
        f"This article cannot be published: it has blocking compliance findings "
        f"({summary(findings)}). Change the wording (see “Compliance check” at the top of "
        "the Content tab), or ask someone who approves compliance exceptions to publish it.",
    )


def record_exception_from_request(request: HttpRequest, page) -> None:
    """Wagtail's after_edit_page / after_create_page hook: a publish sent with a reason by an
    approver is recorded as a compliance exception."""
    if request.POST.get("action-publish"):
        reason = request.POST.get(REASON_FIELD) or ""
        record_exception(page=page, user=request.user, reason=reason)


def refuse_bulk_publish(request: HttpRequest, action_type: str, objects) -> HttpResponse | None:
    if action_type != "publish":
        return None
    pages = list(objects)
    if request.POST.get("include_descendants"):
        # Wagtail then publishes every unpublished page below the chosen ones too.
        for page in list(pages):
            pages += list(page.get_descendants().not_live().type(ArticlePage))
    refused, held = [], []
    for page in pages:
        article = page.specific_deferred
        if isinstance(article, ArticlePage):
            draft = article.specific.get_latest_revision_as_object()
            if publish_problems(draft):
                held.append(article.title)
            elif blocking(check_page(draft)):
                refused.append(article.title)
    if not refused and not held:
        return None
    reasons = (
        (
            held,
            " shows a patient's photo without the consent to publish it. Its editor says "
            "what to change.",
        ),
        (
            refused,
            " has blocking compliance findings. Publish each article from its editor, "
            "where the findings are shown and an approver can record a reason.",
        ),
    )
    for titles, reason in reasons:
        if titles:
            quoted = ", ".join(f"“{title}”" for title in titles)
            messages.error(request, f"Nothing was published: {quoted}{reason}")
    return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_explore_root")


class CompliancePanel(Panel):
    """Findings at the top of the article editor, from the content the editor is looking at
    (the saved draft; after a refused publish, what was submitted)."""

    def get_form_options(self) -> dict:
        # Claim the form's reason field, which this panel renders (to approvers only);
        # Wagtail renders unclaimed fields bare at the end of the form.
        return {"fields": [REASON_FIELD]}

    class BoundPanel(Panel.BoundPanel):
        template_name = "blog/governance/compliance_panel.html"

        def __init__(self, **kwargs) -> None:
            super().__init__(**kwargs)
            self.findings = check_page(self.instance) if self.instance is not None else []
            self.reason = self.form[REASON_FIELD] if REASON_FIELD in self.form.fields else None

        @property
        def reason_errors(self) -> bool:
            return bool(self.reason is not None and self.reason.errors)

        def is_shown(self) -> bool:
            return bool(self.findings) or self.reason_errors

        def get_context_data(self, parent_context=None) -> dict:
            context = super().get_context_data(parent_context)
            blocks = blocking(self.findings)
            approver = can_approve(self.request.user if self.request else None)
            context.update(
                findings=self.findings,
                blocking_count=len(blocks),
                warning_count=len(self.findings) - len(blocks),
                reason=self.reason if approver and (blocks or self.reason_errors) else None,
                approver=approver,
            )
            return context


class ComplianceRuleViewSet(SnippetViewSet):
    model = ComplianceRule
    icon = "warning"
    menu_label = "Compliance rules"
    # One configured language: nothing about languages shows.
    _language = ["language"] if settings.WAGTAIL_I18N_ENABLED else []
    list_display = ["name", "pattern", *_language, "severity", "reference", "active"]
    list_filter = ["severity", *_language, "active"]
    list_export = [
        "name",
        "pattern",
        "is_regex",
        *_language,
        "severity",
        "explanation",
        "reference",
        "active",
    ]
    copy_view_enabled = True
