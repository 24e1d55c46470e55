"""Wagtail's API v2 (pages, and images used by public pages) for Wagtail tooling, at /api/v2/.

Wagtail's viewsets are used as they are, behind a mixin that answers bad query parameters
with a 400 (Wagtail's `{"message": ...}` format) instead of a database error, and gives the
request an anonymous user: our DRF settings leave `request.user` as None
(`UNAUTHENTICATED_USER`), and Wagtail asks `request.user.is_authenticated` as soon as a page
has a view restriction.

The documents endpoint is not registered: it would list every uploaded document, including
ones only attached to drafts or private pages, and nothing we use reads it.
"""

from __future__ import annotations

import re
import unicodedata

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, IntegerField
from django.db.models.functions import Cast
from wagtail.api.querysets import get_public_pages_queryset
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, ReferenceIndex

# offset and limit: 0 <= n < MAX_NUMBER; Wagtail applies WAGTAILAPI_LIMIT_MAX to limit after.
MAX_NUMBER = 1_000_000
# Query parameters that hold a page or object id (child_of and descendant_of also take "root").
ID_PARAMETERS = ("id", "child_of", "descendant_of", "ancestor_of", "translation_of")
# Ids are AutoFields: 32-bit on PostgreSQL.
MAX_ID = 2**31 - 1
SEARCH_OPERATORS = ("and", "or")
_DIGITS = re.compile(r"[0-9]+")


def _has_control_character(text: str) -> bool:
    return any(unicodedata.category(char) == "Cc" for char in text)


def _natural_number(value: str) -> int | None:
    """The value as an int if it is plain ASCII digits (no sign, spaces or underscores)."""
    if _DIGITS.fullmatch(value) and len(value) <= 12:
        return int(value)
    return None


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
                if number is None or number > MAX_ID:
                    raise BadRequestError(f"{name} must be a positive integer")

        if "search_operator" in params and params["search_operator"] not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")

        pk = self.kwargs.get("pk")
        if pk is not None and int(pk) > MAX_ID:
            raise BadRequestError("id must be a positive integer")


class HardenedPagesAPIViewSet(HardenedAPIViewMixin, PagesAPIViewSet):
    pass


class HardenedImagesAPIViewSet(HardenedAPIViewMixin, ImagesAPIViewSet):
    """Only the images that live, public pages of the site use, not every upload.

    "Use" is what Wagtail's reference index records for a page's stored (published) content:
    image fields, image blocks and images in rich text. Drafts live in revisions, which are
    not indexed, so an image only in a draft is not listed until the draft is published.
    """

    def get_queryset(self):
        public_page_ids = get_public_pages_queryset(self.request).annotate(
            id_text=Cast("pk", output_field=CharField())
        )
        used_image_ids = ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=public_page_ids.values("id_text"),
            to_content_type=ContentType.objects.get_for_model(self.model),
        ).values_list(Cast("to_object_id", output_field=IntegerField()), flat=True)
        return super().get_queryset().filter(pk__in=used_image_ids)


wagtail_api_router = WagtailAPIRouter("wagtailapi")
wagtail_api_router.register_endpoint("pages", HardenedPagesAPIViewSet)
wagtail_api_router.register_endpoint("images", HardenedImagesAPIViewSet)
