"""The demo's compliance finding: one article gets an unpublished draft whose wording a
default compliance rule ("Painless", a warning) flags, so the editor's Compliance check panel
has something to show. The live article stays as written in content.json."""

from __future__ import annotations

from blog.models import ArticlePage

DEMO_ARTICLE = "preparing-for-your-first-chemical-peel"
DEMO_PARAGRAPH = (
    "<p>Many clients describe a light peel as painless: a warm tingle for a few minutes, "
    "then nothing. (A demo draft for the Compliance check panel.)</p>"
)


def ensure_compliance_demo_draft() -> bool:
    """Save the demo draft once. An article with more than its seeded revision has been
    touched (by this step before, or by an editor), and is left alone."""
    article = ArticlePage.objects.filter(slug=DEMO_ARTICLE).first()
    if article is None or article.revisions.count() != 1:
        return False
    article.body.append(("paragraph", DEMO_PARAGRAPH))
    article.save_revision()
    return True
