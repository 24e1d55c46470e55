"""Before/after photos rest on a patient's recorded consent: shown only while it is valid for
the channel, refused at publishing without it, and taken off everywhere when it ends."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import PageLogEntry
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import streamfield

from blog.governance.consent import expire_consents
from blog.models import ArticlePage, ConsentRecord, Treatment
from tests.admin_forms import article_form
from tests.factories import ArticlePageFactory, ImageFactory, body
from tests.http_receiver import Receiver

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC))


def consent(**fields) -> ConsentRecord:
    values = {
        "patient_reference": "PT-00421",
        "consented_on": datetime.date(2026, 6, 1),
        "website": True,
        "app": True,
        **fields,
    }
    return ConsentRecord.objects.create(**values)


def pair_article(index, record: ConsentRecord, pair: dict | None = None, **fields) -> ArticlePage:
    before, after = ImageFactory(title="Before"), ImageFactory(title="After")
    treatment, _ = Treatment.objects.get_or_create(name="Microneedling", slug="microneedling")
    value = {
        "before": before.pk,
        "before_alt": "Cheek with acne scarring",
        "after": after.pk,
        "after_alt": "The same cheek, scarring softened",
        "treatment": treatment.pk,
        "time_between": "Three months",
        "caption": "After three sessions",
        "consent": record.pk,
        **(pair or {}),
    }
    return ArticlePageFactory(parent=index, body=body(("before_after", value)), **fields)


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


def consent_form(**overrides) -> dict:
    data = {
        "patient_reference": "PT-00421",
        "consented_on": "2026-06-01",
        "website": "on",
        "app": "on",
        "expires_on": "2027-06-01",
        "withdrawn_at": "",
        "notes": "Signed form scanned to the patient record.",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


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


@pytest.fixture
def receivers(settings):
    from blog.delivery.webhooks import create_endpoint

    webhooks, cdn = Receiver().start(), Receiver().start()
    settings.CDN_BASE_URL = "https://cms.example-clinic.com"
    settings.WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": cdn.url,
        }
    }
    create_endpoint(url=webhooks.url, event_types=["consent.changed"])
    yield webhooks, cdn
    webhooks.stop()
    cdn.stop()


def test_withdrawing_consent_takes_the_photos_off_everywhere(
    admin_client, client, index, committed, receivers, mailoutbox, django_user_model
):
    webhooks, cdn = receivers
    editor = django_user_model.objects.create_user("editor", email="editor@example-clinic.com")
    record = consent()
    article = committed(lambda: pair_article(index, record, slug="acne-scars", owner=editor))
    other = committed(lambda: ArticlePageFactory(parent=index, slug="unrelated"))
    detail_url = f"/api/v1/articles/{article.slug}/"
    assert client.get(detail_url).json()["body"][0]["type"] == "before_after"
    cursor = client.get("/api/v1/sync/").json()["next_cursor"]
    renditions = list(get_image_model().get_rendition_model().objects.all())
    files = [rendition.file.name for rendition in renditions]
    assert renditions and all(default_storage.exists(name) for name in files)
    originals = {image.pk: image.file.name for image in get_image_model().objects.all()}
    assert all(default_storage.exists(name) for name in originals.values())
    webhooks.requests.clear()
    cdn.requests.clear()

    edit = reverse("wagtailsnippets_blog_consentrecord:edit", args=[record.pk])
    response = committed(
        lambda: admin_client.post(edit, consent_form(withdrawn_at="2026-12-01 11:30"))
    )
    assert response.status_code == 302

    # The site and the API at once.
    assert "scarring softened" not in client.get(article.url).content.decode()
    assert client.get(detail_url).json()["body"] == []
    # Sync resends the article, and only it.
    resent = client.get("/api/v1/sync/", {"since": cursor}).json()
    assert [a["id"] for a in resent["articles"]] == [article.pk]
    assert resent["articles"][0]["body"] == []
    # The CDN is told, and webhook receivers hear which article changed.
    purged = {r.path for r in cdn.requests}
    assert "/api/v1/articles/acne-scars/" in purged and "/articles/acne-scars/" in purged
    assert "/api/v1/articles/unrelated/" not in purged
    # So are the photos' resized copies it may hold.
    assert {f"/media/{name}" for name in files} <= purged
    (sent,) = webhooks.requests
    assert b'"consent.changed"' in sent.body and b"acne-scars" in sent.body
    assert b"PT-00421" not in sent.body and other.slug.encode() not in sent.body
    # The resized copies are gone from storage.
    assert not get_image_model().get_rendition_model().objects.exists()
    assert not any(default_storage.exists(name) for name in files)
    # A rendition's name gives its original's away: the originals stay in the library for
    # staff, under new names; nothing is left at the old addresses, and the CDN is told.
    for image in get_image_model().objects.all():
        old = originals[image.pk]
        assert image.file.name != old and default_storage.exists(image.file.name)
        assert image.file.name.rpartition("/")[2] not in old
        assert not default_storage.exists(old)
        assert f"/media/{old}" in purged
    # Nothing is left to delete.
    assert ConsentRecord.objects.get(pk=record.pk).files_to_delete is None
    # The audit log and the editors.
    logged = PageLogEntry.objects.get(page=article, action="blog.consent_ended")
    assert logged.data["reason"] == "withdrawn"
    (mail,) = mailoutbox
    assert mail.to == ["editor@example-clinic.com"] and article.title in mail.body
    assert reverse("wagtailadmin_pages:edit", args=[article.pk]) in mail.body
    history = admin_client.get(reverse("wagtailadmin_pages:history", args=[article.pk]))
    assert "consent ended" in history.content.decode()
    # Carried out once: saving the withdrawn record again tells no one twice.
    committed(lambda: ConsentRecord.objects.get(pk=record.pk).save())
    assert len(mailoutbox) == 1


def test_an_expired_consent_hides_the_photos_the_next_day_and_then_ends_everywhere(
    client, index, committed, time_machine
):
    record = consent(expires_on=TODAY)
    article = committed(lambda: pair_article(index, record))
    detail_url = f"/api/v1/articles/{article.slug}/"
    (block,) = client.get(detail_url).json()["body"]
    assert block["value"]["shown_until"] == "2026-12-01"
    cursor = client.get("/api/v1/sync/").json()["next_cursor"]

    time_machine.move_to(datetime.datetime(2026, 12, 2, 0, 0, 1, tzinfo=datetime.UTC))
    # Nothing has run yet: every read checks the date.
    assert client.get(detail_url).json()["body"] == []
    assert "scarring softened" not in client.get(article.url).content.decode()
    assert client.get("/api/v1/sync/", {"since": cursor}).json()["articles"] == []
    # The worker's clock (or cron) carries it out: sync resends, the log records it.
    assert committed(expire_consents) == 1
    resent = client.get("/api/v1/sync/", {"since": cursor}).json()["articles"]
    assert [a["id"] for a in resent] == [article.pk]
    assert PageLogEntry.objects.filter(page=article, action="blog.consent_ended").count() == 1
    assert committed(expire_consents) == 0


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


def test_a_withdrawal_whose_task_was_lost_is_carried_out_by_the_clock(
    client, index, committed, mailoutbox
):
    record = consent()
    article = committed(lambda: pair_article(index, record))
    client.get(f"/api/v1/articles/{article.slug}/")  # renditions made
    withdrawn = datetime.datetime(2026, 12, 1, 11, 0, tzinfo=datetime.UTC)
    # Written without signals, as if the queue had been down when it was saved.
    ConsentRecord.objects.filter(pk=record.pk).update(withdrawn_at=withdrawn)
    assert get_image_model().get_rendition_model().objects.exists()
    soon = withdrawn + datetime.timedelta(minutes=5)
    assert committed(lambda: expire_consents(now=soon)) == 0  # its own task may still run
    later = withdrawn + datetime.timedelta(minutes=30)
    assert committed(lambda: expire_consents(now=later)) == 1
    assert not get_image_model().get_rendition_model().objects.exists()
    assert PageLogEntry.objects.filter(page=article, action="blog.consent_ended").exists()
    assert committed(lambda: expire_consents(now=later)) == 0


def test_files_an_ending_could_not_delete_are_deleted_by_the_clock(index, committed):
    """The old names are listed on the record in the transaction that stops using them; a
    file still there after the commit (storage was down, the worker stopped) goes on the
    clock's next run."""
    record = consent()
    committed(lambda: pair_article(index, record))
    photo = get_image_model().objects.get(title="Before")
    old_name = photo.file.name
    record.withdrawn_at = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
    committed(record.save)
    assert not default_storage.exists(old_name)
    # As if deleting it had failed after the commit.
    photo.refresh_from_db()
    with photo.file.open("rb") as kept:
        ConsentRecord.objects.filter(pk=record.pk).update(
            files_to_delete=[["original", default_storage.save(old_name, kept)]]
        )
    assert default_storage.exists(old_name)
    committed(expire_consents)
    assert not default_storage.exists(old_name)
    assert ConsentRecord.objects.get(pk=record.pk).files_to_delete is None


def test_wagtails_own_image_api_never_lists_patient_photos(client, index, committed, image):
    record = consent()
    committed(lambda: pair_article(index, record))
    committed(lambda: ArticlePageFactory(parent=index, hero_image=image))
    listed = client.get("/api/v2/images/").json()
    assert [found["id"] for found in listed["items"]] == [image.pk]
    photo = get_image_model().objects.get(title="After")
    assert client.get(f"/api/v2/images/{photo.pk}/").status_code == 404


def test_a_photo_also_used_elsewhere_still_shows_there(client, index, committed):
    record = consent()
    committed(lambda: pair_article(index, record))
    photo = get_image_model().objects.get(title="After")
    image_block = ("image", {"image": photo.pk, "alt_text": "Healed skin", "caption": ""})
    other = committed(lambda: ArticlePageFactory(parent=index, body=body(image_block)))
    url = f"/api/v1/articles/{other.slug}/"
    assert client.get(url).json()["body"][0]["value"]["image"]
    record.withdrawn_at = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
    committed(record.save)
    # Its renditions were deleted; the other article is rendered again with new ones.
    shown = client.get(url).json()["body"][0]["value"]["image"]
    names = [entry.split()[0].split("/media/", 1)[1] for entry in shown["srcset"].split(", ")]
    assert names and all(default_storage.exists(name) for name in names)


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


def test_search_never_finds_an_article_by_the_words_of_its_pair(index, committed):
    """A pair's alt texts and caption describe a patient's photos: searching them would
    still find the article after consent ends, so they are not indexed."""
    record = consent()
    article = committed(lambda: pair_article(index, record, title="Microneedling results"))
    article.body.append(("paragraph", RichText("<p>Collagen remodelling takes weeks.</p>")))
    committed(lambda: article.save_revision().publish())

    def search(query: str) -> list[str]:
        return [page.title for page in ArticlePage.objects.live().search(query)]

    assert search("remodelling") == ["Microneedling results"]  # the rest of the body is
    assert search("softened") == [] and search("sessions") == []
