"""The compliance check in the admin, through the real Wagtail views: the rules snippet, the
editor's findings panel, refusing to publish, exceptions and their report, and the demo."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Locale, PageLogEntry
from wagtail.test.utils.form_data import rich_text, streamfield

from blog.governance.compliance import blocking, check_page
from blog.models import ArticlePage, ComplianceException, ComplianceRule
from tests.admin_forms import article_form
from tests.factories import ArticlePageFactory

BOTOX = "Prescription-only medicine named (botulinum toxin)"


# The rules snippet --------------------------------------------------------------------------


def rule_form(**overrides) -> dict:
    data = {
        "name": "Before-and-after",
        "pattern": "before and after",
        "severity": "warn",
        "explanation": "Before-and-after photos must not be retouched.",
        "reference": "CAP Code 12.1",
        "active": "on",
    }
    return {**data, **overrides}


def test_rules_are_edited_as_a_snippet(admin_client):
    url = reverse("wagtailsnippets_blog_compliancerule:add")
    response = admin_client.post(url, rule_form())
    assert response.status_code == 302
    assert ComplianceRule.objects.filter(name="Before-and-after", is_regex=False).exists()
    listing = admin_client.get(reverse("wagtailsnippets_blog_compliancerule:list"))
    assert "Before-and-after" in listing.content.decode()
    assert reverse("wagtailsnippets_blog_compliancerule:list") in (
        admin_client.get("/admin/").content.decode()
    )


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(unclosed", "not a valid regular expression"),
        ("[z-a]", "not a valid regular expression"),
        ("x{2,1}", "not a valid regular expression"),
        ("a*", "matches empty text"),
        (r"(a+)+$", "takes too long"),
        (r"(\w+\s?)+$", "takes too long"),
        ("a" * 501, "500 characters"),
    ],
)
def test_a_bad_regular_expression_is_a_form_error(admin_client, pattern, message):
    url = reverse("wagtailsnippets_blog_compliancerule:add")
    response = admin_client.post(url, rule_form(pattern=pattern, is_regex="on"))
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["pattern"])
    assert not ComplianceRule.objects.filter(name="Before-and-after").exists()


def test_the_permission_is_granted_to_groups_in_the_admin(admin_client):
    html = admin_client.get(reverse("wagtailusers_groups:add")).content.decode()
    assert "Can approve compliance exceptions" in html


# The editor ---------------------------------------------------------------------------------


@pytest.fixture
def moderator(client, django_user_model):
    """Can publish, but not approve compliance exceptions."""
    user = django_user_model.objects.create_user("moderator", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(user)
    return user


def edit_url(article) -> str:
    return reverse("wagtailadmin_pages:edit", args=[article.pk])


def with_paragraph(article, html: str, **overrides) -> dict:
    return article_form(
        title=article.title,
        slug=article.slug,
        body=streamfield([("paragraph", rich_text(html))]),
        **overrides,
    )


def test_the_editor_shows_findings_from_the_saved_draft(admin_client, index):
    article = ArticlePageFactory(parent=index, intro="Short and painless.")
    html = admin_client.get(edit_url(article)).content.decode()
    assert "Compliance check" in html
    assert "Short and <mark>painless</mark>." in html
    assert "Warning: Painless" in html and "Intro" in html
    # A save shows the new findings at once.
    admin_client.post(edit_url(article), with_paragraph(article, "<p>Our Botox menu.</p>"))
    html = admin_client.get(edit_url(article)).content.decode()
    assert "Our <mark>Botox</mark> menu." in html
    assert f"Blocks publishing: {BOTOX}" in html


def test_an_article_without_findings_shows_no_panel(admin_client, index):
    article = ArticlePageFactory(parent=index)
    assert "data-compliance-panel" not in admin_client.get(edit_url(article)).content.decode()


def test_a_blocking_finding_refuses_publishing_but_not_saving(client, moderator, index):
    article = ArticlePageFactory(parent=index, live=False)
    form = with_paragraph(article, "<p>Results guaranteed.</p>")
    refused = client.post(edit_url(article), {**form, "action-publish": "publish"})
    assert refused.status_code == 200
    assert "cannot be published" in str(refused.context["form"].non_field_errors())
    assert "“guaranteed” in Body, block 1 (Paragraph)" in refused.content.decode()
    # The reason box is for approvers only; a moderator's reason is ignored.
    assert 'name="compliance_exception_reason"' not in refused.content.decode()
    sneaky = client.post(
        edit_url(article),
        {**form, "action-publish": "publish", "compliance_exception_reason": "Trust me"},
    )
    assert sneaky.status_code == 200
    article.refresh_from_db()
    assert not article.live
    assert client.post(edit_url(article), form).status_code == 302  # a draft is saved
    assert (
        client.post(
            edit_url(article),
            {**with_paragraph(article, "<p>Results vary.</p>"), "action-publish": "publish"},
        ).status_code
        == 302
    )
    article.refresh_from_db()
    assert article.live
    assert not ComplianceException.objects.exists()


def test_warnings_alone_do_not_refuse_publishing(client, moderator, index):
    article = ArticlePageFactory(parent=index, live=False)
    form = with_paragraph(article, "<p>Nearly painless.</p>")
    assert client.post(edit_url(article), {**form, "action-publish": "p"}).status_code == 302
    article.refresh_from_db()
    assert article.live


def test_an_approver_publishes_with_a_reason_that_is_recorded(admin_client, admin_user, index):
    article = ArticlePageFactory(parent=index, live=False)
    form = {**with_paragraph(article, "<p>Risk-free peels.</p>"), "action-publish": "publish"}
    without = admin_client.post(edit_url(article), form)
    assert without.status_code == 200
    assert "give your reason" in str(without.context["form"].errors["compliance_exception_reason"])
    assert 'name="compliance_exception_reason"' in without.content.decode()

    reason = "Quoting the ASA ruling we were asked about, in a news context."
    published = admin_client.post(
        edit_url(article), {**form, "compliance_exception_reason": reason}
    )
    assert published.status_code == 302
    article.refresh_from_db()
    assert article.live
    exception = ComplianceException.objects.get()
    assert (exception.page, exception.user, exception.reason) == (article, admin_user, reason)
    assert exception.revision == article.live_revision
    assert [f["match"] for f in exception.findings] == ["Risk-free"]
    entry = PageLogEntry.objects.get(page=article, action="blog.compliance_exception")
    assert entry.user == admin_user and entry.data["reason"] == reason
    history = admin_client.get(reverse("wagtailadmin_pages:history", args=[article.pk]))
    assert "Published despite 1 blocking compliance finding" in history.content.decode()


def test_publish_from_someone_who_may_not_publish_is_a_plain_save(client, index, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    article = ArticlePageFactory(parent=index, live=False)
    form = {**with_paragraph(article, "<p>Botox.</p>"), "action-publish": "publish"}
    assert client.post(edit_url(article), form).status_code == 302
    article.refresh_from_db()
    assert not article.live and article.has_unpublished_changes


def test_a_scheduled_publish_with_a_reason_is_recorded(admin_client, index):
    article = ArticlePageFactory(parent=index)
    form = {
        **with_paragraph(article, "<p>Guaranteed glow.</p>"),
        "go_live_at": "2099-01-01 09:00",
        "action-publish": "publish",
        "compliance_exception_reason": "Approved by our adviser",
    }
    assert admin_client.post(edit_url(article), form).status_code == 302
    exception = ComplianceException.objects.get()
    assert [f["match"] for f in exception.findings] == ["Guaranteed"]


def test_a_reason_is_limited_in_length_not_a_crash(admin_client, index):
    article = ArticlePageFactory(parent=index, live=False)
    form = {**with_paragraph(article, "<p>Botox.</p>"), "action-publish": "publish"}
    response = admin_client.post(
        edit_url(article), {**form, "compliance_exception_reason": "x" * 5000}
    )
    assert response.status_code == 200
    assert "compliance_exception_reason" in response.context["form"].errors
    assert not ComplianceException.objects.exists()


def test_publishing_a_new_article_is_checked_too(client, moderator, index):
    url = reverse("wagtailadmin_pages:add", args=["blog", "articlepage", index.pk])
    form = article_form(slug="new-botox-article", intro="All about Botox.")
    response = client.post(url, {**form, "action-publish": "publish"})
    assert response.status_code == 200
    assert "cannot be published" in str(response.context["form"].non_field_errors())
    assert not ArticlePage.objects.filter(slug="new-botox-article").exists()


def test_bulk_publishing_refuses_articles_with_blocking_findings(admin_client, index):
    article = ArticlePageFactory(parent=index, live=False, intro="Botox, explained.")
    fine = ArticlePageFactory(parent=index, live=False)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    response = admin_client.post(f"{url}?id={article.pk}&id={fine.pk}", {})
    assert response.status_code == 302
    article.refresh_from_db()
    fine.refresh_from_db()
    assert not article.live and not fine.live
    assert admin_client.post(f"{url}?id={fine.pk}", {}).status_code == 302
    fine.refresh_from_db()
    assert fine.live


def test_bulk_publishing_a_section_with_its_pages_checks_the_articles_below(admin_client, home):
    from tests.factories import ArticleIndexPageFactory

    section = ArticleIndexPageFactory(parent=home, slug="section", live=False)
    article = ArticlePageFactory(parent=section, live=False, intro="Botox, explained.")
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    next_url = "https://elsewhere.example/"
    response = admin_client.post(
        f"{url}?id={section.pk}&next={next_url}", {"include_descendants": "on"}
    )
    assert response.status_code == 302 and not response["Location"].startswith(next_url)
    article.refresh_from_db()
    section.refresh_from_db()
    assert not article.live and not section.live


def test_an_approver_who_cannot_publish_records_no_exception(client, index, django_user_model):
    from django.contrib.auth.models import Group, Permission

    approver = django_user_model.objects.create_user("approver", password="pw", is_staff=True)
    approver.groups.add(Group.objects.get(name="Editors"))  # may edit, not publish
    approver.user_permissions.add(Permission.objects.get(codename="approve_compliance_exceptions"))
    client.force_login(approver)
    article = ArticlePageFactory(parent=index, live=False)
    form = {**with_paragraph(article, "<p>Botox.</p>"), "action-publish": "publish"}
    response = client.post(
        edit_url(article), {**form, "compliance_exception_reason": "Quoted from a trial."}
    )
    assert response.status_code == 302  # Wagtail saved a draft
    article.refresh_from_db()
    assert not article.live
    assert not ComplianceException.objects.exists()


# The report ---------------------------------------------------------------------------------


def test_the_report_lists_exceptions_and_exports_them(admin_client, admin_user, index):
    article = ArticlePageFactory(parent=index, title="Peel prices")
    ComplianceException.objects.create(
        page=article,
        page_title=article.title,
        user=admin_user,
        reason="Quoted in a news item",
        findings=[{"rule": BOTOX, "match": "Botox", "field": "Intro"}],
    )
    html = admin_client.get(reverse("blog_compliance_exceptions")).content.decode()
    assert "Peel prices" in html and "Quoted in a news item" in html
    assert "“Botox” in Intro" in html
    assert reverse("blog_compliance_exceptions") in admin_client.get("/admin/").content.decode()
    export = admin_client.get(reverse("blog_compliance_exceptions"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[0] == ["When", "Article", "Approved by", "Reason", "Findings"]
    assert rows[1][1:4] == ["Peel prices", admin_user.get_username(), "Quoted in a news item"]
    xlsx = admin_client.get(reverse("blog_compliance_exceptions"), {"export": "xlsx"})
    assert xlsx.status_code == 200
    bad_filter = admin_client.get(
        reverse("blog_compliance_exceptions"), {"created_at_after": "not a date", "user": "x"}
    )
    assert bad_filter.status_code == 200


def test_the_report_is_for_approvers_and_rule_keepers(client, moderator):
    assert client.get(reverse("blog_compliance_exceptions")).status_code in (302, 403)
    moderator.user_permissions.add(Permission.objects.get(codename="approve_compliance_exceptions"))
    assert client.get(reverse("blog_compliance_exceptions")).status_code == 200


# The demo -----------------------------------------------------------------------------------


def test_the_demo_has_a_draft_with_a_rule_finding(db, admin_client):
    call_command("seed_demo")
    article = ArticlePage.objects.get(slug="preparing-for-your-first-chemical-peel")
    assert article.has_unpublished_changes
    findings = check_page(article.get_latest_revision_as_object())
    assert [(f.rule, f.match) for f in findings] == [("Painless", "painless")]
    assert not blocking(findings)
    assert "<mark>painless</mark>" in admin_client.get(edit_url(article)).content.decode()
    assert check_page(article) == []  # the live article is as written
    # Its French translation's draft has a finding of the French rule, and of no other.
    french = article.get_translation(Locale.objects.get(language_code="fr")).specific
    assert french.has_unpublished_changes
    findings = check_page(french.get_latest_revision_as_object())
    assert [(f.rule, f.match) for f in findings] == [("Indolore", "indolore")]
    assert check_page(french) == []
