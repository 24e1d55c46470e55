"""What the editor says after a workflow approval that did not publish (the publishing checks
held the article: blog.governance.workflow)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest
from wagtail.models import PageLogEntry

from blog.governance.workflow import LOG_ACTION


def warn_if_held(request: HttpRequest, page) -> None:
    """After an approval from the editor (Wagtail's after_edit_page hook): say at once that
    the article was held, when that is the last thing its history records."""
    if not request.POST.get("action-workflow-action"):
        return
    latest = PageLogEntry.objects.filter(page=page).order_by("-pk").first()
    if latest is not None and latest.action == LOG_ACTION and latest.user_id == request.user.pk:
        messages.warning(
            request,
            "Approved, but not published: " + " ".join(latest.data.get("reasons", [])),
        )
