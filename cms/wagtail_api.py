"""Wagtail's API v2 (pages, and images used by public pages) for Wagtail tooling, at /api/v2/.

Wagtail's viewsets are used as they are, behind a mixin that answers bad query parameters
with a 400 (Wagtail's `{"message": ...}` format) instead of a database error, and gives the
request an anonymous user: our DRF settings leave `request.user` as None
(`UNAUTHENTICATED_USER`), and Wagtail asks `request.user.is_authenticated` as soon as a page
has a view restriction. Field filters (`?first_published_at=`, `?alias_of=`, ...) are checked
against their field, and its range on this database, before Wagtail hands them to the ORM.

The documents endpoint is not registered: it would list every uploaded document, including
ones only attached to drafts or private pages, and nothing we use reads it.
"""

from __future__ import annotations

import datetime
import unicodedata

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import CharField, IntegerField
from django.db.models.functions import Cast
from taggit.managers import TaggableManager
from wagtail.api.querysets import get_public_pages_queryset
from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, ReferenceIndex

from blog.api.params import MAX_ID, is_ascii_number
from blog.models.patient_photos import PatientPhoto

# offset and limit: 0 <= n < MAX_NUMBER; Wagtail applies WAGTAILAPI_LIMIT_MAX to limit after.
MAX_NUMBER = 1_000_000
# Query parameters that hold a page or object id (child_of and descendant_of also take "root").
ID_PARAMETERS = ("id", "child_of", "descendant_of", "ancestor_of", "translation_of")
SEARCH_OPERATORS = ("and", "or")


def _has_control_character(text: str) -> bool:
    return any(unicodedata.category(char) == "Cc" for char in text)


def _max_id() -> int:
    """The largest id the database's id columns hold (AutoField: 32-bit on PostgreSQL)."""
    return connection.ops.integer_field_range("AutoField")[1] or MAX_ID


def _natural_number(value: str) -> int | None:
    """The value as an int if it is plain ASCII digits (no sign, spaces or underscores)."""
    return int(value) if is_ascii_number(value) else None


def _check_field_value(field, name: str, value: str) -> None:
    """A 400 unless `value` is one `field` can hold here: Wagtail's FieldsFilter converts only
    booleans and integers, so `?first_published_at=abc` or an id beyond the column's range
    reached the database and came back as a 500."""
    if isinstance(field, models.BooleanField | TaggableManager):
        return  # Wagtail parses these itself
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    try:
        python = target.to_python(value)
    except (ValidationError, ValueError, TypeError) as error:
        raise BadRequestError(f"{value!r} is not a valid value for {name}") from error
    if isinstance(python, int):
        low, high = connection.ops.integer_field_range(target.get_internal_type())
        if (low is not None and python < low) or (high is not None and python > high):
            raise BadRequestError(f"{name} is out of range")
    if isinstance(python, datetime.datetime):
        _check_moment(python, name)


def _check_moment(moment: datetime.datetime, name: str) -> None:
    """A time the database can compare: with a zone (a naive one is ambiguous, and Django
    warns), within what PostgreSQL accepts as an offset (under 16 hours), and still a date
    once in UTC (year 1 at +01:00 is not)."""
    offset = moment.utcoffset()
    if offset is None:
        raise BadRequestError(f"{name} needs a time zone, e.g. 2026-01-01T00:00:00Z")
    if abs(offset) >= datetime.timedelta(hours=16):
        raise BadRequestError(f"{name} has a time zone offset out of range")
    try:
        moment.astimezone(datetime.UTC)
    except OverflowError as error:
        raise BadRequestError(f"{name} is out of range") from error


class StrictFieldsFilter(FieldsFilter):
    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True)) - {"locale"}
        for name, value in request.GET.items():
            if name in fields:
                try:
                    field = queryset.model._meta.get_field(name)
                except LookupError:
                    continue
                _check_field_value(field, name, value)
        return super().filter_queryset(request, queryset, view)


def _strict(backends: list) -> list:
    return [StrictFieldsFilter if backend is FieldsFilter else backend for backend in backends]


class HardenedAPIViewMixin:
    """Checks query parameters before Wagtail reads them, and gives the request a user."""

    def perform_authentication(self, request):
        super().perform_authentication(request)
        if request.user is None:
            request.user = AnonymousUser()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.check_hardened_parameters(request)

    def check_hardened_parameters(self, request) -> None:
        params = request.GET
        for key, values in params.lists():
            if _has_control_character(key) or any(_has_control_character(v) for v in values):
                raise BadRequestError(f"{key!r} must not contain control characters")

        for name in ("offset", "limit"):
            if name in params:
                number = _natural_number(params[name])
                if number is None or number >= MAX_NUMBER:
                    raise BadRequestError(f"{name} must be an integer from 0 to {MAX_NUMBER - 1}")

        for name in ID_PARAMETERS:
            if name in params and params[name] != "root":
                number = _natural_number(params[name])
                if number is None or number > _max_id():
                    raise BadRequestError(f"{name} must be a positive integer")

        if "search_operator" in params and params["search_operator"] not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")

        pk = self.kwargs.get("pk")
        if pk is not None and int(pk) > _max_id():
            raise BadRequestError("id must be a positive integer")


class HardenedPagesAPIViewSet(HardenedAPIViewMixin, PagesAPIViewSet):
    filter_backends = _strict(PagesAPIViewSet.filter_backends)


class HardenedImagesAPIViewSet(HardenedAPIViewMixin, ImagesAPIViewSet):
    """Only the images that live, public pages of the site use, not every upload.

    "Use" is what Wagtail's reference index records for a page's stored (published) content:
    image fields, image blocks and images in rich text. Drafts live in revisions, which are
    not indexed, so an image only in a draft is not listed until the draft is published.
    Patients' photos are never listed (nor their originals' download URLs): those a page's
    before/after block names, and every image marked as a patient's photo
    (blog.models.patient_photos), wherever else a page used it; they are shown only through
    the blocks that check their consent.
    """

    filter_backends = _strict(ImagesAPIViewSet.filter_backends)

    def get_queryset(self):
        public_page_ids = get_public_pages_queryset(self.request).annotate(
            id_text=Cast("pk", output_field=CharField())
        )
        used_image_ids = ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=public_page_ids.values("id_text"),
            to_content_type=ContentType.objects.get_for_model(self.model),
        ).values_list(Cast("to_object_id", output_field=IntegerField()), flat=True)
        patient_photos = ReferenceIndex.objects.filter(
            to_content_type=ContentType.objects.get_for_model(self.model),
            model_path__startswith="body.before_after.",
        ).values_list(Cast("to_object_id", output_field=IntegerField()), flat=True)
        return (
            super()
            .get_queryset()
            .filter(pk__in=used_image_ids)
            .exclude(pk__in=patient_photos)
            .exclude(pk__in=PatientPhoto.objects.values("image_id"))
        )


wagtail_api_router = WagtailAPIRouter("wagtailapi")
wagtail_api_router.register_endpoint("pages", HardenedPagesAPIViewSet)
wagtail_api_router.register_endpoint("images", HardenedImagesAPIViewSet)
