"""WAGTAIL_FINISH_WORKFLOW_ACTION: what Wagtail does when a workflow is approved.

Wagtail imports this setting while its own models load, before this project's can be
imported, so the work (blog.governance.workflow) is imported when a workflow finishes.
"""

from __future__ import annotations


def publish_if_cleared(workflow_state, user=None) -> None:
    from blog.governance.workflow import finish

    finish(workflow_state, user=user)
