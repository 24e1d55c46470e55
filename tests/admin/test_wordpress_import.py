"""Settings > Import from WordPress, through the real admin views: the upload, the import as a
task, the page that follows it, and the refusals."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from blog.models import ArticlePage, WordPressImport

EXPORTS = Path(__file__).parents[1] / "importing" / "exports"


def upload(name: str, path: Path | None = None, content: bytes = b"") -> SimpleUploadedFile:
    data = path.read_bytes() if path else content
    return SimpleUploadedFile(name, data, content_type="text/xml")


def test_an_uploaded_export_is_imported_by_the_worker_with_a_report(index, admin_client, committed):
    page = admin_client.get(reverse("blog_wordpress_import"))
    assert page.status_code == 200 and b"WordPress export (WXR file)" in page.content

    answer = committed(
        lambda: admin_client.post(
            reverse("blog_wordpress_import"),
            {"export": upload("clinic.xml", EXPORTS / "gutenberg.xml"), "dry_run": ""},
        )
    )
    job = WordPressImport.objects.get()
    assert answer.status_code == 302 and answer["Location"].endswith(f"/{job.pk}/")
    assert job.status == "done" and job.done == job.total > 0
    assert ArticlePage.objects.filter(title="Five exercises after a knee replacement").exists()

    detail = admin_client.get(answer["Location"]).content.decode()
    assert "Status: <strong>Done</strong>" in detail
    assert "posts created" in detail and "Posts to check" in detail
    # No uploads folder: the images are listed as left out, and the articles are there.
    assert "is not in the uploads folder" in detail
    assert 'http-equiv="refresh"' not in detail  # it stops refreshing once done


def test_a_dry_run_reports_and_imports_nothing(index, admin_client, committed):
    committed(
        lambda: admin_client.post(
            reverse("blog_wordpress_import"),
            {"export": upload("clinic.xml", EXPORTS / "gutenberg.xml"), "dry_run": "on"},
        )
    )
    job = WordPressImport.objects.get()
    assert job.status == "done" and job.report["dry_run"] is True
    assert job.report["counts"]["posts created"] == 5
    assert not ArticlePage.objects.exists()


def test_a_file_that_is_not_an_export_fails_with_its_reason_and_nothing_imported(
    index, admin_client, committed
):
    for name in ("truncated.xml", "billion_laughs.xml", "not_wxr_rss.xml"):
        committed(
            lambda name=name: admin_client.post(
                reverse("blog_wordpress_import"), {"export": upload(name, EXPORTS / name)}
            )
        )
        job = WordPressImport.objects.latest("pk")
        assert job.status == "failed" and job.log.startswith("Nothing was imported:"), name
        page = admin_client.get(reverse("blog_wordpress_import_detail", args=[job.pk]))
        assert escape(job.log) in page.content.decode()
    assert not ArticlePage.objects.exists()


def test_the_upload_is_refused_when_too_large_or_not_xml(index, admin_client, settings):
    answer = admin_client.post(
        reverse("blog_wordpress_import"), {"export": upload("export.zip", content=b"PK")}
    )
    assert answer.status_code == 200 and b"the .xml file" in answer.content
    answer = admin_client.post(
        reverse("blog_wordpress_import"),
        {"export": upload("export.xml", content=b"<rss/>"), "categories": "skin=peel\nskin"},
    )
    assert "“skin” is not WORDPRESS=OURS" in answer.content.decode()
    settings.WORDPRESS_IMPORT_MAX_MB = 0
    answer = admin_client.post(
        reverse("blog_wordpress_import"), {"export": upload("export.xml", content=b"<rss/>")}
    )
    assert b"larger than 0 MB" in answer.content
    assert not WordPressImport.objects.exists()


def test_only_staff_allowed_to_import_see_it(index, client, django_user_model):
    editor = django_user_model.objects.create_user("ed", password="pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    refused = client.get(reverse("blog_wordpress_import"))  # Wagtail: back to the dashboard
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    menu = client.get(reverse("wagtailadmin_home")).content
    assert b"Import from WordPress" not in menu
