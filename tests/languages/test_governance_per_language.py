"""Clinical governance in each language: compliance rules have a language and check only
text in it; each translation has its own medical review and schedule, found under any of
its reviewer's profiles; a before/after pair's photos and consent are the source's in
every translation, so one consent covers, and its end takes the photos off, every
translation that shows them."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import Locale, PageLogEntry
from wagtail_localize.models import OverridableSegment, StringSegment, TranslationSource

from blog.governance.compliance import check_page
from blog.governance.digest import send_review_digests
from blog.governance.reviews import clinical_reviewers, reviews_due
from blog.models import ArticlePage, ComplianceRule, ConsentRecord
from tests.consent_data import consent, consent_form, pair_article
from tests.factories import ArticlePageFactory, AuthorFactory, ImageFactory, translate_page

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC))


def french() -> Locale:
    return Locale.objects.get(language_code="fr")


# Compliance rules with a language -----------------------------------------------------------


def found(page: ArticlePage) -> list[tuple[str, str]]:
    return [(finding.rule, finding.match) for finding in check_page(page)]


def test_a_french_rule_checks_french_text_and_an_english_rule_english_text(index):
    # The default rules: the English set, and the French set since French is configured.
    assert ComplianceRule.objects.get(name="Painless").language == "en"
    assert ComplianceRule.objects.get(name="Indolore").language == "fr"
    english = ArticlePageFactory(
        parent=index, intro="Painless, they say; in French, indolore.", title="A peel"
    )
    translation = translate_page(
        english, "fr", title="Un peeling", intro="Un soin indolore, painless en anglais."
    )
    assert found(english) == [("Painless", "Painless")]
    assert found(translation) == [("Indolore", "indolore")]


def test_a_rule_for_every_language_checks_every_translation(index):
    ComplianceRule.objects.create(
        name="Miracle brand", pattern="Miraclox", explanation="A brand.", language=""
    )
    english = ArticlePageFactory(parent=index, intro="Miraclox for all.")
    translation = translate_page(english, "fr", intro="Miraclox pour tous.")
    assert found(english) == found(translation) == [("Miracle brand", "Miraclox")]


def test_a_french_rule_applies_to_french_written_for_canada(index):
    english = ArticlePageFactory(parent=index, intro="A gentle peel.")
    canadian = translate_page(english, "fr-ca", intro="Un peeling sans douleur.")
    assert found(canadian) == [("Indolore", "sans douleur")]


def test_publishing_a_translation_meets_its_languages_blocking_rules(
    admin_client, index, django_capture_on_commit_callbacks
):
    # French words in an English text: the French rule does not check it.
    english = ArticlePageFactory(parent=index, title="Results", intro="Résultats garantis!")
    english.save_revision().publish()
    assert found(ArticlePage.objects.get(pk=english.pk)) == []
    submit = reverse("wagtail_localize:submit_page_translation", args=[english.pk])
    assert admin_client.post(submit, {"locales": [french().pk]}).status_code == 302
    draft = ArticlePage.objects.get(locale=french(), translation_key=english.translation_key)

    # Published untranslated, the intro is French text with a blocking French finding.
    edit = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(edit, {"action": "publish"}).status_code == 302
    draft.refresh_from_db()
    assert not draft.live
    assert ("Résultats garantis", "garantis") in found(draft.get_latest_revision_as_object())


def test_staff_give_a_rule_its_language_and_filter_rules_by_it(admin_client):
    add = reverse("wagtailsnippets_blog_compliancerule:add")
    form = admin_client.get(add).content.decode()
    assert 'name="language"' in form
    assert ">Every language<" in form and 'value="fr"' in form and 'value="en"' in form
    response = admin_client.post(
        add,
        {
            "name": "Sans cicatrice",
            "pattern": "sans cicatrice",
            "severity": "warn",
            "explanation": "Une cicatrice reste possible.",
            "language": "fr",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert ComplianceRule.objects.get(name="Sans cicatrice").language == "fr"
    listing = reverse("wagtailsnippets_blog_compliancerule:list")
    html = admin_client.get(listing, {"language": "fr"}).content.decode()
    assert "Sans cicatrice" in html and "Indolore" in html and "Painless" not in html


# A medical review and a schedule per translation --------------------------------------------


@pytest.fixture
def reviewer(django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(
        "dr.lee", email="dr.lee@example-clinic.com", password="x"
    )
    user.user_permissions.add(Permission.objects.get(codename="clinical_reviewer"))
    return AuthorFactory(name="Dr Lee", user=user)


def test_a_translation_starts_unreviewed_and_keeps_its_own_schedule(index, reviewer):
    english = ArticlePageFactory(
        parent=index, title="Peel aftercare", reviewed_by=reviewer, last_reviewed=TODAY
    )
    english.save_revision().publish()
    translation = translate_page(english, "fr", title="Soins après un peeling")
    assert translation.reviewed_by is None and translation.next_review_due is None

    due = list(reviews_due(today=TODAY))
    assert translation in due and ArticlePage.objects.get(pk=english.pk) not in due

    # Reviewed in French a year ago: due now, while the English is due next year.
    translation.reviewed_by = reviewer
    translation.last_reviewed = datetime.date(2025, 11, 1)
    translation.save_revision().publish()
    english.refresh_from_db()
    assert english.next_review_due == datetime.date(2027, 12, 1)
    assert ArticlePage.objects.get(pk=translation.pk).next_review_due == datetime.date(2026, 11, 1)


def test_a_translation_of_a_reviewers_profile_signs_off_as_they_do(index, reviewer):
    french_profile = reviewer.copy_for_translation(french())
    french_profile.save()
    assert set(clinical_reviewers()) == {reviewer, french_profile}
    english = ArticlePageFactory(parent=index, title="Peel aftercare")
    english.save_revision().publish()
    translation = translate_page(
        english,
        "fr",
        title="Soins après un peeling",
        reviewed_by=french_profile,
        last_reviewed=datetime.date(2025, 11, 1),
    )

    # Their weekly mail and their dashboard find it under the French profile.
    assert send_review_digests(today=TODAY) == 1
    (digest,) = mail.outbox
    assert digest.to == ["dr.lee@example-clinic.com"] and "Soins après un peeling" in digest.body
    assert reverse("wagtailadmin_pages:edit", args=[translation.pk]) in digest.body


def test_the_reviews_due_report_shows_each_translation_with_its_language(
    admin_client, index, reviewer
):
    english = ArticlePageFactory(
        parent=index,
        title="Peel aftercare",
        reviewed_by=reviewer,
        last_reviewed=datetime.date(2025, 11, 1),
    )
    english.save_revision().publish()
    translate_page(english, "fr", title="Soins après un peeling")
    url = reverse("blog_reviews_due")

    html = admin_client.get(url).content.decode()
    assert "<th>Language</th>" in html
    assert "Peel aftercare" in html and "Soins après un peeling" in html
    assert french().get_display_name() in html and "Never reviewed" in html
    html = admin_client.get(url, {"locale": french().pk}).content.decode()
    assert "Soins après un peeling" in html and "Peel aftercare" not in html
    html = admin_client.get(url, {"reviewed_by": reviewer.pk}).content.decode()
    assert "Peel aftercare" in html and "Soins après un peeling" not in html


# One consent for every translation that shows the photos ------------------------------------


def test_a_pairs_photos_and_consent_are_not_offered_to_the_translator(index):
    article = pair_article(index, consent())
    source, _ = TranslationSource.get_or_create_from_instance(article)
    overridable = {
        segment.context.path for segment in OverridableSegment.objects.filter(source=source)
    }
    strings = {segment.string.data for segment in StringSegment.objects.filter(source=source)}
    assert not [path for path in overridable if "before_after" in path]
    assert {"Cheek with acne scarring", "After three sessions"} <= strings


def test_a_sync_brings_the_sources_new_photos_and_consent(index):
    first, second = consent(), consent(patient_reference="PT-00422")
    english = pair_article(index, first)
    english.save_revision().publish()
    translation = translate_page(english, "fr")
    assert translation.body[0].value["consent"] == first

    photo = ImageFactory(title="After, retaken")
    english.body[0].value["consent"] = second
    english.body[0].value["after"] = photo
    english.save_revision().publish()
    source, _ = TranslationSource.get_or_create_from_instance(english)
    source.update_from_db()
    source.create_or_update_translation(french(), publish=True, fallback=True)
    pair = ArticlePage.objects.get(pk=translation.pk).body[0].value
    assert pair["consent"] == second and pair["after"] == photo


def test_withdrawing_consent_takes_the_photos_off_every_translation(
    admin_client, client, index, committed, mailoutbox, django_user_model
):
    editor = django_user_model.objects.create_user("editor", email="editor@example-clinic.com")
    record = consent()
    english = committed(lambda: pair_article(index, record, slug="acne-scars", owner=editor))
    translation = committed(lambda: translate_page(english, "fr", title="Cicatrices d'acné"))
    french_api = f"/api/v1/articles/{translation.slug}/?locale=fr"
    assert client.get(french_api).json()["body"][0]["type"] == "before_after"
    assert "acne scarring" in client.get(translation.url).content.decode()

    edit = reverse("wagtailsnippets_blog_consentrecord:edit", args=[record.pk])
    response = committed(
        lambda: admin_client.post(edit, consent_form(withdrawn_at="2026-12-01 11:30"))
    )
    assert response.status_code == 302

    assert client.get(french_api).json()["body"] == []
    assert "acne scarring" not in client.get(translation.url).content.decode()
    for page in (english, translation):
        assert PageLogEntry.objects.filter(page=page, action="blog.consent_ended").exists()
    (notice,) = mailoutbox
    assert "Cicatrices d'acné" in notice.body and english.title in notice.body
    assert ConsentRecord.objects.get(pk=record.pk).end_handled_at is not None
