"""What a translator writes and what each language keeps from its source (wagtail-localize),
for articles, treatments and authors, in one place (docs/languages.md).

Articles: a translator writes the words; the images, byline, dates, treatments and comment
switches are kept from the source (the hero and social images may be changed for a
language, the byline and treatments not). Neither kept nor copied: the medical review,
which each language's text needs of its own, and the tags, which are words of each
language. Treatments and authors: their words are translated; the slug (so a slug filter
finds the same treatment in every language) and the image are the source's. An author's
login belongs to the profile in the source language: a translation is the same person,
never a second claim on the login.
"""

from __future__ import annotations

from wagtail_localize.fields import SynchronizedField, TranslatableField

ARTICLE_FIELDS = [
    TranslatableField("title"),
    TranslatableField("slug"),
    TranslatableField("seo_title"),
    TranslatableField("search_description"),
    TranslatableField("intro"),
    TranslatableField("body"),
    SynchronizedField("hero_image"),
    SynchronizedField("social_image"),
    SynchronizedField("author", overridable=False),
    SynchronizedField("treatments", overridable=False),
    SynchronizedField("display_date", overridable=False),
    SynchronizedField("comments_open"),
    SynchronizedField("comments_close_date"),
]
ARTICLE_NOT_COPIED = [
    "reviewed_by",
    "last_reviewed",
    "review_interval_months",
    "next_review_due",
    "review_requested_on",
    "tagged_items",
]

TREATMENT_FIELDS = [
    TranslatableField("name"),
    TranslatableField("summary"),
    TranslatableField("typical_downtime"),
    TranslatableField("device"),
    SynchronizedField("slug"),
    SynchronizedField("image", overridable=False),
]

AUTHOR_FIELDS = [
    TranslatableField("name"),
    TranslatableField("role"),
    TranslatableField("credentials"),
    TranslatableField("bio"),
    SynchronizedField("slug"),
    SynchronizedField("photo", overridable=False),
]
AUTHOR_NOT_COPIED = ["user"]
