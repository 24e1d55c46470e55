"""Reports > Compliance exceptions: every publish that went ahead despite a blocking
compliance finding, newest first, with who approved it and why (CSV and XLSX exports)."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports.base import ReportView

from blog.governance.exceptions import can_approve
from blog.models import ComplianceException


def can_see_report(user) -> bool:
    """Approvers, and those who maintain the rules."""
    return bool(user and user.is_authenticated) and (
        can_approve(user) or user.has_perm("blog.change_compliancerule")
    )


class ComplianceExceptionFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(label="Date", widget=DateRangePickerWidget)
    user = django_filters.ModelChoiceFilter(
        label="Approved by",
        queryset=lambda request: get_user_model().objects.filter(
            pk__in=ComplianceException.objects.values("user")
        ),
    )

    class Meta:
        model = ComplianceException
        fields = ["created_at", "user"]


class ComplianceExceptionsView(ReportView):
    page_title = "Compliance exceptions"
    header_icon = "warning"
    results_template_name = "blog/governance/compliance_exceptions_results.html"
    filterset_class = ComplianceExceptionFilterSet
    index_url_name = "blog_compliance_exceptions"
    index_results_url_name = "blog_compliance_exceptions_results"
    model = ComplianceException
    permission_required = "view_report"
    list_export = ["created_at", "page_title", "approver", "reason", "findings_summary"]
    export_headings = {
        "created_at": "When",
        "page_title": "Article",
        "approver": "Approved by",
        "reason": "Reason",
        "findings_summary": "Findings",
    }

    def user_has_permission(self, permission: str) -> bool:
        return can_see_report(self.request.user)

    def get_queryset(self):
        return ComplianceException.objects.select_related("user", "page").order_by(
            "-created_at", "-pk"
        )


class ComplianceExceptionsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_see_report(request.user)
