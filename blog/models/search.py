"""Search as readers type it: the words of the public articles (the vocabulary that typo
correction and suggestions draw on), where each stem occurs and how much it weighs there, and
the synonyms staff manage (blog.search).

Only what a public article (a StoredArticle row) says is indexed, so no word of a draft or a
restricted article can show up in a suggestion or a correction; the postings go with the row.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from blog.models.stored import StoredArticle


def language_choices() -> list[tuple[str, str]]:
    """The languages search reads (the generic form of each content language: "en" for
    en-gb), as synonyms and the vocabulary name them."""
    found: dict[str, str] = {}
    for code, name in settings.LANGUAGES:
        found.setdefault(code.split("-")[0], name)
    return list(found.items())


class SearchTerm(models.Model):
    """A folded word of the public articles and in how many of them it occurs."""

    language = models.CharField(max_length=8, default="en")
    word = models.CharField(max_length=40)
    stem = models.CharField(max_length=40)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "word"], name="search_term_word"),
        ]
        indexes = [models.Index(fields=["language", "stem"], name="search_term_stem")]

    def __str__(self) -> str:
        return self.word


class SearchDocument(models.Model):
    """The words an article was last indexed with, to count them out when it changes."""

    article = models.OneToOneField(
        StoredArticle, primary_key=True, on_delete=models.CASCADE, related_name="search"
    )
    language = models.CharField(max_length=8, default="en")
    words = models.TextField(default="")  # distinct folded words, space-separated
    # The introduction and body as plain text, for the excerpt a result quotes.
    text = models.TextField(default="")

    def __str__(self) -> str:
        return f"search words of article {self.article_id}"


class SearchPosting(models.Model):
    """A stem in an article, weighted by where it occurs (title above a passing mention)."""

    article = models.ForeignKey(
        StoredArticle, on_delete=models.CASCADE, related_name="postings", db_index=False
    )
    stem = models.CharField(max_length=40)
    weight = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stem", "article"], name="search_posting_stem"),
        ]
        indexes = [
            models.Index(fields=["article"], name="search_posting_article"),
            # Ranking reads a stem's articles with their weights from this index alone.
            models.Index(fields=["stem", "article", "weight"], name="search_posting_ranking"),
        ]

    def __str__(self) -> str:
        return f"{self.stem} in article {self.article_id} ({self.weight})"


class SynonymGroup(index.Indexed, models.Model):
    """Words readers use for what the clinic writes: lay and brand names, spellings."""

    language = models.CharField(max_length=8, choices=language_choices, default="en")
    terms = models.CharField(
        max_length=500,
        help_text=(
            "Words or phrases readers search for, separated by commas, e.g. "
            "“dermaroller, derma roller, skin needling”."
        ),
    )
    leads_to = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "What the clinic writes, e.g. “microneedling”: a search for any of the words "
            "above finds it (one way). Leave empty to make all the words above mean the same "
            "(two ways)."
        ),
    )

    panels = [FieldPanel("terms"), FieldPanel("leads_to"), FieldPanel("language")]
    search_fields = [index.SearchField("terms"), index.SearchField("leads_to")]

    class Meta:
        verbose_name = "synonyms"
        verbose_name_plural = "synonyms"
        ordering = ["terms"]

    def __str__(self) -> str:
        return f"{self.terms} → {self.leads_to}" if self.leads_to else self.terms

    def term_list(self) -> list[str]:
        return [term.strip() for term in self.terms.split(",") if term.strip()]

    def clean(self) -> None:
        if not self.term_list():
            raise ValidationError({"terms": "Give at least one word or phrase."})
        if not self.leads_to and len(self.term_list()) < 2:
            raise ValidationError(
                {"terms": "Give two or more words that mean the same, or what they lead to."}
            )


class SearchQueryDay(models.Model):
    """How often readers searched for words that found nothing, or that only a correction
    answered, per day: which article to write or which synonym to add. Only the folded
    words are kept: no address, cookie, user or time of day."""

    class Outcome(models.TextChoices):
        NOTHING = "nothing", "Found nothing"
        CORRECTED = "corrected", "Found only after a correction"

    day = models.DateField()
    language = models.CharField(max_length=8, default="en")
    query = models.CharField(max_length=200)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    searches = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "language", "query", "outcome"], name="search_query_day"
            )
        ]
        indexes = [models.Index(fields=["day"], name="search_query_day_day")]

    def __str__(self) -> str:
        return f"{self.query} ({self.get_outcome_display()}, {self.day})"
