"""Draft preview for front ends: signed, short-lived, bound to one page and revision."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.published.preview import make_token
from tests.factories import ArticlePageFactory


@pytest.fixture
def draft(index):
    page = ArticlePageFactory(parent=index, title="Published title")
    page.save_revision().publish()
    page.title = "Draft title"
    revision = page.save_revision()
    return page, revision


def preview(client, token, **params):
    return client.get("/api/v1/preview/", {"token": token, **params})


def test_token_opens_the_draft_revision(client, draft):
    page, revision = draft
    response = preview(client, make_token(page_id=page.pk, revision_id=revision.pk))
    assert response.status_code == 200
    assert response.json()["title"] == "Draft title"
    assert response["Cache-Control"] == "private, no-store"
    # The public API still shows the published version.
    assert client.get(f"/api/v1/articles/{page.slug}/").json()["title"] == "Published title"


def test_expired_token_is_refused(client, draft, settings, time_machine):
    page, revision = draft
    token = make_token(page_id=page.pk, revision_id=revision.pk)
    later = timezone.now() + datetime.timedelta(seconds=settings.PREVIEW_TOKEN_MAX_AGE + 5)
    time_machine.move_to(later)
    response = preview(client, token)
    assert response.status_code == 403
    assert "expired" in response.json()["detail"]


def test_forged_token_is_refused(client, draft):
    page, revision = draft
    token = make_token(page_id=page.pk, revision_id=revision.pk)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = preview(client, forged)
    assert response.status_code == 403
    assert response.json()["detail"] == "This preview token is not valid."


def test_token_for_another_page_is_refused(client, draft, index):
    page, revision = draft
    other = ArticlePageFactory(parent=index)
    response = preview(client, make_token(page_id=page.pk, revision_id=revision.pk), page=other.pk)
    assert response.status_code == 403
    assert "another article" in response.json()["detail"]


def test_token_naming_a_revision_of_another_page_is_refused(client, draft, index):
    _, revision = draft
    other = ArticlePageFactory(parent=index)
    response = preview(client, make_token(page_id=other.pk, revision_id=revision.pk))
    assert response.status_code == 403


def test_drafts_never_leak_without_a_token(client, index):
    never_published = ArticlePageFactory(parent=index, live=False, title="Secret draft")
    never_published.save_revision()
    assert client.get(f"/api/v1/articles/{never_published.slug}/").status_code == 404
    assert client.get(f"/api/v1/articles/by-id/{never_published.pk}/").status_code == 404
    assert "Secret draft" not in client.get("/api/v1/articles/").content.decode()
    assert "Secret draft" not in client.get("/api/v1/sync/").content.decode()
    assert preview(client, "").status_code == 400


def test_editor_opens_the_website_preview_from_the_admin(admin_client, draft, settings):
    page, _ = draft
    settings.FRONTEND_PREVIEW_URL = "https://www.example.com/preview?token={token}&id={page}"
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Preview saved draft on website" in edit

    response = admin_client.get(reverse("blog_website_preview", args=[page.pk]))
    assert response.status_code == 302
    assert response.url.startswith("https://www.example.com/preview?token=")
    token = response.url.split("token=")[1].split("&")[0]
    from urllib.parse import unquote

    data = preview(admin_client, unquote(token)).json()
    assert data["title"] == "Draft title"


def test_only_editors_of_the_page_get_a_preview_link(client, draft, django_user_model):
    page, _ = draft
    reader = django_user_model.objects.create_user("reader", password="pw")
    from django.contrib.auth.models import Permission

    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reader)
    response = client.get(reverse("blog_website_preview", args=[page.pk]))
    assert response.status_code in {302, 403}
    assert "example.com" not in response.get("Location", "")
    assert "token=" not in response.get("Location", "")


def test_without_a_front_end_the_draft_is_shown_through_the_site_templates(
    admin_client, client, draft, settings
):
    page, _ = draft
    settings.FRONTEND_PREVIEW_URL = ""
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert 'target="_blank"' in edit[: edit.index("Preview saved draft on website") + 200][-600:]

    response = admin_client.get(reverse("blog_website_preview", args=[page.pk]))
    assert response.status_code == 302 and response.url.startswith("/_site/preview/?token=")
    # The link works in any browser (a colleague's) until it expires: the token is the key.
    html = client.get(response.url)
    assert html.status_code == 200 and html["Content-Type"].startswith("text/html")
    text = html.content.decode()
    assert "<h1>Draft title</h1>" in text and '<link rel="stylesheet"' in text
    assert 'id="comment-form"' not in text  # a draft takes no comments
    assert html["Cache-Control"] == "private, no-store"

    expired = client.get("/_site/preview/?token=forged")
    assert expired.status_code == 403 and "expired" in expired.content.decode()
