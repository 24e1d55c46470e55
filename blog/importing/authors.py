"""WordPress authors and categories: who wrote each post, and which treatment a category is.

An author is matched, in order, to the author named for its login (`--author login=slug`),
the author an earlier import made of it, or an author of the same name; otherwise one is
made. A category becomes a treatment when mapped (`--category slug=treatment-slug`) or named
like one, and a tag otherwise (WordPress's default "Uncategorized" is dropped).
"""

from __future__ import annotations

from django.utils.text import slugify

from blog.importing.wxr_items import WxrAuthor, WxrItem
from blog.models import Author, ImportedObject, Treatment

TAG_MAX = 100
DEFAULT_CATEGORIES = {"uncategorized", "uncategorised"}
DEFAULT_ROLE = "Clinic team"  # an author's role is required; WordPress has none


def match_authors(
    authors: tuple[WxrAuthor, ...],
    *,
    source: str,
    author_map: dict[str, str],
    dry_run: bool,
    counts,
    general: list[str],
) -> dict[str, int]:
    """{login: Author pk} for every author of the export; `general` gets a note naming the
    authors made, whose role and bio staff should fill in."""
    found: dict[str, int] = {}
    made: list[str] = []
    for author in authors:
        pk = _match(author, source=source, author_map=author_map)
        if pk is None:
            if dry_run:
                counts["authors to create"] += 1
                continue
            name = (author.display_name or author.login or f"Author {author.wp_id}")[:120]
            pk = Author.objects.create(name=name, slug=_free_slug(name), role=DEFAULT_ROLE).pk
            counts["authors created"] += 1
            made.append(name)
        else:
            counts["authors matched"] += 1
        found[author.login] = pk
        if not dry_run and author.wp_id:
            ImportedObject.objects.update_or_create(
                source=source,
                kind=ImportedObject.Kind.AUTHOR,
                wp_id=author.wp_id,
                defaults={"object_id": pk},
            )
    if made:
        general.append(
            f"Authors made from WordPress users: {', '.join(made)}. Their role reads "
            f"“{DEFAULT_ROLE}”: give each their own role (and bio) under Clinic > Authors."
        )
    return found


def _match(author: WxrAuthor, *, source: str, author_map: dict[str, str]) -> int | None:
    if author.login in author_map:
        pk = (
            Author.objects.in_default_language()
            .filter(slug=author_map[author.login])
            .values_list("pk", flat=True)
        )
        if pk:
            return pk[0]
    mapped = ImportedObject.objects.filter(
        source=source, kind=ImportedObject.Kind.AUTHOR, wp_id=author.wp_id
    ).first()
    if mapped is not None and Author.objects.filter(pk=mapped.object_id).exists():
        return mapped.object_id
    for name in (author.display_name, f"{author.first_name} {author.last_name}".strip()):
        if name:
            pk = (
                Author.objects.in_default_language()
                .filter(name__iexact=name)
                .values_list("pk", flat=True)
            )
            if pk:
                return pk[0]
    return None


def _free_slug(name: str) -> str:
    base = slugify(name)[:40] or "author"
    slug, n = base, 2
    while Author.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def staff_by_wp_id(authors: tuple[WxrAuthor, ...], by_login: dict[str, int]) -> dict[int, int]:
    """{WordPress user id: Author pk}: comments these users wrote are the clinic's replies."""
    return {a.wp_id: by_login[a.login] for a in authors if a.wp_id and a.login in by_login}


class Categories:
    """Categories and tags of posts → treatment ids and tag names."""

    def __init__(self, category_map: dict[str, str]) -> None:
        treatments = list(Treatment.objects.in_default_language().values_list("pk", "slug", "name"))
        by_slug = {slug.lower(): pk for pk, slug, _ in treatments}
        self.by_name = {name.lower(): pk for pk, _, name in treatments} | by_slug
        self.mapped = {
            category.lower(): by_slug.get(treatment.lower())
            for category, treatment in category_map.items()
        }
        self.unknown_treatments = sorted(
            treatment for treatment in category_map.values() if treatment.lower() not in by_slug
        )

    def of(self, item: WxrItem) -> tuple[list[int], list[str]]:
        treatments: list[int] = []
        tags: list[str] = []
        for term in item.terms:
            slug = term.slug.lower()
            if term.kind == "category":
                pk = self.mapped.get(slug) or self.by_name.get(slug)
                pk = pk or self.by_name.get(term.name.lower())
                if pk:
                    treatments.append(pk)
                elif slug not in DEFAULT_CATEGORIES and term.name:
                    tags.append(term.name[:TAG_MAX])
            elif term.kind == "post_tag" and term.name:
                tags.append(term.name[:TAG_MAX])
        return list(dict.fromkeys(treatments)), list(dict.fromkeys(tags))
