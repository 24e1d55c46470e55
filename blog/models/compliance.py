"""Advertising-compliance rules (a snippet) and the exceptions recorded when an article is
published despite a blocking finding. The checker is blog.governance.compliance."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from blog.governance.compliance_patterns import MAX_PATTERN_LENGTH, pattern_problem


class ComplianceRule(index.Indexed, models.Model):
    class Severity(models.TextChoices):
        WARN = "warn", "Warn: shown to the editor"
        BLOCK = "block", "Block: refuses publishing unless an exception is approved"

    name = models.CharField(max_length=120)
    pattern = models.CharField(
        max_length=MAX_PATTERN_LENGTH,
        help_text="A phrase, matched as whole words whatever the case, or a regular expression.",
    )
    is_regex = models.BooleanField(
        "regular expression",
        default=False,
        help_text="Treat the pattern as a regular expression (also case-insensitive).",
    )
    severity = models.CharField(max_length=5, choices=Severity.choices, default=Severity.WARN)
    explanation = models.TextField(help_text="Why this wording is a problem, shown to editors.")
    reference = models.CharField(
        max_length=255, blank=True, help_text="Where the rule comes from, e.g. 'CAP Code 12.12'."
    )
    active = models.BooleanField(default=True)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel([FieldPanel("pattern"), FieldPanel("is_regex")], "What to look for"),
        FieldPanel("severity"),
        FieldPanel("explanation"),
        FieldPanel("reference"),
        FieldPanel("active"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("pattern"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "compliance rule"
        permissions = [("approve_compliance_exceptions", "Can approve compliance exceptions")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        # A malformed or runaway pattern is refused here, as a form error on the pattern
        # field, so the checker never meets one at publish time.
        if self.pattern and (problem := pattern_problem(self.pattern, self.is_regex)):
            raise ValidationError({"pattern": problem})


class ComplianceException(models.Model):
    """One publish that went ahead despite blocking findings, with the approver's reason. The
    same facts are written to Wagtail's audit log; this table feeds Reports > Compliance
    exceptions and survives the article's deletion (page becomes empty, title stays)."""

    page = models.ForeignKey(
        "blog.ArticlePage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="compliance_exceptions",
    )
    page_title = models.CharField(max_length=255)
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField()
    findings = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "compliance exception"

    def __str__(self) -> str:
        return f"{self.page_title} ({self.created_at:%Y-%m-%d})"

    @property
    def approver(self) -> str:
        if self.user is None:
            return "(deleted user)"
        return self.user.get_full_name() or self.user.get_username()

    @property
    def findings_summary(self) -> str:
        return "; ".join(
            f"{finding.get('rule', '')}: “{finding.get('match', '')}” in {finding.get('field', '')}"
            for finding in self.findings
            if isinstance(finding, dict)
        )
