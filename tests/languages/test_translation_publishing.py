"""wagtail-localize's ways of publishing a translation pass the page editor's checks: its
translation editor's Publish and "Sync translated pages" with "Publish immediately" refuse a
translation with a blocking compliance finding, and publish one without."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from blog.models import ArticlePage, ComplianceRule
from tests.factories import ArticlePageFactory


@pytest.fixture
def french_draft(admin_client, index):
    article = ArticlePageFactory(
        parent=index, title="Your skin after a peel", intro="A gentle peel for every skin."
    )
    article.save_revision().publish()
    french = Locale.objects.get(language_code="fr")
    submit = reverse("wagtail_localize:submit_page_translation", args=[article.pk])
    assert admin_client.post(submit, {"locales": [french.pk]}).status_code == 302
    return ArticlePage.objects.get(locale=french, translation_key=article.translation_key)


def blocking_rule(pattern: str) -> ComplianceRule:
    return ComplianceRule.objects.create(
        name="Promise of no pain",
        pattern=pattern,
        severity=ComplianceRule.Severity.BLOCK,
        explanation="Advertising rules forbid it.",
    )


def post(client, url: str, data: dict, capture) -> list[str]:
    """POST as the admin does (publishing runs when the transaction commits); the messages."""
    with capture(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    return [str(message) for message in get_messages(response.wsgi_request)]


def publish_in_translation_editor(admin_client, page, capture) -> list[str]:
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return post(admin_client, edit, {"action": "publish"}, capture)


def test_the_translation_editor_publishes_a_translation_that_passes(
    admin_client, french_draft, django_capture_on_commit_callbacks
):
    publish_in_translation_editor(admin_client, french_draft, django_capture_on_commit_callbacks)
    french_draft.refresh_from_db()
    assert french_draft.live


def test_the_translation_editor_refuses_a_blocking_finding(
    admin_client, french_draft, django_capture_on_commit_callbacks
):
    blocking_rule("gentle")
    said = publish_in_translation_editor(
        admin_client, french_draft, django_capture_on_commit_callbacks
    )
    french_draft.refresh_from_db()
    assert not french_draft.live
    [refusal] = [m for m in said if "was not published" in m]
    assert "français" in refusal and "“gentle”" in refusal


def test_sync_with_publish_refuses_translations_with_a_blocking_finding(
    admin_client, french_draft, django_capture_on_commit_callbacks
):
    source = ArticlePage.objects.get(locale__language_code="en-gb", slug=french_draft.slug)
    blocking_rule("painless")
    # An approver published the source despite the finding, with a reason (page editor).
    source.intro = "A painless peel."
    source.save_revision().publish()
    translation_source = TranslationSource.objects.get(object_id=source.translation_key)
    sync = reverse("wagtail_localize:update_translations", args=[translation_source.pk])
    said = post(
        admin_client, sync, {"publish_translations": "on"}, django_capture_on_commit_callbacks
    )
    french_draft.refresh_from_db()
    assert not french_draft.live
    assert any("The français translation was not published" in m for m in said)


def test_sync_with_publish_publishes_translations_that_pass(
    admin_client, french_draft, django_capture_on_commit_callbacks
):
    source = ArticlePage.objects.get(locale__language_code="en-gb", slug=french_draft.slug)
    translation_source = TranslationSource.objects.get(object_id=source.translation_key)
    sync = reverse("wagtail_localize:update_translations", args=[translation_source.pk])
    post(admin_client, sync, {"publish_translations": "on"}, django_capture_on_commit_callbacks)
    french_draft.refresh_from_db()
    assert french_draft.live
