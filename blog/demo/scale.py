"""Thousands of generated articles in seconds, for benchmarks: `seed_demo --scale N`.

Creating pages one by one through Wagtail costs tens of milliseconds each (tree updates,
revisions, search indexing per save). Here the base Page rows are bulk-inserted with their
tree paths computed up front, the ArticlePage rows are inserted without touching their
parents, relations are bulk-created, and the search index is filled in chunks. The articles
are live and complete, but have no revision history.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from blog.models import ArticleIndexPage, ArticlePage, ArticlePageTag, Author, Treatment
from blog.published import store
from blog.published.reconcile import record_change

SLUG_PREFIX = "generated-article-"
CHUNK = 500
_WORD_LINES = (
    "skin collagen barrier redness healing moisturiser sunscreen peel laser needling serum",
    "texture pigmentation scarring pores hydration recovery session clinic consultation",
    "aftercare downtime gentle results week cells renewal sensitive treatment routine calm",
)
WORDS = [word for line in _WORD_LINES for word in line.split()]
TAGS = ["aftercare", "acne scars", "pigmentation", "sun care", "first visit", "ageing skin"]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text.capitalize() + "."


def _body(rng: random.Random) -> list[dict]:
    blocks = []
    for section in range(5):
        blocks.append(
            {"type": "heading", "value": {"text": f"Part {section + 1}: {_sentence(rng, 3)}"}}
        )
        paragraph = " ".join(_sentence(rng, rng.randint(8, 16)) for _ in range(4))
        blocks.append({"type": "paragraph", "value": f"<p>{paragraph}</p>"})
    return blocks


def generated_count(index: ArticleIndexPage) -> int:
    return ArticlePage.objects.child_of(index).filter(slug__startswith=SLUG_PREFIX).count()


@transaction.atomic
def create_generated_articles(index: ArticleIndexPage, *, total: int) -> int:
    """Make `index` hold `total` generated articles; returns how many were created."""
    existing = generated_count(index)
    missing = max(0, total - existing)
    if not missing:
        return 0
    rng = random.Random(f"scale-{existing}")  # noqa: S311 - sample text, not security
    index = ArticleIndexPage.objects.get(pk=index.pk)  # fresh numchild and path
    content_type = ContentType.objects.get_for_model(ArticlePage)
    authors = list(Author.objects.in_default_language()) or [None]
    treatments = list(Treatment.objects.in_default_language())
    tags = [
        Tag.objects.get_or_create(name=name, defaults={"slug": name.replace(" ", "-")})[0]
        for name in TAGS
    ]
    now = timezone.now()

    bases, details = [], []
    for offset in range(missing):
        number = existing + offset + 1
        slug = f"{SLUG_PREFIX}{number:06d}"
        published = now - datetime.timedelta(minutes=rng.randint(60, 60 * 24 * 1500))
        title = f"{_sentence(rng, 5)[:-1]} ({number})"
        bases.append(
            Page(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                path=Page._get_path(index.path, index.depth + 1, index.numchild + offset + 1),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=published,
                last_published_at=published,
                live_revision=None,
                locale_id=index.locale_id,
            )
        )
        details.append(
            {
                "intro": _sentence(rng, 30),
                "body": _body(rng),
                "author": rng.choice(authors),
                "treatments": rng.sample(treatments, k=min(2, len(treatments))),
                "tags": rng.sample(tags, k=2),
            }
        )

    Page.objects.bulk_create(bases, batch_size=CHUNK)
    articles = []
    for base, detail in zip(bases, details, strict=True):
        article = ArticlePage(
            page_ptr_id=base.pk,
            intro=detail["intro"],
            body=detail["body"],
            author=detail["author"],
        )
        # raw=True writes only the ArticlePage table; the Page row already exists.
        article.save_base(raw=True, force_insert=True)
        articles.append(article)
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + missing)

    through = ArticlePage.treatments.through
    through.objects.bulk_create(
        [
            through(articlepage_id=article.pk, treatment_id=treatment.pk)
            for article, detail in zip(articles, details, strict=True)
            for treatment in detail["treatments"]
        ],
        batch_size=CHUNK,
    )
    ArticlePageTag.objects.bulk_create(
        [
            ArticlePageTag(content_object_id=article.pk, tag_id=tag.pk)
            for article, detail in zip(articles, details, strict=True)
            for tag in detail["tags"]
        ],
        batch_size=CHUNK,
    )
    _index_for_search([article.pk for article in articles])
    store.rebuild(article_ids=[article.pk for article in articles])  # rendered on write
    record_change(kind="page")
    # Fresh planner statistics: without them PostgreSQL plans the bulk-loaded tables as
    # nearly empty and picks nested loops that take seconds.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return missing


def _index_for_search(pks: list[int]) -> None:
    backend = get_search_backend()
    search_index = backend.get_index_for_model(ArticlePage)
    for start in range(0, len(pks), CHUNK):
        chunk = (
            ArticlePage.objects.filter(pk__in=pks[start : start + CHUNK])
            .select_related("author")
            .prefetch_related("tags", "treatments")
        )
        search_index.add_items(ArticlePage, list(chunk))
