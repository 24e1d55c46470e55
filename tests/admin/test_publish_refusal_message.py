"""A publish refused by the publishing checks alone says "Not published", not Wagtail's "could
not be saved" (the header says "Saved": the draft is kept); a form with a real error still
says it could not be saved."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.urls import reverse

from blog.admin.publish_refusal_message import NOT_PUBLISHED
from tests.admin_forms import article_form
from tests.factories import ArticlePageFactory


def test_a_refused_publish_says_not_published(admin_client, index):
    article = ArticlePageFactory(parent=index, live=False)
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    form = article_form(title=article.title, slug=article.slug, intro="Painless and guaranteed.")
    refused = admin_client.post(url, {**form, "action-publish": "publish"})
    assert refused.status_code == 200
    shown = [str(m) for m in get_messages(refused.wsgi_request)]
    assert len(shown) == 1 and NOT_PUBLISHED in shown[0]
    assert "could not be saved" not in refused.content.decode()

    # A real error (no title) is still one the draft could not be saved with.
    broken = admin_client.post(url, {**form, "title": "", "action-publish": "publish"})
    assert broken.status_code == 200
    assert "could not be saved" in broken.content.decode()
