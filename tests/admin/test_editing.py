"""Staff write, preview, schedule and submit articles through the real Wagtail admin views."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Workflow

from blog.models import ArticlePage
from tests.admin_forms import article_form
from tests.factories import ArticlePageFactory, AuthorFactory, TreatmentFactory


def test_staff_create_and_publish_an_article(admin_client, index):
    treatment = TreatmentFactory(name="Laser resurfacing")
    author = AuthorFactory()
    url = reverse("wagtailadmin_pages:add", args=["blog", "articlepage", index.pk])
    form = article_form(author=author.pk, **{"action-publish": "1"})
    form["treatments"] = [treatment.pk]  # a multi-value field, posted as a list
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.context["form"].errors

    article = ArticlePage.objects.get(slug="aftercare-for-laser-resurfacing")
    assert article.live
    assert list(article.treatments.all()) == [treatment]
    assert sorted(tag.name for tag in article.tags.all()) == ["aftercare", "laser"]
    assert [block.block_type for block in article.body] == ["heading", "paragraph", "callout"]
    assert article.date == timezone.localdate()  # no display date: the first publication


def test_edit_form_has_the_editorial_tabs(admin_client, index):
    article = ArticlePageFactory(parent=index)
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    html = response.content.decode()
    tabs = [
        " ".join(re.sub(r"<[^>]+>|\(\s*\)", " ", re.sub(r"<[^>]+>", "", label)).split())
        for label in re.findall(r'role="tab"[^>]*>(.*?)</a>', html, re.S)
    ]
    assert tabs == ["Content", "Treatments &amp; tags", "SEO &amp; review", "Comments"]
    assert 'name="go_live_at"' in html  # scheduled publishing, from Wagtail's settings panels
    assert "Who wrote the article" in html  # help text written for clinic staff


def test_review_date_needs_a_reviewer(admin_client, index):
    url = reverse("wagtailadmin_pages:add", args=["blog", "articlepage", index.pk])
    response = admin_client.post(url, article_form(last_reviewed="2020-01-01"))
    assert response.status_code == 200
    assert "Choose who reviewed the article." in response.content.decode()
    assert not ArticlePage.objects.exists()


def test_preview_renders_the_unsaved_article(admin_client, index):
    url = reverse("wagtailadmin_pages:preview_on_add", args=["blog", "articlepage", index.pk])
    posted = admin_client.post(url, article_form())
    assert posted.json()["is_valid"]
    html = admin_client.get(url).content.decode()
    assert "<h1>Aftercare for laser resurfacing</h1>" in html
    assert '<h2 id="days-one-to-three">Days one to three</h2>' in html
    assert "callout-warning" in html
    assert "min read" in html
    assert 'id="comments"' in html
    # The editor's preview panel frames it: the site's "nothing may frame us" is relaxed to
    # the admin's own origin for previews, and only for them.
    panel = admin_client.get(url, {"in_preview_panel": "true"})
    assert "frame-ancestors 'self'" in panel["Content-Security-Policy"]
    article = ArticlePageFactory(parent=index)
    assert "frame-ancestors 'none'" in admin_client.get(article.url)["Content-Security-Policy"]


def test_draft_is_not_served_to_the_public(client, index):
    draft = ArticlePageFactory(parent=index, live=False, title="Not ready yet")
    assert client.get(draft.url or f"{index.url}{draft.slug}/").status_code == 404


def test_unpublished_changes_stay_private(client, index):
    article = ArticlePageFactory(parent=index, title="Published title")
    article.title = "Draft title"
    article.save_revision()
    html = client.get(article.url).content.decode()
    assert "Published title" in html
    assert "Draft title" not in html


def test_scheduled_article_goes_live_at_its_time(client, index, time_machine):
    article = ArticlePageFactory(parent=index, live=False, title="Scheduled")
    article.go_live_at = timezone.now() + datetime.timedelta(hours=2)
    article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live

    call_command("publish_scheduled")
    assert not ArticlePage.objects.get(pk=article.pk).live

    time_machine.move_to(timezone.now() + datetime.timedelta(hours=3))
    call_command("publish_scheduled")
    article.refresh_from_db()
    assert article.live
    assert client.get(article.url).status_code == 200


def test_editor_submits_to_the_default_moderation_workflow(client, index, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    article = ArticlePageFactory(parent=index, live=False)
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    form = article_form(title=article.title, slug=article.slug, **{"action-submit": "1"})
    response = client.post(url, form)
    assert response.status_code == 302
    state = Page.objects.get(pk=article.pk).current_workflow_state
    assert state is not None
    assert state.workflow == Workflow.objects.get(name="Moderators approval")
    assert not Page.objects.get(pk=article.pk).live


@pytest.mark.parametrize("field", ["display_date", "last_reviewed"])
def test_malformed_dates_are_form_errors_not_crashes(admin_client, index, field):
    url = reverse("wagtailadmin_pages:add", args=["blog", "articlepage", index.pk])
    response = admin_client.post(url, article_form(**{field: "31/31/2026"}))
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_starting_again_after_an_autosaved_draft_gets_a_free_slug(admin_client, index):
    """Wagtail's autosave had already created "Peel aftercare" when the editor's tab closed;
    writing the article again with the same title is not stopped by a slug error."""
    ArticlePageFactory(parent=index, title="Peel aftercare", slug="peel-aftercare", live=False)
    url = reverse("wagtailadmin_pages:add", args=["blog", "articlepage", index.pk])
    form = article_form(title="Peel aftercare", slug="peel-aftercare", author=AuthorFactory().pk)
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.context["form"].errors
    assert ArticlePage.objects.filter(slug="peel-aftercare-2").exists()


def test_a_typed_slug_that_is_taken_stays_an_error(admin_client, index):
    ArticlePageFactory(parent=index, slug="my-address")
    url = reverse("wagtailadmin_pages:add", args=["blog", "articlepage", index.pk])
    response = admin_client.post(url, article_form(slug="my-address"))
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors


def test_publishing_without_author_hero_or_review_warns(admin_client, index):
    url = reverse("wagtailadmin_pages:add", args=["blog", "articlepage", index.pk])
    response = admin_client.post(url, article_form(**{"action-publish": "1"}), follow=True)
    article = ArticlePage.objects.get(slug="aftercare-for-laser-resurfacing")
    assert article.live  # a warning, not a refusal
    html = response.content.decode()
    assert "is live without an author" in html
    assert "a hero image" in html and "a medical review" in html

    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content
    assert "Before you publish:" in edit.decode()


def test_a_complete_article_publishes_without_a_warning(admin_client, admin_user, index, image):
    author = AuthorFactory(user=admin_user)  # a superuser: a clinical reviewer too
    url = reverse("wagtailadmin_pages:add", args=["blog", "articlepage", index.pk])
    form = article_form(
        author=author.pk,
        hero_image=image.pk,
        reviewed_by=author.pk,
        last_reviewed=timezone.localdate().isoformat(),
        **{"action-publish": "1"},
    )
    response = admin_client.post(url, form, follow=True)
    assert "is live without" not in response.content.decode()
    article = ArticlePage.objects.get(slug="aftercare-for-laser-resurfacing")
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content
    assert "Before you publish:" not in edit.decode()
