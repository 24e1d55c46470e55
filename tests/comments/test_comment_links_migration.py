"""Comments stored before the link fix are rendered again by migration 0022: a link running
into `<` no longer ends with a stray `;`, and other comments are left as they were."""

from __future__ import annotations

import importlib

from django.apps import apps

from tests.comment_utils import make_comment
from tests.factories import ArticlePageFactory


def test_comments_stored_with_a_broken_link_are_rendered_again(index):
    article = ArticlePageFactory(parent=index)
    broken = make_comment(article, body="See https://b.example/x?<script> now")
    # As the old renderer stored it.
    old_html = (
        '<p>See <a href="https://b.example/x?&amp;lt" rel="nofollow ugc noopener">'
        "https://b.example/x?&amp;lt</a>;script&gt; now</p>"
    )
    type(broken).objects.filter(pk=broken.pk).update(body_html=old_html)
    plain = make_comment(article, body="No links here.")
    type(plain).objects.filter(pk=plain.pk).update(body_html="<p>Kept as stored.</p>")

    migration = importlib.import_module("blog.migrations.0022_rerender_comment_links")
    migration.rerender(apps, None)

    broken.refresh_from_db()
    plain.refresh_from_db()
    assert 'href="https://b.example/x"' in broken.body_html
    assert "</a>?&lt;script&gt; now" in broken.body_html and "</a>;" not in broken.body_html
    assert plain.body_html == "<p>Kept as stored.</p>"
