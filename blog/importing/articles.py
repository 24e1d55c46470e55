"""A WordPress post becomes an article: its fields mapped into our model's limits, written
as a revision and published, scheduled, restricted or kept as a draft as WordPress had it,
unless our own rules (compliance, patient photos) hold it back.

Re-importing is safe: a post whose mapped content did not change is left alone; one that
changed gets one new revision; one edited here since its import is never overwritten (the
report names the conflict).
"""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from django.utils.text import slugify
from wagtail.models import Page, PageViewRestriction

from blog.governance.compliance import blocking, check_page
from blog.governance.exceptions import summary
from blog.importing.wxr_items import WxrItem
from blog.models import ArticleIndexPage, ArticlePage, ImportedObject, Treatment
from blog.models.patient_photos import PublishRefused

INTRO_MAX = 600
INTRO_TARGET = 280  # a derived intro: the first sentences, up to about this long
TITLE_MAX = 255
SLUG_MAX = 255
_TAGS = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
# Alt texts and captions that describe a patient's before/after pair.
_PAIR = re.compile(r"\bbefore\b.*\bafter\b|\bafter\b.*\bbefore\b", re.IGNORECASE | re.DOTALL)

LIVE, SCHEDULED, DRAFT, PRIVATE, PASSWORD = "live", "scheduled", "draft", "private", "password"


def plain(value: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", value or ""))).strip()


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word to at most `limit` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-")
    return (cut or text[: limit - 1]) + "…"


def derived_intro(text: str) -> str:
    """The first sentences of the body, about INTRO_TARGET characters."""
    intro = ""
    for sentence in _SENTENCE_END.split(text):
        if intro and len(intro) + len(sentence) > INTRO_TARGET:
            break
        intro = f"{intro} {sentence}".strip()
    return shorten(intro or text, INTRO_MAX)


@dataclass
class Mapped:
    """What an article is to be, from a post: fields, and how it is to go out."""

    title: str
    slug: str
    intro: str
    body: list[dict]
    display_date: datetime.date | None
    first_published_at: datetime.datetime | None
    last_published_at: datetime.datetime | None
    outcome: str  # LIVE, SCHEDULED, DRAFT, PRIVATE or PASSWORD
    go_live_at: datetime.datetime | None = None
    password: str = ""
    author_id: int | None = None
    treatment_ids: list[int] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    hero_image_id: int | None = None
    comments_open: bool = True

    def digest(self) -> str:
        text = json.dumps(vars(self), sort_keys=True, default=str, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


def outcome_of(item: WxrItem, *, now: datetime.datetime) -> str | None:
    """How WordPress showed the post (None: not imported)."""
    if item.status == "trash":
        return None
    if item.status == "private":
        return PRIVATE
    if item.status == "future" or (
        item.status == "publish" and item.date_gmt is not None and item.date_gmt > now
    ):
        return SCHEDULED
    if item.status == "publish":
        return PASSWORD if item.password else LIVE
    return DRAFT  # draft, pending, auto-draft, anything else


def free_slug(index: ArticleIndexPage, wanted: str, *, own_pk: int | None) -> str:
    taken = set(
        Page.objects.child_of(index)
        .exclude(pk=own_pk or 0)
        .filter(slug__startswith=wanted[:200])
        .values_list("slug", flat=True)
    )
    slug, n = wanted, 2
    while slug in taken:
        slug = f"{wanted[: SLUG_MAX - 6]}-{n}"
        n += 1
    return slug


def looks_like_pair(body: list[dict]) -> bool:
    for block in body:
        if block["type"] == "image":
            value = block["value"]
            if _PAIR.search(f"{value.get('alt_text', '')} {value.get('caption', '')}"):
                return True
    return False


@dataclass
class Written:
    page: ArticlePage | None
    state: str  # created, updated, unchanged, conflict
    status: str  # what the article is now: live, scheduled, draft, private, password
    notes: list[str] = field(default_factory=list)


def write_article(
    *,
    index: ArticleIndexPage,
    mapped: Mapped,
    mapping: ImportedObject | None,
    source: str,
    wp_id: int,
    user=None,
) -> Written:
    """Create or update the article for one post, and record the mapping."""
    digest = mapped.digest()
    page = None
    if mapping is not None:
        page = ArticlePage.objects.filter(pk=mapping.object_id).first()
    if page is not None:
        if mapping.digest == digest:
            return Written(page, "unchanged", mapping_status(page))
        if page.latest_revision_id != mapping.revision_id:
            return Written(
                page,
                "conflict",
                mapping_status(page),
                ["Edited here since its import: left as it is (WordPress's changes not applied)"],
            )
    notes: list[str] = []
    created = page is None
    if created:
        page = ArticlePage(live=False)
    page.title = mapped.title
    page.slug = free_slug(index, mapped.slug, own_pk=page.pk)
    if page.slug != mapped.slug:
        notes.append(f"Its slug “{mapped.slug}” was taken: it is “{page.slug}”")
    page.intro = mapped.intro
    page.body = mapped.body
    page.display_date = mapped.display_date
    page.author_id = mapped.author_id
    page.hero_image_id = mapped.hero_image_id
    page.comments_open = mapped.comments_open
    if mapped.first_published_at and (created or page.first_published_at is None):
        page.first_published_at = mapped.first_published_at
    page.treatments.set(Treatment.objects.filter(pk__in=mapped.treatment_ids))
    page.tags.set(mapped.tags)
    if created:
        index.add_child(instance=page)
    outcome = mapped.outcome
    held = _held_back(page, mapped)
    if held:
        notes += held
        outcome = DRAFT
    _restrict(page, mapped)
    page.go_live_at = mapped.go_live_at if outcome == SCHEDULED else None
    revision = page.save_revision(user=user, clean=False, log_action=True)
    if outcome in {LIVE, PRIVATE, PASSWORD, SCHEDULED}:
        try:
            revision.publish(user=user, skip_permission_checks=True)
        except PublishRefused as refused:
            notes += [f"Kept as a draft: {problem}" for problem in refused.problems]
            outcome = DRAFT
    elif page.live:  # WordPress took it down since the last import
        page.unpublish(user=user)
    if outcome in {LIVE, PRIVATE, PASSWORD} and mapped.last_published_at:
        # Wagtail stamps "now"; readers should see when WordPress last changed it.
        ArticlePage.objects.filter(pk=page.pk).update(last_published_at=mapped.last_published_at)
    ImportedObject.objects.update_or_create(
        source=source,
        kind=ImportedObject.Kind.POST,
        wp_id=wp_id,
        defaults={"object_id": page.pk, "digest": digest, "revision_id": revision.pk},
    )
    return Written(page, "created" if created else "updated", outcome, notes)


def mapping_status(page: ArticlePage) -> str:
    if page.live:
        return LIVE
    return SCHEDULED if page.go_live_at else DRAFT


def _held_back(page: ArticlePage, mapped: Mapped) -> list[str]:
    if mapped.outcome == DRAFT:
        return []
    reasons = []
    findings = blocking(check_page(page))
    if findings:
        reasons.append(
            f"Kept as a draft: blocking compliance findings ({summary(findings)}). An approver can "
            "publish it from the editor with a reason."
        )
    if looks_like_pair(mapped.body):
        reasons.append(
            "Kept as a draft: an image's alt text or caption describes a before/after pair. "
            "If it shows a patient, make it a before/after block and choose their consent."
        )
    return reasons


def _restrict(page: ArticlePage, mapped: Mapped) -> None:
    """Private posts: logged-in staff only; password posts: Wagtail's password form."""
    restrictions = PageViewRestriction.objects.filter(page=page)
    if mapped.outcome == PRIVATE:
        wanted = {"restriction_type": PageViewRestriction.LOGIN, "password": ""}
    elif mapped.outcome == PASSWORD:
        wanted = {"restriction_type": PageViewRestriction.PASSWORD, "password": mapped.password}
    else:
        restrictions.delete()
        return
    current = restrictions.first()
    if current is None:
        PageViewRestriction.objects.create(page=page, **wanted)
    elif (current.restriction_type, current.password) != tuple(wanted.values()):
        restrictions.update(**wanted)


def slug_from(item: WxrItem, title: str) -> str:
    slug = slugify(unquote(item.slug), allow_unicode=True) or slugify(title, allow_unicode=True)
    return (slug or f"wordpress-{item.wp_id}")[:SLUG_MAX]


def title_from(item: WxrItem) -> tuple[str, str | None]:
    title = plain(item.title)
    if not title:
        return f"Untitled WordPress post {item.wp_id}", "It had no title: a placeholder is used"
    if len(title) > TITLE_MAX:
        return shorten(title, TITLE_MAX), "Its title was shortened to 255 characters"
    return title, None
