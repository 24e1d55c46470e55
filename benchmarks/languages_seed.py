"""The French translations of benchmarks/languages.py's two-language database: run in a
process of its own, with Django set up on the copy (DATABASE_URL), by languages.prepare.

Written as `seed_demo --scale` writes articles (blog.demo.scale): Page rows bulk-inserted
under the French index with the source's translation key, slug and dates; ArticlePage rows
copied as blog.models.translation_fields says (the words translated from a small
dictionary; images, byline, treatments and comment switches kept; no medical review;
French tags). The store then renders them, and the English rows whose `translations` now
name them.

    DATABASE_URL=sqlite:///…-fr.sqlite3 .venv/bin/python benchmarks/languages_seed.py
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.languages import LANGUAGE

# Enough French for the generated articles' words (blog.demo.scale.WORDS) and tags.
_PAIRS = """skin=peau collagen=collagène barrier=barrière redness=rougeur
    healing=cicatrisation moisturiser=hydratant sunscreen=écran peel=peeling
    needling=microaiguilletage serum=sérum scarring=cicatrices hydration=hydratation
    recovery=récupération session=séance clinic=clinique aftercare=soins downtime=éviction
    gentle=doux results=résultats week=semaine cells=cellules renewal=renouvellement
    sensitive=sensible treatment=soin calm=calme part=partie"""
_FRENCH = dict(pair.split("=") for pair in _PAIRS.split())
_TAGS = {
    "aftercare": "soins après traitement",
    "acne scars": "cicatrices d'acné",
    "pigmentation": "taches pigmentaires",
    "sun care": "protection solaire",
    "first visit": "première visite",
    "ageing skin": "peau vieillissante",
}
_WORD = re.compile(r"[A-Za-z]+")


def _french(text: str) -> str:
    def word(found: re.Match) -> str:
        english = found.group()
        french = _FRENCH.get(english.lower())
        if french is None:
            return english
        return french.capitalize() if english[0].isupper() else french

    return _WORD.sub(word, text)


def _french_body(value, key: str = ""):
    """A StreamField's raw data with its text in French (not its block types and ids)."""
    if isinstance(value, dict):
        return {name: _french_body(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_french_body(item, key) for item in value]
    return _french(value) if isinstance(value, str) and key not in {"type", "id"} else value


def translate() -> None:
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils.text import slugify
    from taggit.models import Tag
    from wagtail.models import Locale, Page

    from blog.demo.scale import CHUNK, _index_for_search
    from blog.models import ArticleIndexPage, ArticlePage, ArticlePageTag
    from blog.models.translation_fields import ARTICLE_NOT_COPIED
    from blog.published import store
    from blog.published.reconcile import record_change

    started = time.perf_counter()
    locale = Locale.objects.get(language_code=LANGUAGE)
    source_index = ArticleIndexPage.objects.order_by("path").first()
    index = source_index.get_translation_or_none(locale)
    if index is None:  # the demo translates its index; a database without the demo's
        index = source_index.copy_for_translation(locale, copy_parents=True)
        index.save_revision().publish()
    index = ArticleIndexPage.objects.get(pk=index.pk)
    translated = ArticlePage.objects.filter(locale=locale).values("translation_key")
    sources = list(
        ArticlePage.objects.child_of(source_index)
        .live()
        .exclude(translation_key__in=translated)
        .prefetch_related("treatments", "tags")
        .order_by("path")
    )
    # Not index.get_last_child(): the demo's French index has children but numchild 0.
    children = Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
    last = children.order_by("-path").first()
    number = Page._str2int(last.path[-Page.steplen :]) if last else 0
    tags = {
        english: Tag.objects.get_or_create(name=french, defaults={"slug": slugify(french)})[0]
        for english, french in _TAGS.items()
    }
    copied = [
        f.name
        for f in ArticlePage._meta.local_concrete_fields
        if f.name not in {"page_ptr", "intro", "body", *ARTICLE_NOT_COPIED}
    ]
    body = ArticlePage._meta.get_field("body")
    with transaction.atomic():
        pages = []
        for offset, source in enumerate(sources, start=1):
            title = _french(source.title)
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=source.slug,  # kept, as wagtail-localize keeps it untranslated
                    seo_title=_french(source.seo_title),
                    search_description=_french(source.search_description),
                    content_type_id=source.content_type_id,
                    path=Page._get_path(index.path, index.depth + 1, number + offset),
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}{source.slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=source.first_published_at,
                    last_published_at=source.last_published_at,
                    go_live_at=source.go_live_at,
                    expire_at=source.expire_at,
                    locale_id=locale.pk,
                    translation_key=source.translation_key,
                )
            )
        Page.objects.bulk_create(pages, batch_size=CHUNK)
        articles = []
        for page, source in zip(pages, sources, strict=True):
            article = ArticlePage(
                page_ptr_id=page.pk,
                intro=_french(source.intro),
                body=_french_body(body.get_prep_value(source.body)),
                **{name: getattr(source, name) for name in copied},
            )
            article.save_base(raw=True, force_insert=True)  # the Page row exists
            articles.append(article)
        Page.objects.filter(pk=index.pk).update(numchild=children.count())
        through = ArticlePage.treatments.through
        through.objects.bulk_create(
            [
                through(articlepage_id=article.pk, treatment_id=treatment.pk)
                for article, source in zip(articles, sources, strict=True)
                for treatment in source.treatments.all()
            ],
            batch_size=CHUNK,
        )
        ArticlePageTag.objects.bulk_create(
            [
                ArticlePageTag(content_object_id=article.pk, tag_id=tags[tag.name].pk)
                for article, source in zip(articles, sources, strict=True)
                for tag in source.tags.all()
                if tag.name in tags
            ],
            batch_size=CHUNK,
        )
        inserted = time.perf_counter() - started
        ids = [article.pk for article in articles]
        _index_for_search(ids)
        # Renders the French rows, and the English ones whose translations they now are.
        rendered = store.rebuild(article_ids=ids)
        record_change(kind="page")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"translated {len(articles):,} articles in {time.perf_counter() - started:.0f} s "
        f"(rows written in {inserted:.0f} s; {rendered:,} stored articles rendered)",
        flush=True,
    )


if __name__ == "__main__":
    translate()
