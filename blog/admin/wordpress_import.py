"""Settings > Import from WordPress: upload an export (WXR), choose the options, and follow
the import, which runs as a task in the worker (blog.importing.tasks), on a page with a
progress bar, its log and the report. The page refreshes itself while the import runs, with
no script."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail.admin.menu import MenuItem

from blog.importing.tasks import import_wordpress_task
from blog.importing.wordpress import mapping
from blog.models import ArticleIndexPage, WordPressImport

PERMISSION = "blog.add_wordpressimport"


def max_upload_bytes() -> int:
    return settings.WORDPRESS_IMPORT_MAX_MB * 1024 * 1024


def pairs_field(label: str, example: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": example}),
        help_text="One per line, as WORDPRESS=OURS (slugs).",
    )


def parse_pairs(text: str) -> dict[str, str]:
    try:
        return mapping(text.splitlines())
    except ValueError as error:
        raise forms.ValidationError(str(error)) from error


class ImportForm(forms.Form):
    export = forms.FileField(
        label="WordPress export (WXR file)",
        help_text="In WordPress: Tools > Export > All content. The .xml file it downloads.",
    )
    index = forms.ModelChoiceField(
        label="Import into",
        queryset=ArticleIndexPage.objects.order_by("path"),
        required=False,
        empty_label="The default site's article index",
    )
    fetch_media = forms.BooleanField(
        label="Fetch images and documents from the old site",
        required=False,
        help_text="From public addresses only, up to 25 MB each. Leave it off if the old site "
        "is gone; articles are then imported without their images, and the report lists them.",
    )
    categories = pairs_field("Categories that are treatments", "skin-needling=microneedling")
    authors = pairs_field("WordPress logins that are existing authors", "drsmith=dr-jane-smith")
    dry_run = forms.BooleanField(
        label="Dry run: report what would happen, import nothing", required=False
    )

    def clean_export(self):
        export = self.cleaned_data["export"]
        if export.size > max_upload_bytes():
            raise forms.ValidationError(
                f"The file is larger than {settings.WORDPRESS_IMPORT_MAX_MB} MB "
                "(WORDPRESS_IMPORT_MAX_MB)."
            )
        if not export.name.lower().endswith(".xml"):
            raise forms.ValidationError("Choose the .xml file WordPress's exporter made.")
        return export

    def clean_categories(self):
        return parse_pairs(self.cleaned_data["categories"])

    def clean_authors(self):
        return parse_pairs(self.cleaned_data["authors"])


def _check(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def import_index(request: HttpRequest) -> HttpResponse:
    _check(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = WordPressImport(
            file_name=data["export"].name[:255],
            dry_run=data["dry_run"],
            created_by=request.user,
            options={
                "fetch_media": data["fetch_media"],
                "index_id": data["index"].pk if data["index"] else None,
                "category_map": data["categories"],
                "author_map": data["authors"],
            },
        )
        job.export.save(data["export"].name, data["export"], save=False)
        job.save()
        transaction.on_commit(lambda: import_wordpress_task.enqueue(job.pk))
        return redirect("blog_wordpress_import_detail", job.pk)
    return TemplateResponse(
        request,
        "blog/importing/index.html",
        {
            "form": form,
            "imports": WordPressImport.objects.select_related("created_by")[:20],
            "max_mb": settings.WORDPRESS_IMPORT_MAX_MB,
        },
    )


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request)
    job = get_object_or_404(WordPressImport, pk=pk)
    running = job.status in {WordPressImport.Status.QUEUED, WordPressImport.Status.RUNNING}
    report = job.report or {}
    return TemplateResponse(
        request,
        "blog/importing/detail.html",
        {
            "job": job,
            "running": running,
            "percent": round(100 * job.done / job.total) if job.total else 0,
            "counts": sorted((report.get("counts") or {}).items()),
            "posts": report.get("posts") or [],
            "general": report.get("general") or [],
        },
    )


def admin_urls() -> list:
    return [
        path("wordpress-import/", import_index, name="blog_wordpress_import"),
        path("wordpress-import/<int:pk>/", import_detail, name="blog_wordpress_import_detail"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PERMISSION)


def menu_item() -> MenuItem:
    return ImportMenuItem(
        "Import from WordPress",
        reverse("blog_wordpress_import"),
        name="wordpress-import",
        icon_name="download",
        order=900,
    )
