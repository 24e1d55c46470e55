"""Advertising-compliance rules (a snippet) and the exceptions recorded when an article is
published despite a blocking finding. The checker is blog.governance.compliance.

What a rule's pattern matches is defined here, beside the rule, so the rule's validation and
the checker share it. The third-party `regex` module is used instead of `re` because it can
abandon a search after a timeout: an editor-supplied pattern with catastrophic backtracking
must never hang a save or a publish."""

from __future__ import annotations

import regex
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from blog.models.search import language_choices

# Seconds one rule may spend on one field when articles are checked. A timed-out rule is
# reported as a finding, never an error.
CHECK_TIMEOUT = 0.1
# Seconds a new pattern may spend on the synthetic long article when the rule is saved.
VALIDATION_TIMEOUT = 0.25
MAX_PATTERN_LENGTH = 500


def rule_language(language_code: str) -> str:
    """The language a rule names for text in `language_code`: its generic form, so a French
    rule ("fr") applies to French written for Canada ("fr-ca") too."""
    return language_code.lower().split("-")[0]


def rule_language_choices() -> list[tuple[str, str]]:
    """The configured languages, as search names them ("en" for en-gb), after "every
    language"."""
    return [("", "Every language"), *language_choices()]


_PROSE = (
    "Our clinic offers anti-wrinkle injections, dermal fillers and skin boosters. "
    "Every treatment starts with a consultation; results vary from person to person, "
    "and side effects include bruising, swelling and (rarely) infection. 2024-05-01: 3 ml. "
)


def synthetic_article() -> str:
    """A long article's worth of text, with the long runs of one character (letters, digits,
    spaces, punctuation) that make nested quantifiers backtrack catastrophically."""
    runs = "".join(ch * 2000 + "!" for ch in ("a", "e", "1", " ", ".", "-", "\n"))
    return _PROSE * 300 + runs + _PROSE * 20


def compile_pattern(pattern: str, is_regex: bool) -> regex.Pattern:
    """A phrase matches case-insensitively as whole words ("painless" not in "painlessly"),
    with any run of whitespace between its words; a regular expression is used as written,
    also case-insensitively. Raises regex.error for a malformed expression."""
    if is_regex:
        return regex.compile(pattern, regex.IGNORECASE | regex.VERSION0)
    words = [regex.escape(word) for word in pattern.split()]
    # Lookarounds instead of \b, so phrases that start or end with punctuation ("100%")
    # still need a word boundary of their own kind.
    return regex.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", regex.IGNORECASE)


def pattern_problem(pattern: str, is_regex: bool) -> str | None:
    """Why this pattern cannot be a rule, or None. Used by the rule form, so a bad pattern is a
    form error rather than a failure at publish time."""
    if not pattern.strip():
        return "Enter a phrase or a regular expression."
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"Keep the pattern under {MAX_PATTERN_LENGTH} characters."
    try:
        compiled = compile_pattern(pattern, is_regex)
    except regex.error as error:
        return f"This is not a valid regular expression: {error}."
    except (OverflowError, RecursionError, ValueError) as error:
        return f"This regular expression cannot be used: {error}."
    # An expression that matches nothing at all ("a*", "x?") would flag every article.
    try:
        if compiled.fullmatch("", timeout=VALIDATION_TIMEOUT) is not None:
            return "This expression matches empty text, so it would flag every article."
        for _ in compiled.finditer(synthetic_article(), timeout=VALIDATION_TIMEOUT):
            pass
    except TimeoutError:
        return (
            "This regular expression takes too long on a long article (it backtracks "
            "heavily). Simplify it, for example by removing nested repeats like (a+)+."
        )
    return None


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
    language = models.CharField(
        max_length=8,
        blank=True,
        default="",
        choices=rule_language_choices,
        help_text="The language of the wording: the rule checks text in that language only "
        "(a French rule for “indolore” is not applied to English text). Empty: every "
        "language, for words that are the same in all of them (a brand, a drug's name).",
    )
    active = models.BooleanField(default=True)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("pattern"),
                FieldPanel("is_regex"),
                # One configured language: nothing about languages shows.
                *([FieldPanel("language")] if settings.WAGTAIL_I18N_ENABLED else []),
            ],
            "What to look for",
        ),
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

    def applies_to(self, language_code: str) -> bool:
        """Whether the rule checks text written in `language_code` (a locale's code)."""
        return not self.language or self.language == rule_language(language_code)

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
