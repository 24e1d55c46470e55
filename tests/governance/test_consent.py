"""Before/after photos rest on a patient's recorded consent: a record that cannot be true is
refused, publishing a pair needs consent for the website, and each channel shows a pair only
while its consent covers it. (Ending consent: test_consent_ending.py.)"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.test.utils.form_data import streamfield

from blog.models import ArticlePage, ConsentRecord
from tests.admin_forms import article_form
from tests.consent_data import consent, consent_form, pair_article
from tests.factories import ArticlePageFactory


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC))


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"expires_on": datetime.date(2026, 5, 31)}, "expires_on"),
        ({"patient_reference": "Jane Smith"}, "patient_reference"),
        ({"website": False, "app": False}, "website"),
        ({"consented_on": datetime.date(2026, 12, 2)}, "consented_on"),
    ],
)
def test_a_consent_record_refuses_what_cannot_be_true(db, fields, field):
    record = ConsentRecord(
        patient_reference="PT-1", consented_on=datetime.date(2026, 6, 1), website=True
    )
    for name, value in fields.items():
        setattr(record, name, value)
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert field in error.value.message_dict


@pytest.mark.parametrize(
    ("zone", "withdrawn_at", "error"),
    [
        ("Europe/Berlin", "0001-01-01 00:00", "before it was given"),
        ("America/New_York", "9999-12-31 23:30", "cannot be in the future"),
        ("UTC", "2026-05-01 09:00", "before it was given"),
    ],
)
def test_a_withdrawal_date_outside_the_consent_is_a_form_error(
    admin_client, settings, zone, withdrawn_at, error
):
    settings.TIME_ZONE = zone
    add = reverse("wagtailsnippets_blog_consentrecord:add")
    response = admin_client.post(add, consent_form(withdrawn_at=withdrawn_at))
    assert response.status_code == 200
    assert error in str(response.context["form"].errors["withdrawn_at"])
    assert not ConsentRecord.objects.exists()


def test_staff_record_consent_in_the_admin_and_bad_dates_are_form_errors(admin_client):
    add = reverse("wagtailsnippets_blog_consentrecord:add")
    refused = admin_client.post(add, consent_form(expires_on="2026-01-01"))
    assert refused.status_code == 200
    assert "Consent cannot expire before" in refused.content.decode()
    assert admin_client.post(add, consent_form()).status_code == 302
    record = ConsentRecord.objects.get()
    assert record.channels == ["website", "app"] and record.valid_for("website")
    listing = admin_client.get(reverse("wagtailsnippets_blog_consentrecord:list")).content
    assert b"PT-00421" in listing


def test_publishing_a_pair_needs_consent_for_the_website(admin_client, index, image):
    record = consent(website=False, app=True)
    url = reverse("wagtailadmin_pages:add", args=["blog", "articlepage", index.pk])
    pair = {
        "before": image.pk,
        "before_alt": "Before",
        "after": image.pk,
        "after_alt": "After",
        "treatment": "",
        "time_between": "Six weeks",
        "caption": "",
        "consent": record.pk,
    }
    data = article_form(body=streamfield([("before_after", pair)]))
    refused = admin_client.post(url, {**data, "action-publish": "publish"})
    assert refused.status_code == 200
    assert "does not allow the website" in str(refused.context["form"].errors["body"])
    # A draft may wait for the signed form.
    assert admin_client.post(url, data).status_code == 302
    article = ArticlePage.objects.get()
    assert not article.live
    record.website = True
    record.save()
    edit = reverse("wagtailadmin_pages:edit", args=[article.pk])
    data = article_form(body=streamfield([("before_after", pair)]), slug=article.slug)
    assert admin_client.post(edit, {**data, "action-publish": "publish"}).status_code == 302
    assert ArticlePage.objects.get().live


def test_the_site_and_the_api_show_the_pair_for_their_own_channel(client, index, committed):
    record = consent(website=True, app=False)
    article = committed(lambda: pair_article(index, record))
    page = client.get(article.url).content.decode()
    assert 'alt="The same cheek, scarring softened"' in page and "Microneedling." in page
    assert "PT-00421" not in page
    detail = client.get(f"/api/v1/articles/{article.slug}/").json()
    assert [b["type"] for b in detail["body"]] == []  # the app has no consent
    record.app = True
    committed(record.save)
    detail = client.get(f"/api/v1/articles/{article.slug}/")
    (block,) = detail.json()["body"]
    assert block["type"] == "before_after"
    value = block["value"]
    assert value["after"]["alt"] == "The same cheek, scarring softened"
    assert value["treatment"]["name"] == "Microneedling"
    assert value["time_between"] == "Three months" and value["shown_until"] is None
    assert b"PT-00421" not in detail.content and b"consent" not in detail.content.lower()


def test_the_editor_tells_staff_which_pairs_readers_do_not_see(admin_client, index):
    article = pair_article(
        index, consent(withdrawn_at=datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC))
    )
    edit = reverse("wagtailadmin_pages:edit", args=[article.pk])
    html = admin_client.get(edit).content.decode()
    assert "Before and after photos not shown" in html and "PT-00421) is withdrawn" in html
    website_only = pair_article(index, consent(patient_reference="PT-2", app=False))
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[website_only.pk])).content
    assert b"shown on the website only" in html and b"not shown:" not in html


def test_the_compliance_check_reads_a_pairs_alt_texts_and_caption(index):
    from blog.governance.compliance import check_page

    words = {"caption": "Guaranteed results after one session", "after_alt": "A painless result"}
    article = pair_article(index, consent(), pair=words)
    found = {(finding.field, finding.match.lower()) for finding in check_page(article)}
    assert any("caption" in field.lower() and "guaranteed" in match for field, match in found)
    assert any("after" in field.lower() and match == "painless" for field, match in found)


def test_a_consent_record_in_use_is_withdrawn_not_deleted(admin_client, index, committed):
    record = consent()
    committed(lambda: pair_article(index, record))  # Wagtail indexes references on commit
    delete = reverse("wagtailsnippets_blog_consentrecord:delete", args=[record.pk])
    response = admin_client.post(delete, follow=True)
    assert ConsentRecord.objects.filter(pk=record.pk).exists()
    assert "enter the date of withdrawal" in response.content.decode()
    unused = consent(patient_reference="PT-9")
    delete = reverse("wagtailsnippets_blog_consentrecord:delete", args=[unused.pk])
    assert admin_client.post(delete).status_code == 302
    assert not ConsentRecord.objects.filter(pk=unused.pk).exists()


def test_wagtails_own_image_api_never_lists_patient_photos(client, index, committed, image):
    record = consent()
    committed(lambda: pair_article(index, record))
    committed(lambda: ArticlePageFactory(parent=index, hero_image=image))
    listed = client.get("/api/v2/images/").json()
    assert [found["id"] for found in listed["items"]] == [image.pk]
    photo = get_image_model().objects.get(title="After")
    assert client.get(f"/api/v2/images/{photo.pk}/").status_code == 404


def test_someone_who_cannot_publish_saves_a_pair_as_a_draft(
    client, index, image, django_user_model
):
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))  # may edit, not publish
    client.force_login(editor)
    article = ArticlePageFactory(parent=index, live=False)
    record = consent(website=False, app=True)
    pair = {
        "before": image.pk,
        "before_alt": "Before",
        "after": image.pk,
        "after_alt": "After",
        "treatment": "",
        "time_between": "Six weeks",
        "caption": "",
        "consent": record.pk,
    }
    form = article_form(
        title=article.title, slug=article.slug, body=streamfield([("before_after", pair)])
    )
    edit = reverse("wagtailadmin_pages:edit", args=[article.pk])
    # Wagtail makes their "Publish" a save: nothing is published, so nothing is refused.
    assert client.post(edit, {**form, "action-publish": "publish"}).status_code == 302
    article.refresh_from_db()
    assert not article.live
    assert article.get_latest_revision_as_object().body[0].value["consent"] == record
