"""Compliance findings in Wagtail's Checks side panel: the content checker carries a rule for
each active compliance rule, and the editor's live preview marks where each finding is."""

import json
import re

from django.test import Client
from django.urls import reverse

from blog.admin.compliance_checks import rule_id
from blog.models import ComplianceRule
from tests.admin_forms import article_form
from tests.factories import ArticlePageFactory


def guarantee_rule() -> ComplianceRule:
    return ComplianceRule.objects.get(name="Guaranteed results", active=True)


def axe_configuration(html: str) -> dict:
    found = re.search(
        r'<script id="checker-axe-configuration" type="application/json">(.*?)</script>',
        html,
        re.S,
    )
    assert found, "no axe configuration on the page"
    return json.loads(found.group(1))


def test_the_checks_panel_runs_a_rule_for_each_active_compliance_rule(admin_client, index):
    article = ArticlePageFactory(parent=index)
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content
    config = axe_configuration(html.decode())
    rule = guarantee_rule()
    ours = rule_id(rule.pk)
    assert ours in config["options"]["runOnly"]
    (axe_rule,) = [r for r in config["spec"]["rules"] if r["id"] == ours]
    assert axe_rule["selector"] == f'[data-compliance~="{ours}"]'
    assert axe_rule["impact"] == "serious"  # a blocking rule
    message = config["messages"][ours]
    assert message["error_name"] == f"Compliance: {rule.name} (blocks publishing)"
    assert rule.explanation in message["help_text"]
    # Wagtail's own checks are still there.
    assert "alt-text-quality" in config["options"]["runOnly"]
    inactive = ComplianceRule.objects.filter(active=False).first()
    if inactive is not None:
        assert rule_id(inactive.pk) not in config["options"]["runOnly"]


def test_the_live_preview_marks_where_the_findings_are(admin_client, index):
    article = ArticlePageFactory(parent=index, intro="A calm, simple treatment.")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])
    form = article_form(
        title=article.title,
        slug=article.slug,
        intro="Guaranteed results from the first session.",
    )
    assert admin_client.post(url, form).json()["is_valid"]
    preview = admin_client.get(url).content.decode()
    ours = rule_id(guarantee_rule().pk)
    assert re.search(rf'<p class="lead" data-compliance="[^"]*{ours}', preview)
    # Readers' pages carry no marks, whatever the text.
    article.intro = "Guaranteed results from the first session."
    article.save_revision().publish()
    assert 'data-compliance="' not in Client().get(article.url).content.decode()
    assert 'data-compliance="' not in admin_client.get(article.url).content.decode()
