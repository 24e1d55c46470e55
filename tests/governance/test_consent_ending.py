"""When consent ends (withdrawn or expired), the photos are taken off everywhere: the site,
the API, sync, CDN purges and webhooks; their files leave storage, editors are told and the
audit log says so, and search never finds a pair's words."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import PageLogEntry
from wagtail.rich_text import RichText

from blog.governance.consent import expire_consents
from blog.models import ArticlePage, ConsentRecord
from tests.consent_data import TODAY, consent, consent_form, pair_article
from tests.factories import ArticlePageFactory, body
from tests.http_receiver import Receiver


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC))


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
