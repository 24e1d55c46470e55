"""Wagtail's add-page view, with the pages created under one parent taken one at a time.

Wagtail's autosave creates a new page in the background as soon as the editor pauses, posting
the add form while the editor may already be pressing "Publish" on the same form. Two creates
under one parent then race: both pass the form's slug check before either is saved, and the
second fails inside the model (its slug, or its tree path, already taken) with a 500. Here a
create first locks its parent page, so the second waits for the first to commit and is then
answered by the form's own "slug already in use" error.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page


class CreatePageView(CreateView):
    def post(self, request: HttpRequest) -> HttpResponse:
        with transaction.atomic():
            # SQLite takes its write lock at BEGIN (transaction_mode IMMEDIATE). On PostgreSQL
            # the parent's row lock is the one every create under it takes anyway (Treebeard
            # counts the parent's children), taken here before the form's checks, not after.
            list(Page.objects.select_for_update().filter(pk=self.parent_page.pk).values("pk"))
            return super().post(request)


class ClinicPageViewSet(PageViewSet):
    """Every page type's admin views are Wagtail's, but for the create view above."""

    add_view_class = CreatePageView
