"""Approving the last task of a workflow publishes, so it passes the checks the editor's
Publish button does: no blocking compliance finding, and consent for the website for every
before/after pair. Wagtail calls WAGTAIL_FINISH_WORKFLOW_ACTION when a workflow is approved
(by default it publishes the latest revision); ours (blog.governance.finish_workflow) calls
`finish`, which publishes only a revision that passes, and otherwise holds it: the workflow
ends approved, the article stays as it was, the history says why, and the article's owner,
its last editor and the approver are mailed. There is no reason box in a workflow's
approval: an approver of compliance exceptions publishes a held article from its editor,
with a reason, as for any other.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django_tasks import task
from wagtail.log_actions import LogFormatter, log

from blog.governance.compliance import blocking, check_page
from blog.governance.consent import editors_of
from blog.governance.exceptions import summary
from blog.models import ArticlePage
from blog.models.patient_photos import publish_problems
from blog.paths import admin_url

LOG_ACTION = "blog.publish_held"


def held_because(article: ArticlePage) -> list[str]:
    """Why `article` (a revision's content) may not be published; empty when it may."""
    reasons = []
    if findings := blocking(check_page(article)):
        reasons.append(f"Blocking compliance findings: {summary(findings)}.")
    return reasons + publish_problems(article)


def finish(workflow_state, user=None) -> None:
    """Publish the latest revision, as Wagtail does, unless it is an article that may not
    be published (blog.governance.finish_workflow calls this)."""
    revision = workflow_state.content_object.get_latest_revision()
    content = revision.as_object()
    reasons = held_because(content) if isinstance(content, ArticlePage) else []
    if not reasons:
        revision.publish(user=user)
        return
    log(
        instance=content,
        action=LOG_ACTION,
        user=user,
        revision=revision,
        data={"reasons": reasons},
    )
    approver = user.pk if user is not None else None
    transaction.on_commit(
        lambda: tell_held_task.enqueue(content.pk, approver, reasons), robust=True
    )


def tell_held(article: ArticlePage, approver, reasons: list[str]) -> int:
    """Mail the owner, the last editor and the approver that the approved article was not
    published, and why; the number of mails."""
    emails = editors_of(article)
    if approver is not None and approver.is_active and approver.email:
        emails.add(approver.email)
    link = admin_url(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    for email in sorted(emails):
        send_mail(
            subject=f"Approved, not published: {article.title}",
            message=(
                f"The workflow for “{article.title}” was approved, but the article was not "
                "published, because:\n\n"
                + "\n".join(f"- {reason}" for reason in reasons)
                + f"\n\nChange it in the editor, then publish it: {link}\n"
                "An approver of compliance exceptions may publish it there with a reason.\n"
            ),
            from_email=None,
            recipient_list=[email],
        )
    return len(emails)


@task()
def tell_held_task(article_id: int, approver_id: int | None, reasons: list[str]) -> int:
    article = ArticlePage.objects.filter(pk=article_id).select_related("owner").first()
    if article is None:
        return 0
    approver = get_user_model().objects.filter(pk=approver_id).first() if approver_id else None
    return tell_held(article, approver, reasons)


class PublishHeldFormatter(LogFormatter):
    label = "Approved, not published"

    def format_message(self, log_entry) -> str:
        return "Approved in a workflow, not published: it did not pass the publishing checks"

    def format_comment(self, log_entry) -> str:
        return " ".join(log_entry.data.get("reasons", []))


def register_publish_held_log_action(actions) -> None:
    actions.register_action(LOG_ACTION)(PublishHeldFormatter)
