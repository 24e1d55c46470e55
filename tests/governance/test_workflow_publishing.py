"""Approving a workflow publishes only what the editor's Publish button would: an article with
a blocking compliance finding, or a before/after pair without consent for the website, is
held (approved, not published, the history and mail say why). Through Wagtail's own views."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageLogEntry, Workflow, WorkflowState
from wagtail.test.utils.form_data import rich_text, streamfield

from blog.models import ArticlePage, ConsentRecord, Treatment
from tests.admin_forms import article_form
from tests.factories import ArticlePageFactory, ImageFactory, body


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        "editor", email="editor@example-clinic.com", password="pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user(
        "moderator", email="moderator@example-clinic.com", password="pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def submitted(article: ArticlePage, editor) -> WorkflowState:
    """The editor's draft, submitted to the default "Moderators approval" workflow."""
    article.owner = editor
    article.save_revision(user=editor)
    return Workflow.objects.get(name="Moderators approval").start(article, editor)


def approve(client, moderator, article: ArticlePage, state: WorkflowState):
    """The moderator approves from the dashboard's "Awaiting your review" (Wagtail's view)."""
    client.force_login(moderator)
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[article.pk, "approve", state.current_task_state.pk],
    )
    return client.post(url, {"comment": ""})


def test_an_article_that_passes_is_published_on_approval(
    client, index, editor, moderator, committed
):
    article = ArticlePageFactory(parent=index, live=False, intro="What to expect.")
    state = submitted(article, editor)
    assert committed(lambda: approve(client, moderator, article, state)).status_code == 302
    article.refresh_from_db()
    assert article.live
    assert not PageLogEntry.objects.filter(page=article, action="blog.publish_held").exists()


def test_a_blocking_finding_holds_the_approved_article(
    client, index, editor, moderator, committed, mailoutbox
):
    article = ArticlePageFactory(parent=index, live=False, intro="Results guaranteed.")
    state = submitted(article, editor)
    assert committed(lambda: approve(client, moderator, article, state)).status_code == 302

    article.refresh_from_db()
    assert not article.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    held = PageLogEntry.objects.get(page=article, action="blog.publish_held")
    assert held.user == moderator
    assert "“guaranteed” in Intro" in held.data["reasons"][0]
    history = client.get(reverse("wagtailadmin_pages:history", args=[article.pk]))
    assert "Approved in a workflow, not published" in history.content.decode()
    # The owner (who also wrote the revision) and the approver are told, with the link,
    # besides Wagtail's own workflow notifications.
    mails = [m for m in mailoutbox if m.subject == f"Approved, not published: {article.title}"]
    assert sorted(m.to[0] for m in mails) == [
        "editor@example-clinic.com",
        "moderator@example-clinic.com",
    ]
    mail = mails[0]
    assert "guaranteed" in mail.body and f"/admin/pages/{article.pk}/edit/" in mail.body


def test_approving_from_the_editor_holds_it_too(
    client, index, editor, moderator, committed, mailoutbox
):
    article = ArticlePageFactory(parent=index, live=False)
    state = submitted(article, editor)
    client.force_login(moderator)
    form = article_form(
        title=article.title,
        slug=article.slug,
        body=streamfield([("paragraph", rich_text("<p>Our Botox menu.</p>"))]),
        **{"action-workflow-action": "true", "workflow-action-name": "approve"},
    )
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    response = committed(lambda: client.post(url, form, follow=True))
    assert "Approved, but not published: Blocking compliance findings" in (
        response.content.decode()
    )
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    article.refresh_from_db()
    assert not article.live
    (held,) = PageLogEntry.objects.filter(page=article, action="blog.publish_held")
    assert "Botox" in held.data["reasons"][0]


def test_a_pair_without_consent_for_the_website_is_held(
    client, index, editor, moderator, committed
):
    record = ConsentRecord.objects.create(
        patient_reference="PT-00421",
        consented_on=datetime.date(2026, 6, 1),
        website=False,
        app=True,
    )
    treatment = Treatment.objects.create(name="Microneedling", slug="microneedling")
    pair = {
        "before": ImageFactory().pk,
        "before_alt": "Cheek before",
        "after": ImageFactory().pk,
        "after_alt": "Cheek after",
        "treatment": treatment.pk,
        "time_between": "Three months",
        "caption": "",
        "consent": record.pk,
    }
    article = ArticlePageFactory(parent=index, live=False, body=body(("before_after", pair)))
    state = submitted(article, editor)
    committed(lambda: approve(client, moderator, article, state))
    article.refresh_from_db()
    assert not article.live
    (held,) = PageLogEntry.objects.filter(page=article, action="blog.publish_held")
    assert held.data["reasons"] == [
        "The consent for the before and after pair (PT-00421) is valid for app: "
        "it does not allow the website today."
    ]
