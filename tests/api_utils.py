"""Helpers for API tests: fresh (uncached) requests, query counting, rich sample articles."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model

from blog.published.reconcile import record_change
from tests.factories import ArticlePageFactory, ImageFactory, TreatmentFactory, body, heading


def fresh_get(client, url: str, **params):
    """GET without the response cache: tests change data without committing, so the
    content version (written on commit) would not move on its own."""
    cache.clear()
    return client.get(url, params)


def count_queries(client, url: str, **params) -> int:
    fresh_get(client, url, **params)  # warm caches that outlive requests (renditions, sites)
    record_change(kind="page")  # as a bulk edit: the response cache misses everything
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return len(queries)


def make_document(title: str = "Aftercare sheet"):
    from django.core.files.base import ContentFile

    document = get_document_model()(title=title)
    document.file.save("aftercare.pdf", ContentFile(b"%PDF-1.4 sample"), save=False)
    document.save()
    return document


def rich_article(index, *, images: int = 1, links: int = 1, **fields):
    """An article using every block type, with images and page and document links."""
    target = ArticlePageFactory(
        parent=index, title="Linked article", slug=f"linked-{index.numchild}"
    )
    document = make_document()
    link_html = " ".join(f'<a linktype="page" id="{target.pk}">see also</a>' for _ in range(links))
    blocks = [
        heading("Before"),
        (
            "paragraph",
            f'<p data-block-key="x1">Read {link_html} and '
            f'<a linktype="document" id="{document.pk}">the sheet</a>.</p>',
        ),
    ]
    for n in range(images):
        blocks.append(
            ("image", {"image": ImageFactory().pk, "alt_text": f"Photo {n}", "caption": "Cap"})
        )
    blocks += [
        ("quote", {"text": "It helped.", "attribution": "A patient"}),
        ("callout", {"kind": "warning", "title": "Call us", "text": "<p>If it spreads.</p>"}),
        (
            "faq",
            {
                "title": "FAQ",
                "items": [{"type": "item", "value": {"question": "Hurt?", "answer": "<p>No.</p>"}}],
            },
        ),
        ("embed", {"url": "https://youtu.be/aqz-KE-bpKQ", "title": "Film", "caption": ""}),
        heading("After", "h3"),
    ]
    article = ArticlePageFactory(
        parent=index, body=body(*blocks), hero_image=ImageFactory(), **fields
    )
    article.treatments.add(TreatmentFactory())
    article.tags.add("aftercare")
    article.save_revision().publish()
    return article, target, document
