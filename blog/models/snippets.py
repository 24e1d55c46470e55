"""Reusable records that articles point to: the treatments a clinic offers and its authors."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Locale, Orderable, TranslatableMixin
from wagtail.search import index

from blog.models import translation_fields
from blog.models.patient_photos import refuse_as_image


class SnippetQuerySet(models.QuerySet):
    def in_default_language(self) -> SnippetQuerySet:
        """The default language's rows: what articles link to (their treatments and byline
        are always the source's) and what reads serve until they are per language."""
        return self.filter(locale__language_code=settings.LANGUAGE_CODE)


class SluggedSnippet(TranslatableMixin, index.Indexed, Orderable):
    """A snippet with a name and a URL slug that defaults to the slugified name, translated
    per language (wagtail-localize): each language's copy shares the source's translation
    key, and its slug is unique within its language."""

    unique_in_language: tuple[str, ...] = ("slug",)

    objects = SnippetQuerySet.as_manager()

    name = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=120,
        blank=True,
        help_text="Used in web addresses and API filters. Leave empty to derive it from the name.",
    )

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        abstract = True
        ordering = ["sort_order", "name"]
        # A name and a slug are unique within a language: the French translation of
        # "microneedling" may keep its slug, or take its own.
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="%(class)s_slug_locale"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if not self.slug:
            self.slug = slugify(self.name)
        if not self.slug:
            raise ValidationError({"slug": "Enter a slug: the name has no letters to derive one."})
        # The locale is not a form field, so Django's constraint checks skip these: checked
        # here, they are a message on the field and never an IntegrityError.
        locale_id = self.locale_id or Locale.get_default().pk
        others = type(self).objects.filter(locale_id=locale_id).exclude(pk=self.pk)
        for field in self.unique_in_language:
            if others.filter(**{field: getattr(self, field)}).exists():
                raise ValidationError(
                    {field: f"Another {self._meta.verbose_name} in this language has this {field}."}
                )


class Treatment(SluggedSnippet):
    summary = models.TextField(
        max_length=500, blank=True, help_text="One or two sentences a patient would understand."
    )
    typical_downtime = models.CharField(
        max_length=120,
        blank=True,
        help_text="How long before most people are back to normal, e.g. '24 to 48 hours'.",
    )
    device = models.CharField(
        max_length=120,
        blank=True,
        help_text="The device or product used, e.g. 'automated microneedling pen'.",
    )
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("typical_downtime"), FieldPanel("device")], "Details"),
        FieldPanel("image"),
    ]
    # What a translator writes, and what every language keeps from the source.
    translatable_fields = translation_fields.TREATMENT_FIELDS
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("summary"),
        index.SearchField("device"),
        index.AutocompleteField("device"),
    ]

    unique_in_language = ("slug", "name")

    class Meta(SluggedSnippet.Meta):
        verbose_name = "treatment"
        constraints = [
            *SluggedSnippet.Meta.constraints,
            models.UniqueConstraint(fields=["name", "locale"], name="treatment_name_locale"),
        ]

    def clean(self) -> None:
        super().clean()
        refuse_as_image(self.image_id, field="image")


class Author(SluggedSnippet):
    name = models.CharField(max_length=120)
    role = models.CharField(
        max_length=120, help_text="Shown beside the name, e.g. 'Skin therapist'."
    )
    credentials = models.CharField(
        max_length=200,
        blank=True,
        help_text="Qualifications readers can trust, e.g. 'Registered nurse, MSc Dermatology'.",
    )
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bio = models.TextField(max_length=1500, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="This person's admin login: their replies to reader comments appear under "
        "this profile.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        MultiFieldPanel([FieldPanel("role"), FieldPanel("credentials")], "Role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("user"),
    ]
    translatable_fields = translation_fields.AUTHOR_FIELDS
    exclude_fields_in_copy = translation_fields.AUTHOR_NOT_COPIED
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("role"),
        index.AutocompleteField("role"),
        index.SearchField("credentials"),
        index.AutocompleteField("credentials"),
    ]

    def clean(self) -> None:
        super().clean()
        refuse_as_image(self.photo_id, field="photo")

    class Meta(SluggedSnippet.Meta):
        verbose_name = "author"
        permissions = [
            (
                "clinical_reviewer",
                "Clinical reviewer: can sign off the medical review of articles",
            )
        ]
