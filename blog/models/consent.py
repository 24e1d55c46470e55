"""A patient's recorded consent to show their before/after photos.

A before/after block in an article names the consent it rests on; the pair is shown only
while that consent is valid for the channel (blog.site for the website, the API for the
app), and a consent that ends (withdrawn, expired, a channel taken away) takes the photos off
every article that shows them (blog.governance.consent).
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index


class Channel(models.TextChoices):
    WEBSITE = "website", "Website"
    APP = "app", "Mobile app"
    SOCIAL = "social", "Social media"


# A reference is the clinic's record number, never a name: it must hold a digit.
REFERENCE_PATTERN = re.compile(r"^[\w./-]*\d[\w./-]*$", re.ASCII)


class ConsentRecord(index.Indexed, models.Model):
    patient_reference = models.CharField(
        max_length=40,
        help_text="The patient's record number in your clinic's system, e.g. 'PT-00421'. "
        "Never a name: this record is seen by every editor.",
    )
    consented_on = models.DateField(help_text="The date on the signed consent form.")
    website = models.BooleanField("Website", default=False)
    app = models.BooleanField("Mobile app", default=False)
    social = models.BooleanField("Social media", default=False)
    expires_on = models.DateField(
        null=True,
        blank=True,
        help_text="The last day the photos may be shown. Empty: until consent is withdrawn.",
    )
    withdrawn_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the patient withdrew consent. Setting it takes the photos off every "
        "article at once.",
    )
    notes = models.TextField(
        blank=True, help_text="For staff only: never shown on the website or in the API."
    )
    # When the end of this consent (withdrawn, expired, a channel taken away) was carried
    # out: renditions deleted, editors told, the audit log written. Empty while valid.
    end_handled_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Files of the photos that an ending has still to delete from storage, as
    # [["original" or "rendition", name], ...]; empty (null) once they are gone.
    files_to_delete = models.JSONField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("patient_reference"),
        FieldPanel("consented_on"),
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("app"), FieldPanel("social")],
            heading="Where the photos may be shown",
        ),
        FieldPanel("expires_on"),
        FieldPanel("withdrawn_at"),
        FieldPanel("notes"),
    ]
    search_fields = [
        index.SearchField("patient_reference"),
        index.AutocompleteField("patient_reference"),
    ]

    class Meta:
        verbose_name = "consent record"
        ordering = ["-consented_on", "-pk"]

    def __str__(self) -> str:
        return f"Consent {self.patient_reference} ({self.status()})"

    def clean(self) -> None:
        super().clean()
        errors = {}
        reference = (self.patient_reference or "").strip()
        if reference and not REFERENCE_PATTERN.match(reference):
            errors["patient_reference"] = (
                "Use the patient's record number (letters, digits, '-', '/', '.', with at "
                "least one digit), never their name."
            )
        self.patient_reference = reference
        if self.expires_on and self.consented_on and self.expires_on < self.consented_on:
            errors["expires_on"] = "Consent cannot expire before the date it was given."
        if self.consented_on and self.consented_on > timezone.localdate():
            errors["consented_on"] = "The consent date cannot be in the future."
        if self.withdrawn_at is not None:
            # Compared as the day it names: an aware datetime at the calendar's edge (year 1
            # in a zone east of UTC) cannot be converted to UTC at all.
            withdrawn_on = self.withdrawn_at.date()
            if self.consented_on and withdrawn_on < self.consented_on:
                errors["withdrawn_at"] = "Consent cannot be withdrawn before it was given."
            elif withdrawn_on > timezone.localdate():
                errors["withdrawn_at"] = (
                    "Enter when the patient withdrew consent: it cannot be in the future."
                )
        if not (self.website or self.app or self.social):
            errors["website"] = "Choose at least one place the photos may be shown."
        if errors:
            raise ValidationError(errors)

    @property
    def channels(self) -> list[str]:
        return [channel.value for channel in Channel if getattr(self, channel.value)]

    def valid_for(self, channel: str, *, today: datetime.date | None = None) -> bool:
        """Whether the photos may be shown on `channel` today."""
        today = today or timezone.localdate()
        return (
            self.withdrawn_at is None
            and getattr(self, channel, False)
            and self.consented_on <= today
            and (self.expires_on is None or today <= self.expires_on)
        )

    def ended(self, *, today: datetime.date | None = None) -> bool:
        """Withdrawn or expired: valid nowhere any more."""
        today = today or timezone.localdate()
        return self.withdrawn_at is not None or (
            self.expires_on is not None and self.expires_on < today
        )

    def status(self, *, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        if self.withdrawn_at is not None:
            return "withdrawn"
        if self.expires_on is not None and self.expires_on < today:
            return "expired"
        return "valid for " + ", ".join(self.channels) if self.channels else "no channel"
