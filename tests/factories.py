"""Typed factories for the blog's models, built on wagtail-factories."""

from __future__ import annotations

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory

from blog.models import ArticleIndexPage, ArticlePage, Author, HomePage, Treatment


def body(*blocks: tuple[str, object]) -> list[dict]:
    """A StreamField value in its stored form, e.g. body(("heading", {...}))."""
    return [{"type": kind, "value": value} for kind, value in blocks]


def heading(text: str, level: str = "h2") -> tuple[str, dict]:
    return ("heading", {"text": text, "level": level})


def paragraph(html: str) -> tuple[str, str]:
    return ("paragraph", html)


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Image {n}")


class TreatmentFactory(DjangoModelFactory[Treatment]):
    name = factory.Sequence(lambda n: f"Treatment {n}")
    slug = factory.Sequence(lambda n: f"treatment-{n}")
    summary = "A treatment used in tests."

    class Meta:
        model = Treatment


class AuthorFactory(DjangoModelFactory[Author]):
    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    role = "Skin therapist"

    class Meta:
        model = Author


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Test clinic"

    class Meta:
        model = HomePage


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    title = "Articles"
    slug = "articles"

    class Meta:
        model = ArticleIndexPage


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Article {n}")
    intro = "What this article covers, in a sentence or two."
    body = factory.LazyFunction(
        lambda: body(heading("First section"), paragraph("<p>Opening words.</p>"))
    )
    author = factory.SubFactory(AuthorFactory)
    live = True
    # Live pages have a publication time, as when published through Wagtail.
    first_published_at = factory.LazyAttribute(lambda o: timezone.now() if o.live else None)
    last_published_at = factory.SelfAttribute("first_published_at")

    class Meta:
        model = ArticlePage


def translate_page(source: ArticlePage, language: str, **fields) -> ArticlePage:
    """`source` translated into `language` (its parents too, as "Translate this page"
    does), with `fields` set, and published."""
    from wagtail.models import Locale

    locale = Locale.objects.get_or_create(language_code=language)[0]
    translation = source.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return ArticlePage.objects.get(pk=translation.pk)


def microneedling_article(index: ArticleIndexPage) -> ArticlePage:
    """A published article about microneedling, for the search pages' tests (which render
    the store afterwards, once committed)."""
    needling = TreatmentFactory(name="Microneedling", slug="microneedling")
    article = ArticlePageFactory(
        parent=index,
        title="Your skin after microneedling",
        body=body(paragraph("<p>Redness fades in a day or two.</p>")),
    )
    article.treatments.add(needling)
    article.save()
    return article
