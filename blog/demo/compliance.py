"""The demo's compliance findings: one article gets an unpublished draft whose wording a
default compliance rule ("Painless", a warning) flags, so the editor's Compliance check panel
has something to show; its French translation gets one that the French rule ("Indolore")
flags, and the English rule does not. The live articles stay as written in content.json."""

from __future__ import annotations

from wagtail.models import Locale

from blog.models import ArticlePage

DEMO_ARTICLE = "preparing-for-your-first-chemical-peel"
DEMO_PARAGRAPH = (
    "<p>Many clients describe a light peel as painless: a warm tingle for a few minutes, "
    "then nothing. (A demo draft for the Compliance check panel.)</p>"
)
FRENCH_PARAGRAPH = (
    "<p>Beaucoup de clientes disent d'un peeling léger qu'il est indolore\u00a0: quelques "
    "minutes de picotements, puis plus rien. (Un brouillon de démonstration pour le "
    "contrôle de conformité.)</p>"
)


def ensure_compliance_demo_draft() -> bool:
    """Save the demo draft once. An article with more than its seeded revision has been
    touched (by this step before, or by an editor), and is left alone."""
    default = Locale.get_default()
    article = ArticlePage.objects.filter(slug=DEMO_ARTICLE, locale=default).first()
    return _draft(article, DEMO_PARAGRAPH, seeded_revisions=1)


def ensure_french_compliance_demo_draft() -> bool:
    """The French translation's draft, once, when the demo has the translation."""
    source = ArticlePage.objects.filter(slug=DEMO_ARTICLE, locale=Locale.get_default()).first()
    french = Locale.objects.filter(language_code="fr").first()
    if source is None or french is None:
        return False
    translation = source.get_translation_or_none(french)
    # wagtail-localize saves a translation's first revision, then the published one.
    return _draft(translation and translation.specific, FRENCH_PARAGRAPH, seeded_revisions=2)


def _draft(article: ArticlePage | None, paragraph: str, *, seeded_revisions: int) -> bool:
    if article is None or article.revisions.count() != seeded_revisions:
        return False
    article.body.append(("paragraph", paragraph))
    article.save_revision()
    return True
