"""Patient photos in the admin: the list of marked images (Clinic > Patient photos), where
staff with the "Can delete patient photo" permission take a mark off, the chooser that
before/after pairs use, and every other image chooser leaving marked photos out.

The mark and the publishing rule are in blog.models.patient_photos; marking and unmarking
are written to the image's history (and the admin's own log of the mark).
"""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.images import get_image_model
from wagtail.images.views.chooser import ImageChooserViewSet
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import SnippetViewSet

from blog.models.patient_photos import MARK_ACTION, REFUSED_ACTION, UNMARK_ACTION, PatientPhoto

PAIR_CHOOSER = "patient_photo_chooser"

LOG_LABELS = {
    MARK_ACTION: "Marked as a patient's photo",
    UNMARK_ACTION: "No longer marked as a patient's photo",
    REFUSED_ACTION: "Publishing refused: a patient's photo without consent",
}


def pair_chooser_viewset() -> ImageChooserViewSet:
    """Wagtail's image chooser under its own name, for before/after pairs only
    (blog.blocks.PatientPhotoChooser opens it)."""
    return ImageChooserViewSet(
        PAIR_CHOOSER, model=get_image_model(), url_prefix="images/patient-photo-chooser"
    )


def leave_out_patient_photos(images: QuerySet, request: HttpRequest) -> QuerySet:
    """construct_image_chooser_queryset: a hero, social image, image block, author photo or
    treatment image is never chosen from patients' photos; a pair's chooser offers them."""
    match = getattr(request, "resolver_match", None)
    if match is not None and PAIR_CHOOSER in match.namespaces:
        return images
    return images.filter(patient_photo__isnull=True)


class PatientPhotoForm(WagtailAdminModelForm):
    def clean_image(self):
        image = self.cleaned_data.get("image")
        if self.instance.pk and image is not None and image.pk != self.instance.pk:
            raise forms.ValidationError(
                "A mark stays on its image. Delete this mark (with the permission to), and "
                "mark the other image."
            )
        return image


class PatientPhotoViewSet(SnippetViewSet):
    model = PatientPhoto
    icon = "image"
    menu_label = "Patient photos"
    list_display = ["image", "marked_at", "marked_by", "shown_outside_pairs"]
    search_fields = None
    copy_view_enabled = False
    edit_handler = ObjectList([FieldPanel("image")], base_form_class=PatientPhotoForm)


def log_mark_created(request: HttpRequest, instance) -> None:
    """after_create_snippet: a mark added by hand is written to its image's history."""
    if isinstance(instance, PatientPhoto):
        log(instance=instance.image, action=MARK_ACTION, user=request.user)


def keep_image_of_deleted_marks(request: HttpRequest, instances) -> None:
    """before_delete_snippet: a deleted mark loses its key (the image's), so the image to
    write the unmark to is read first."""
    for instance in instances:
        if isinstance(instance, PatientPhoto):
            instance.unmarked_image = instance.image


def log_marks_deleted(request: HttpRequest, instances) -> None:
    """after_delete_snippet: a mark taken off is written to its image's history."""
    for instance in instances:
        if isinstance(instance, PatientPhoto) and hasattr(instance, "unmarked_image"):
            log(instance=instance.unmarked_image, action=UNMARK_ACTION, user=request.user)


def register_patient_photo_log_actions(actions) -> None:
    for action, label in LOG_LABELS.items():
        actions.register_action(action, label, label)
