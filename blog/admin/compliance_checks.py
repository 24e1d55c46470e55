"""Compliance findings in Wagtail's own Checks side panel, beside its accessibility checks.

Wagtail's Checks panel runs axe-core over the editor's live preview, with the configuration
of the userbar's content checker. Two halves make a finding show there:

- the preview marks where a finding is: the title, intro, hero image or body block holding
  the text gets `data-compliance="compliance-<rule id> ..."` (`preview_marks`, used by the
  article template only while previewing, from the content being edited);
- the content checker gets one axe rule per active compliance rule, matching the elements
  marked with its id and failing on each (axe's own `has-alt` check, which only images and
  inputs can pass), with the rule's name, severity and explanation as the panel's message.

The panel's "Show" highlights the marked part of the preview. The exact wording of each
finding, quoted in context, stays in the Compliance check panel of the form.
"""

from __future__ import annotations

from collections import defaultdict

from django.http import HttpRequest
from wagtail.admin.userbar import ContentCheckerItem

from blog.governance.compliance import active_rules, check_page
from blog.models import ComplianceRule

PREFIX = "compliance-"
# Texts that show nowhere on the page (SEO fields) are marked on the title, as Wagtail's
# own check for an empty meta description is.
SHOWN_ON = {"seo": "title"}


def rule_id(rule_pk: int | None) -> str:
    return f"{PREFIX}{rule_pk}"


def preview_marks(page) -> dict:
    """Place ("title", "intro", "hero") → the rule ids found in it, and "body" → {block
    index → the rule ids found in that block}."""
    found: dict[str, set[str]] = defaultdict(set)
    for finding in check_page(page):
        if finding.place and finding.rule_id is not None:
            found[SHOWN_ON.get(finding.place, finding.place)].add(rule_id(finding.rule_id))
    marks: dict = {"body": {}}
    for place, ids in found.items():
        text = " ".join(sorted(ids))
        if place.startswith("body-"):
            marks["body"][int(place.removeprefix("body-"))] = text
        else:
            marks[place] = text
    return marks


def axe_rule(rule: ComplianceRule) -> dict:
    return {
        "id": rule_id(rule.pk),
        "impact": "serious" if rule.severity == ComplianceRule.Severity.BLOCK else "moderate",
        "selector": f'[data-compliance~="{rule_id(rule.pk)}"]',
        "tags": ["compliance"],
        # axe's own "has-alt" check, which no marked element (a heading, paragraph, block
        # or figure, never an img) passes: every mark is reported.
        "any": ["has-alt"],
        "enabled": True,
    }


def axe_message(rule: ComplianceRule) -> dict:
    blocks = rule.severity == ComplianceRule.Severity.BLOCK
    return {
        "error_name": f"Compliance: {rule.name}" + (" (blocks publishing)" if blocks else ""),
        "help_text": " ".join(part for part in (rule.explanation, rule.reference) if part),
    }


class ComplianceContentChecker(ContentCheckerItem):
    """Wagtail's content checker, plus a rule for each active compliance rule."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._rules: list[ComplianceRule] | None = None

    def rules(self) -> list[ComplianceRule]:
        if self._rules is None:
            self._rules = active_rules()
        return self._rules

    def get_axe_run_only(self, request: HttpRequest):
        run_only = super().get_axe_run_only(request)
        if not run_only:  # every rule runs, ours included
            return run_only
        return [*run_only, *(rule_id(rule.pk) for rule in self.rules())]

    def get_axe_custom_rules(self, request: HttpRequest) -> list[dict]:
        return [*super().get_axe_custom_rules(request), *map(axe_rule, self.rules())]

    def get_axe_messages(self, request: HttpRequest) -> dict:
        ours = {rule_id(rule.pk): axe_message(rule) for rule in self.rules()}
        return {**super().get_axe_messages(request), **ours}


def add_compliance_checks(request: HttpRequest, items: list, page=None) -> None:
    """construct_wagtail_userbar hook: the content checker (in the editor's Checks panel and
    the site's userbar) with the compliance rules, on article pages."""
    from blog.models import ArticlePage

    if page is not None and not isinstance(page.specific_deferred, ArticlePage):
        return
    for position, item in enumerate(items):
        if isinstance(item, ContentCheckerItem) and not isinstance(item, ComplianceContentChecker):
            items[position] = ComplianceContentChecker(in_editor=item.in_editor)
