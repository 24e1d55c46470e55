"""Load the demo clinic: its site, article index, treatments, authors and articles.

Every step looks for what it would create first, so running the seed again changes nothing
and never overwrites an editor's changes. Content lives in content.json (our own words); the
code here only turns specifications into records. Building an unsaved article
(`build_article`) is kept apart from publishing it, so a bulk path can reuse the builder.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from blog.demo.comments import ensure_demo_comments
from blog.demo.compliance import ensure_compliance_demo_draft, ensure_french_compliance_demo_draft
from blog.demo.consent import ensure_demo_consent
from blog.demo.images import Colour, ensure_image
from blog.demo.translations import ensure_demo_translations
from blog.models import (
    ArticleIndexPage,
    ArticlePage,
    Author,
    HomePage,
    SynonymGroup,
    Treatment,
)

CONTENT_FILE = Path(__file__).with_name("content.json")
DEFAULT_COLOUR: Colour = (120, 140, 150)

Spec = dict[str, Any]


class SeedError(Exception):
    """The database holds something the seed will not overwrite."""


@dataclass
class SeedReport:
    created: Counter[str] = field(default_factory=Counter)

    def __str__(self) -> str:
        if not self.created:
            return "Demo content is already in place; nothing to do."
        parts = ", ".join(f"{count} {kind}" for kind, count in sorted(self.created.items()))
        return f"Created {parts}."


def load_content(path: Path = CONTENT_FILE) -> Spec:
    return json.loads(path.read_text(encoding="utf-8"))


@transaction.atomic
def seed_demo(*, content: Spec | None = None) -> SeedReport:
    content = content or load_content()
    report = SeedReport()
    home = ensure_home_page(content["home"], report)
    index = ensure_article_index(home, content["index"], report)
    treatments = {
        spec["slug"]: ensure_treatment({**spec, "sort_order": n}, report)
        for n, spec in enumerate(content["treatments"])
    }
    authors = {
        spec["slug"]: ensure_author({**spec, "sort_order": n}, report)
        for n, spec in enumerate(content["authors"])
    }
    colours = {spec["slug"]: tuple(spec["colour"]) for spec in content["treatments"]}
    existing = set(ArticlePage.objects.child_of(index).values_list("slug", flat=True))
    for spec in content["articles"]:
        if spec["slug"] in existing:
            continue
        colour = colours.get(next(iter(spec["treatments"]), ""), DEFAULT_COLOUR)
        page = build_article(spec, treatments=treatments, authors=authors, colour=colour)
        index.add_child(instance=page)
        publish(page, at=timezone.now() - datetime.timedelta(days=spec["days_ago"]))
        report.created["articles"] += 1
    if comments := ensure_demo_comments(content.get("comments", [])):
        report.created["comments"] += comments
    if ensure_compliance_demo_draft():
        report.created["draft with a compliance finding"] += 1
    if synonyms := ensure_synonyms(content.get("synonyms", [])):
        report.created["search synonym groups"] += synonyms
    if translated := ensure_demo_translations(content.get("translations", {}), home=home):
        report.created["translations"] += translated
    if ensure_french_compliance_demo_draft():
        report.created["draft with a compliance finding"] += 1
    return report


def ensure_synonyms(specs: list[Spec]) -> int:
    """The lay and brand names readers search for each demo treatment (docs/search.md); a
    group staff already have, or changed, is left alone."""
    created = 0
    for spec in specs:
        _, made = SynonymGroup.objects.get_or_create(
            terms=spec["terms"], defaults={"leads_to": spec.get("leads_to", "")}
        )
        created += made
    return created


def publish(page: Page, *, at: datetime.datetime | None = None) -> None:
    page.save_revision().publish()
    if at is not None:
        type(page).objects.filter(pk=page.pk).update(
            first_published_at=at, last_published_at=at, latest_revision_created_at=at
        )


def ensure_home_page(spec: Spec, report: SeedReport) -> HomePage:
    """Make the default site's root a HomePage, replacing Wagtail's empty welcome page."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    if site and (site.root_page.specific_class is not Page or site.root_page.numchild):
        raise SeedError(
            f"The default site's root page {site.root_page.title!r} has content of its own; "
            "seed_demo will not replace it."
        )
    if site:
        # Deleting the welcome page also deletes the Site that points at it.
        site.root_page.delete()
    home = HomePage(title=spec["title"], slug="home", intro=spec["intro"])
    Page.get_first_root_node().add_child(instance=home)
    publish(home)
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=home.title
    )
    report.created["home page"] += 1
    return home


def ensure_article_index(home: HomePage, spec: Spec, report: SeedReport) -> ArticleIndexPage:
    index = ArticleIndexPage.objects.child_of(home).first()
    if index:
        return index
    index = ArticleIndexPage(title=spec["title"], slug=spec["slug"], intro=spec["intro"])
    home.add_child(instance=index)
    publish(index)
    report.created["article index"] += 1
    return index


def ensure_snippet(
    model: type[Treatment] | type[Author],
    spec: Spec,
    report: SeedReport,
    *,
    fields: tuple[str, ...],
    image_field: str,
    image_size: tuple[int, int],
) -> Treatment | Author:
    """The snippet with the spec's slug, created with a drawn image if it is missing."""
    existing = model.objects.in_default_language().filter(slug=spec["slug"]).first()
    if existing:
        return existing
    image = ensure_image(
        title=f"Demo: {spec['name']}",
        alt_text=f"Abstract artwork standing in for {spec['name']}",
        colour=tuple(spec["colour"]),
        size=image_size,
    )
    snippet = model(**{image_field: image}, **{name: spec[name] for name in fields})
    snippet.full_clean()
    snippet.save()
    report.created[model._meta.verbose_name_plural] += 1
    return snippet


def ensure_treatment(spec: Spec, report: SeedReport) -> Treatment:
    fields = ("name", "slug", "summary", "typical_downtime", "device", "sort_order")
    return ensure_snippet(
        Treatment, spec, report, fields=fields, image_field="image", image_size=(1600, 900)
    )


def ensure_author(spec: Spec, report: SeedReport) -> Author:
    fields = ("name", "slug", "role", "credentials", "bio", "sort_order")
    return ensure_snippet(
        Author, spec, report, fields=fields, image_field="photo", image_size=(600, 600)
    )


def before_after_value(
    spec: Spec, *, treatments: dict[str, Treatment], colour: Colour
) -> dict[str, Any]:
    """A before/after block's stored value: demo images, the treatment, the demo consent."""
    photos = {
        side: ensure_image(title=f"Demo: {spec[side]}", alt_text=spec[f"{side}_alt"], colour=shade)
        for side, shade in (("before", colour), ("after", tuple(min(255, c + 40) for c in colour)))
    }
    treatment = treatments.get(spec.get("treatment") or "")
    return {
        **spec,
        "before": photos["before"].pk,
        "after": photos["after"].pk,
        "treatment": treatment.pk if treatment else None,
        "consent": ensure_demo_consent(spec["consent"]).pk,
    }


def build_article(
    spec: Spec, *, treatments: dict[str, Treatment], authors: dict[str, Author], colour: Colour
) -> ArticlePage:
    """An unsaved, fully populated article for `spec`; images are created as needed."""
    hero = ensure_image(
        title=f"Demo: {spec['title']}",
        alt_text=f"Abstract artwork for the article {spec['title']!r}",
        colour=colour,
    )
    body = []
    for block in spec["body"]:
        value = block["value"]
        if block["type"] == "image":
            image = ensure_image(title=f"Demo: {value['image']}", alt_text="", colour=colour)
            value = {**value, "image": image.pk}
        elif block["type"] == "before_after":
            value = before_after_value(value, treatments=treatments, colour=colour)
        body.append({"type": block["type"], "value": value})
    reviewed_days = spec.get("reviewed_days_ago")
    page = ArticlePage(
        title=spec["title"],
        slug=spec["slug"],
        intro=spec["intro"],
        hero_image=hero,
        body=body,
        author=authors.get(spec["author"]),
        reviewed_by=authors.get(spec.get("reviewed_by") or ""),
        last_reviewed=(
            timezone.localdate() - datetime.timedelta(days=reviewed_days)
            if reviewed_days is not None
            else None
        ),
    )
    page.treatments = [treatments[slug] for slug in spec["treatments"]]
    page.tags.add(*spec["tags"])
    return page
