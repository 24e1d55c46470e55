"""Patient photos: a lasting mark on an image, and the one rule for publishing what shows it.

An image becomes a patient's photo the first time it is chosen in a before/after block
(saved in a draft or published, from the editor, a shell or an import), and stays one when
the pair is removed: only staff with the "Can delete patient photo" permission take the mark
off (Clinic > Patient photos), and both are written to the image's history.

A marked photo may be shown only inside a before/after block, which names the patient's
consent and is shown per channel only while that consent is valid (blog.governance.consent).
Publishing an article that shows a marked photo anywhere else (hero, social image, an image
block, its author's photo, a treatment's image), or a pair without consent for the website,
is refused in ArticlePage.publish, where every publish path meets: the editor, a workflow's
approval, bulk publish, scheduled go-live, `revision.publish()` from a shell or an import.
The editor and the other paths check first (`publish_problems`) so staff see why; saving a
draft is never refused.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import ReferenceIndex

from blog.models.consent import ConsentRecord

MARK_ACTION = "blog.patient_photo_marked"
UNMARK_ACTION = "blog.patient_photo_unmarked"
REFUSED_ACTION = "blog.publish_refused"

PAIR_PATHS = {"before_after.before", "before_after.after"}


class PublishRefused(Exception):
    """Publishing was refused: the reasons are in `problems`."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


class PatientPhoto(models.Model):
    image = models.OneToOneField(
        "wagtailimages.Image",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="patient_photo",
    )
    marked_at = models.DateTimeField(auto_now_add=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who first chose it in a before and after block (empty: a script).",
    )

    class Meta:
        verbose_name = "patient photo"
        ordering = ["-marked_at"]

    def __str__(self) -> str:
        try:
            return self.image.title
        except ObjectDoesNotExist:  # deleted: its key, the image's, is cleared
            return "The patient photo"

    def shown_outside_pairs(self) -> str:
        """Where saved content still shows it outside a before/after pair (Wagtail's
        reference index: published pages, authors, treatments): what staff should change,
        for content published before the photo was marked."""
        references = ReferenceIndex.get_references_to(self.image).exclude(
            model_path__in=[f"body.{path}" for path in PAIR_PATHS]
        )
        names = []
        for source, _ in references.group_by_source_object():
            live = " (live)" if getattr(source, "live", False) else ""
            names.append(f"{source}{live}")
        return ", ".join(sorted(names)) or "Nowhere"

    shown_outside_pairs.short_description = "Shown outside a pair by"


def pair_photo_ids(body) -> set[int]:
    """The image ids chosen in the before/after blocks of `body` (a StreamValue)."""
    ids: set[int] = set()
    for block in body.raw_data if body is not None else []:
        if block.get("type") == "before_after" and isinstance(block.get("value"), dict):
            ids.update(
                int(v) for v in (block["value"].get("before"), block["value"].get("after")) if v
            )
    return ids


def mark(image_ids: Iterable[int], *, user=None) -> list[int]:
    """Mark the images as patient photos (those not marked yet); the ids newly marked, each
    written to its image's history."""
    wanted = set(image_ids)
    if not wanted:
        return []
    marked = set(PatientPhoto.objects.filter(image_id__in=wanted).values_list("pk", flat=True))
    images = get_image_model().objects.filter(pk__in=wanted - marked)
    new = []
    for image in images:
        _, created = PatientPhoto.objects.get_or_create(
            image=image, defaults={"marked_by": user if getattr(user, "pk", None) else None}
        )
        if created:
            log(instance=image, action=MARK_ACTION, user=user)
            new.append(image.pk)
    return new


def refuse_as_image(image_id: int | None, *, field: str) -> None:
    """For a record whose save is its publishing (an author, a treatment): a patient's
    photo is never its image."""
    if image_id and PatientPhoto.objects.filter(image_id=image_id).exists():
        raise ValidationError(
            {
                field: "This is a patient's before and after photo: it may only be shown "
                "in a before and after block, with their consent. Choose another image."
            }
        )


def _pk(value) -> int | None:
    return getattr(value, "pk", value)


def _shown_images(get, model) -> Iterator[tuple[int, str, str]]:
    """(image id, field, where) for every image that an article shows, except the photos of
    its before/after pairs; `get(name)` gives the value of one of its fields (of a revision's
    content, or of the editor's form)."""
    image_model = get_image_model()
    for field in model._meta.concrete_fields:
        is_image = field.many_to_one and field.related_model is image_model
        if is_image and (image_id := _pk(get(field.name))):
            yield image_id, field.name, f"The {field.verbose_name}"
    body = get("body")
    if body is not None:
        for ref_model, object_id, model_path, _ in model._meta.get_field("body").extract_references(
            body
        ):
            if ref_model is image_model and model_path not in PAIR_PATHS:
                yield int(object_id), "body", "An image in the body"
    author = get("author")
    if author is not None and author.photo_id:
        yield author.photo_id, "author", f"The photo of its author, {author.name}"
    treatments = get("treatments")
    treatments = treatments.all() if hasattr(treatments, "all") else treatments or []
    for treatment in treatments:
        if treatment.image_id:
            yield (
                treatment.image_id,
                "treatments",
                f"The image of the treatment {treatment.name}",
            )


def unconsented_pairs(body, *, today: datetime.date | None = None) -> list[str]:
    """Why each before/after pair in `body` may not be published: its consent does not
    cover the website today."""
    problems = []
    for block in body or []:
        if block.block_type != "before_after":
            continue
        consent: ConsentRecord | None = block.value.get("consent")
        if consent is None:
            problems.append("A before and after pair has no consent record.")
        elif not consent.valid_for("website", today=today):
            problems.append(
                f"The consent for the before and after pair ({consent.patient_reference}) is "
                f"{consent.status(today=today)}: it does not allow the website today."
            )
    return problems


def patient_photos_shown(get, model) -> dict[str, list[str]]:
    """Why an article may not be published because of a patient's photo shown outside a
    before/after pair, by the field that shows it (`get` and `model` as for _shown_images)."""
    shown = list(_shown_images(get, model))
    if not shown:
        return {}
    marked = dict(
        PatientPhoto.objects.filter(image_id__in={pk for pk, _, _ in shown}).values_list(
            "image_id", "image__title"
        )
    )
    problems: dict[str, list[str]] = {}
    for image_id, field, where in shown:
        if image_id in marked:
            problem = (
                f"{where} is a patient's before and after photo (“{marked[image_id]}”): a "
                "patient's photo may only be shown in a before and after block, with their "
                "consent. Choose another image."
            )
            if problem not in problems.setdefault(field, []):
                problems[field].append(problem)
    return problems


def publish_problems(article, *, today: datetime.date | None = None) -> list[str]:
    """Why `article` (the content about to be published) may not be published; empty when
    it may. Compliance findings are not here: an approver may publish despite them."""
    photos = patient_photos_shown(lambda name: getattr(article, name, None), type(article))
    return unconsented_pairs(getattr(article, "body", None), today=today) + [
        problem for problems in photos.values() for problem in problems
    ]


SCHEDULED_PUBLISH = "wagtail.publish.scheduled"


class GuardsPatientPhotos:
    """ArticlePage's part of the rule: a save marks the photos of its pairs, and publishing
    (every path calls Page.publish with the revision) is refused while `publish_problems`
    has any. A refused scheduled go-live is not retried each minute: its schedule is
    cleared and the refusal written to the article's history, and the other scheduled
    articles go out."""

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        # save_revision marks (with its user) before it saves the page's revision fields.
        if update_fields is None or "body" in update_fields:
            mark(pair_photo_ids(self.body))
        return result

    def save_revision(self, user=None, *args, **kwargs):
        mark(pair_photo_ids(self.body), user=user)
        return super().save_revision(user, *args, **kwargs)

    def publish(self, revision, user=None, changed=True, log_action=True, **kwargs):
        problems = publish_problems(revision.as_object())
        if not problems:
            return super().publish(
                revision, user=user, changed=changed, log_action=log_action, **kwargs
            )
        if log_action != SCHEDULED_PUBLISH:
            raise PublishRefused(problems)
        type(revision).objects.filter(pk=revision.pk).update(approved_go_live_at=None)
        log(
            instance=self,
            action=REFUSED_ACTION,
            revision=revision,
            data={"reasons": problems, "scheduled": True},
        )
        return None
