"""A patient's photo is marked for good the first time it is chosen in a before/after pair,
and is published only inside a pair with consent: never as a hero, social image, image block,
author photo or treatment image, on any publish path, whether consent is valid or withdrawn."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry, Workflow
from wagtail.test.utils.form_data import streamfield

from blog.models import Author, PatientPhoto, PublishRefused
from tests.admin_forms import article_form
from tests.consent_data import consent, pair_article
from tests.factories import ArticlePageFactory, ImageFactory, body


def photos_of(article) -> tuple[int, int]:
    value = article.body.raw_data[0]["value"]
    return value["before"], value["after"]


@pytest.fixture
def pair(index):
    """A published article with a consented pair: its photos are patients' photos."""
    article = pair_article(index, consent())
    return article, *photos_of(article)


def test_choosing_a_photo_in_a_pair_marks_it_for_good(index, admin_user):
    article = ArticlePageFactory(parent=index, live=False)
    record = consent()
    before, after = ImageFactory(), ImageFactory()
    article.body = body(
        (
            "before_after",
            {
                "before": before.pk,
                "before_alt": "Before",
                "after": after.pk,
                "after_alt": "After",
                "time_between": "Three months",
                "consent": record.pk,
            },
        )
    )
    article.save_revision(user=admin_user)  # a draft is enough
    marks = PatientPhoto.objects.filter(image__in=[before, after])
    assert marks.count() == 2 and {m.marked_by for m in marks} == {admin_user}
    assert ModelLogEntry.objects.filter(
        object_id=str(before.pk), action="blog.patient_photo_marked", user=admin_user
    ).exists()

    article.body = body()  # the pair is removed: the photos stay patients' photos
    article.save_revision(user=admin_user).publish()
    assert PatientPhoto.objects.filter(image__in=[before, after]).count() == 2


def test_a_withdrawn_patients_photo_as_a_hero_is_refused_from_the_editor(admin_client, index, pair):
    shown, before, _ = pair
    record = shown.body[0].value["consent"]
    record.withdrawn_at = timezone.now()
    record.save()
    other = ArticlePageFactory(parent=index, live=False)
    url = reverse("wagtailadmin_pages:edit", args=[other.pk])
    form = article_form(title=other.title, slug=other.slug, hero_image=before)

    draft = admin_client.post(url, form)  # saving a draft is never refused
    assert draft.status_code == 302
    other.refresh_from_db()
    assert other.get_latest_revision_as_object().hero_image_id == before

    published = admin_client.post(url, {**form, "action-publish": "publish"})
    assert published.status_code == 200
    errors = published.context["form"].errors
    assert "patient's before and after photo" in errors["hero_image"][0]
    other.refresh_from_db()
    assert not other.live
    # The editor says why on the saved draft, before anyone presses Publish.
    page = admin_client.get(url).content.decode()
    assert "The hero image is a patient&#x27;s before and after photo" in page


def test_a_consented_photo_is_refused_everywhere_but_its_pair(admin_client, index, pair):
    _, before, after = pair
    other = ArticlePageFactory(parent=index, live=False)
    url = reverse("wagtailadmin_pages:edit", args=[other.pk])
    image_block = ("image", {"image": after, "alt_text": "A cheek", "caption": ""})
    form = article_form(
        title=other.title,
        slug=other.slug,
        social_image=before,
        body=streamfield([image_block]),
        **{"action-publish": "publish"},
    )
    response = admin_client.post(url, form)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "social image is a patient's" in errors["social_image"][0]
    assert "An image in the body is a patient's" in errors["body"][0]
    other.refresh_from_db()
    assert not other.live


def test_publishing_from_a_shell_or_an_import_is_refused(index, pair):
    _, before, _ = pair
    other = ArticlePageFactory(parent=index, live=False)
    other.hero_image_id = before
    revision = other.save_revision()
    with pytest.raises(PublishRefused, match="The hero image is a patient's"):
        revision.publish()
    other.refresh_from_db()
    assert not other.live


def test_the_photo_of_an_author_is_refused_and_so_is_their_article(admin_client, index, pair):
    _, before, _ = pair
    author = Author.objects.create(name="Dr Rowe", slug="dr-rowe", role="Dermatologist")
    url = reverse("wagtailsnippets_blog_author:edit", args=[author.pk])
    form = {"name": author.name, "slug": author.slug, "role": author.role, "photo": before}
    response = admin_client.post(url, {**form, "bio": "", "credentials": "", "user": ""})
    assert response.status_code == 200
    assert "patient's before and after photo" in response.context["form"].errors["photo"][0]
    # A photo marked after it became an author's: their articles are not published with it.
    Author.objects.filter(pk=author.pk).update(photo_id=before)
    article = ArticlePageFactory(parent=index, live=False, author=author)
    with pytest.raises(PublishRefused, match="photo of its author, Dr Rowe"):
        article.save_revision().publish()


def test_a_workflow_approval_holds_it(client, index, pair, django_user_model):
    _, before, _ = pair
    moderator = django_user_model.objects.create_user("moderator", password="pw", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    article = ArticlePageFactory(parent=index, live=False, hero_image_id=before)
    article.save_revision(user=moderator)
    state = Workflow.objects.get(name="Moderators approval").start(article, moderator)
    client.force_login(moderator)
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[article.pk, "approve", state.current_task_state.pk],
    )
    assert client.post(url, {"comment": ""}).status_code == 302
    article.refresh_from_db()
    assert not article.live
    held = PageLogEntry.objects.get(page=article, action="blog.publish_held")
    assert "The hero image is a patient's" in held.data["reasons"][0]


def test_bulk_publish_refuses_it(admin_client, index, pair):
    _, before, _ = pair
    article = ArticlePageFactory(parent=index, live=False, hero_image_id=before)
    article.save_revision()
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    response = admin_client.post(f"{url}?id={article.pk}", {}, follow=True)
    assert "shows a patient&#x27;s photo without the consent" in response.content.decode()
    article.refresh_from_db()
    assert not article.live


def test_a_scheduled_go_live_is_refused_and_the_others_go_out(index, pair):
    _, before, _ = pair
    past = timezone.now() - datetime.timedelta(minutes=5)
    held = ArticlePageFactory(parent=index, live=False, hero_image_id=before)
    fine = ArticlePageFactory(parent=index, live=False)
    for article in (held, fine):  # as Wagtail schedules an approved go-live
        revision = article.save_revision()
        type(revision).objects.filter(pk=revision.pk).update(approved_go_live_at=past)
    call_command("publish_scheduled")
    held.refresh_from_db()
    fine.refresh_from_db()
    assert fine.live and not held.live
    assert held.latest_revision.approved_go_live_at is None  # not retried every minute
    refused = PageLogEntry.objects.get(page=held, action="blog.publish_refused")
    assert "The hero image is a patient's" in refused.data["reasons"][0]


def test_image_choosers_leave_patients_photos_out_but_the_pairs(admin_client, pair):
    _, before, after = pair
    other = ImageFactory(title="A treatment room")

    def offered(url: str) -> set[int]:
        response = admin_client.get(url, {"layout": "list"})
        assert response.status_code == 200
        return {image.pk for image in response.context["results"]}

    assert offered(reverse("wagtailimages_chooser:choose")) >= {other.pk}
    assert offered(reverse("wagtailimages_chooser:choose")).isdisjoint({before, after})
    assert offered(reverse("patient_photo_chooser:choose")) >= {before, after, other.pk}
    # The pair's block opens its own chooser.
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[pair[0].pk]))
    assert reverse("patient_photo_chooser:choose") in edit.content.decode()


def test_wagtails_v2_images_never_lists_a_marked_photo(client, index, committed):
    def build():
        hero = ImageFactory(title="Later found to be a patient's")
        ArticlePageFactory(parent=index, hero_image=hero)
        return hero

    hero = committed(build)
    assert client.get(f"/api/v2/images/{hero.pk}/").status_code == 200
    PatientPhoto.objects.create(image=hero)
    assert client.get(f"/api/v2/images/{hero.pk}/").status_code == 404
    listed = client.get("/api/v2/images/").json()["items"]
    assert hero.pk not in {item["id"] for item in listed}


def test_only_staff_with_the_permission_take_a_mark_off(
    client, admin_client, admin_user, pair, django_user_model
):
    _, before, _ = pair
    delete = reverse("wagtailsnippets_blog_patientphoto:delete", args=[before])
    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    client.post(delete)
    assert PatientPhoto.objects.filter(pk=before).exists()

    editor.user_permissions.add(
        Permission.objects.get(codename="delete_patientphoto"),
        Permission.objects.get(codename="view_patientphoto"),
    )
    assert client.post(delete).status_code == 302
    assert not PatientPhoto.objects.filter(pk=before).exists()
    assert ModelLogEntry.objects.filter(
        object_id=str(before), action="blog.patient_photo_unmarked", user=editor
    ).exists()


def test_photos_chosen_in_pairs_before_the_mark_existed_are_marked(index, pair):
    _, before, after = pair
    PatientPhoto.objects.all().delete()
    migration = importlib.import_module("blog.migrations.0021_patient_photos")
    migration.mark_photos_already_in_pairs(apps, None)
    assert set(PatientPhoto.objects.values_list("pk", flat=True)) == {before, after}


def test_the_list_names_what_still_shows_a_photo_marked_after_it_was_published(
    admin_client, index, committed
):
    hero = ImageFactory(title="Used as a hero first")
    shown = committed(lambda: ArticlePageFactory(parent=index, title="Peels", hero_image=hero))
    PatientPhoto.objects.create(image=hero)
    listing = admin_client.get(reverse("wagtailsnippets_blog_patientphoto:list"))
    assert listing.status_code == 200
    assert f"{shown.title} (live)" in listing.content.decode()


def test_a_mark_stays_on_its_image(admin_client, pair):
    _, before, _ = pair
    other = ImageFactory(title="A treatment room")
    edit = reverse("wagtailsnippets_blog_patientphoto:edit", args=[before])
    response = admin_client.post(edit, {"image": other.pk})
    assert response.status_code == 200
    assert "A mark stays on its image" in response.context["form"].errors["image"][0]
    assert PatientPhoto.objects.filter(pk=before).exists()
    assert not PatientPhoto.objects.filter(pk=other.pk).exists()
