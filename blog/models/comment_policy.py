"""The clinic's comment policy, edited in Settings > Comment policy."""

from __future__ import annotations

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

DEFAULT_URGENT_WORDS = "infection\nfever\nspreading redness\npus\nsevere swelling\nblistering"
DEFAULT_NOTICE = (
    "Comments are general discussion, not medical advice. If you are worried about your "
    "skin after a treatment, call the clinic."
)
DEFAULT_URGENT_GUIDANCE = (
    "If you have spreading redness, fever, severe pain or swelling, blistering, or changes in "
    "your vision after a treatment, call the clinic now, or your emergency number out of "
    "hours. Do not wait for a reply here."
)


def word_list(text: str) -> list[str]:
    return [line.strip().lower() for line in text.splitlines() if line.strip()]


@register_setting(icon="comment")
class CommentPolicy(BaseGenericSetting):
    class Moderation(models.TextChoices):
        HOLD_ALL = "hold_all", "Hold every comment for moderation"
        TRUSTED = (
            "trusted",
            "Publish at once for readers with an approved comment and a verified email",
        )

    moderation_mode = models.CharField(
        max_length=10, choices=Moderation.choices, default=Moderation.HOLD_ALL
    )
    auto_close_days = models.PositiveIntegerField(
        default=0, help_text="Close comments this many days after publication. 0: never."
    )
    max_depth = models.PositiveSmallIntegerField(
        default=3,
        help_text="How deep replies may nest. A reply to a comment at the deepest level is "
        "attached to that comment's parent instead.",
    )
    link_threshold = models.PositiveSmallIntegerField(
        default=2, help_text="Hold comments with more links than this for moderation."
    )
    hold_words = models.TextField(blank=True, help_text="One per line: hold for moderation.")
    block_words = models.TextField(blank=True, help_text="One per line: mark as spam.")
    report_threshold = models.PositiveSmallIntegerField(
        default=3, help_text="Readers' reports that send an approved comment back to moderation."
    )
    moderator_emails = models.TextField(
        blank=True, help_text="One per line: who is told about new and urgent comments."
    )
    urgent_words = models.TextField(
        default=DEFAULT_URGENT_WORDS,
        help_text="One per line: words that mark a comment urgent and alert staff at once.",
    )
    medical_notice = models.TextField(default=DEFAULT_NOTICE, max_length=500)
    urgent_guidance = models.TextField(
        default=DEFAULT_URGENT_GUIDANCE,
        max_length=500,
        help_text="Shown beside the comment form: what a reader with urgent symptoms should do.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("moderation_mode"), FieldPanel("auto_close_days"), FieldPanel("max_depth")],
            "Moderation",
        ),
        MultiFieldPanel(
            [
                FieldPanel("link_threshold"),
                FieldPanel("hold_words"),
                FieldPanel("block_words"),
                FieldPanel("report_threshold"),
            ],
            "Spam and reports",
        ),
        MultiFieldPanel([FieldPanel("moderator_emails"), FieldPanel("urgent_words")], "Alerts"),
        FieldPanel("medical_notice"),
        FieldPanel("urgent_guidance"),
    ]

    class Meta:
        verbose_name = "comment policy"
