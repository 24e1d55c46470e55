"""Compliance exceptions: who may publish an article despite blocking findings, and the record
(ComplianceException, and a line in the page's history) of each time someone did.

The admin asks for the reason (blog.admin.compliance); the workflow and the report use the
same rules (blog.governance.workflow, blog.admin.compliance_report).
"""

from __future__ import annotations

from wagtail.log_actions import LogFormatter, log

from blog.governance.compliance import Finding, blocking, check_page
from blog.models import ArticlePage, ComplianceException

APPROVE_PERMISSION = "blog.approve_compliance_exceptions"
LOG_ACTION = "blog.compliance_exception"
SHOWN_IN_ERROR = 3


def can_approve(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(APPROVE_PERMISSION))


def summary(findings: list[Finding]) -> str:
    quoted = "; ".join(f"“{f.match}” in {f.field} ({f.rule})" for f in findings[:SHOWN_IN_ERROR])
    more = len(findings) - SHOWN_IN_ERROR
    return quoted + (f"; and {more} more" if more > 0 else "")


def record_exception(*, page, user, reason: str) -> ComplianceException | None:
    """After a publish that an approver sent with a reason: record it and write it to the
    page's history (Wagtail's audit log). Nothing is recorded when the article did not go out
    or had no blocking finding after all."""
    reason = reason.strip()
    if not (reason and can_approve(user)):
        return None
    if not isinstance(page.specific_deferred, ArticlePage):
        return None
    article = ArticlePage.objects.get(pk=page.pk)  # as the publish left it
    revision = article.get_latest_revision()
    # Published, or scheduled to be: an approver without publishing rights only saved a
    # draft, and a form sent twice records its exception once.
    went_out = revision is not None and (
        revision.pk == article.live_revision_id or revision.approved_go_live_at is not None
    )
    if not went_out or ComplianceException.objects.filter(revision=revision).exists():
        return None
    # The latest revision, not the page row: a scheduled publish leaves the live row as it
    # was until the go-live time.
    findings = blocking(check_page(revision.as_object()))
    if not findings:
        return None
    exception = ComplianceException.objects.create(
        page=article,
        page_title=article.title,
        revision=revision,
        user=user,
        reason=reason,
        findings=[finding.as_json() for finding in findings],
    )
    log(
        instance=article,
        action=LOG_ACTION,
        user=user,
        revision=revision,
        data={"reason": reason, "findings": exception.findings, "exception_id": exception.pk},
    )
    return exception


class ComplianceExceptionFormatter(LogFormatter):
    label = "Publish despite blocking compliance findings"

    def format_message(self, log_entry) -> str:
        count = len(log_entry.data.get("findings", []))
        return f"Published despite {count} blocking compliance finding{'s' * (count != 1)}"

    def format_comment(self, log_entry) -> str:
        return log_entry.data.get("reason", "")


def register_compliance_log_action(actions) -> None:
    actions.register_action(LOG_ACTION)(ComplianceExceptionFormatter)
