"""Import a WordPress export: `import_wordpress(source, options=…)`, used by the command,
the admin's import (as a task in the worker) and the demo.

Three passes over the file, each streaming (memory stays flat whatever the file's size):
1. the survey reads it all before anything is written: a bad file fails with nothing
   imported, and the second pass knows every attachment and every post's old address;
2. each post becomes an article with its comments and redirects, one transaction per post,
   so an import stopped midway keeps what it finished and completes when run again;
3. posts that linked to posts imported after them are converted again, with the links.

Every event the import causes is marked as part of one bulk change; front ends hear of it
once, as `content.imported`, at the end (no delivery or purge per article).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from blog import events
from blog.events import Event, EventType, comment_event
from blog.importing import articles, redirects
from blog.importing.articles import Mapped
from blog.importing.authors import Categories, match_authors, staff_by_wp_id
from blog.importing.bodies import ConvertedBody, ImageWanted, convert_body
from blog.importing.comments import CommentsOutcome, import_comments
from blog.importing.media import MediaLibrary, MediaMissing
from blog.importing.report import ImportReport
from blog.importing.survey import Survey, survey
from blog.importing.wxr import ExportError, Source, read_export
from blog.importing.wxr_items import WxrItem, WxrSite
from blog.models import ArticleIndexPage, ArticlePage, CommentPolicy, ImportedObject
from blog.published import store

Progress = Callable[[int, int], None]
EMPTY_BODY = "<p>This article had no text in WordPress.</p>"
RENDER_EVERY = 50  # items between renders of the stored articles (blog.published.store)
SKIPPED_TYPES = {
    "page": "WordPress pages (we have no page type for them)",
    "nav_menu_item": "menu items",
    "wp_navigation": "navigation menus",
    "wp_block": "reusable blocks",
    "wp_template": "templates",
    "wp_template_part": "template parts",
    "wp_global_styles": "theme styles",
    "customize_changeset": "customizer changes",
    "custom_css": "custom CSS",
    "oembed_cache": "embed caches",
    "revision": "revisions",
}


def mapping(entries: Iterable[str]) -> dict[str, str]:
    """WORDPRESS=OURS entries (the command's repeated options, or the lines of the admin's
    form) as a dict, blank entries skipped; ValueError quoting the first that is not one."""
    found = {}
    for entry in entries:
        if not entry.strip():
            continue
        key, sep, value = entry.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ValueError(f"“{entry.strip()}” is not WORDPRESS=OURS (two slugs).")
        found[key.strip()] = value.strip()
    return found


class ImportFailed(Exception):
    """The import cannot run (no file, no article index, …): the message says why."""


@dataclass(frozen=True)
class ImportOptions:
    uploads: Path | None = None
    fetch_media: bool = False
    index_id: int | None = None
    category_map: dict[str, str] = field(default_factory=dict)
    author_map: dict[str, str] = field(default_factory=dict)
    dry_run: bool = False
    user_id: int | None = None
    import_id: int | None = None  # the WordPressImport row, for the content.imported event


def import_wordpress(
    source: Source, *, options: ImportOptions, progress: Progress | None = None
) -> ImportReport:
    """Import everything the export holds; returns the report. ExportError for a file that is
    not a sound WordPress export, ImportFailed when there is nowhere to import to."""
    found = survey(_rewound(source))  # raises ExportError before anything is written
    index = _article_index(options.index_id)
    report = ImportReport(site=found.site.base_site_url or found.site.link, dry_run=options.dry_run)
    run = _Run(found=found, index=index, options=options, report=report, progress=progress)
    if options.dry_run:
        try:
            with transaction.atomic():
                run.all_passes(source)
                transaction.set_rollback(True)
        finally:
            run.media.discard_written()
    else:
        run.all_passes(source)
        if report.changed:  # a second run of the same export tells front ends nothing
            events.emit([Event(type=EventType.CONTENT_IMPORTED, object_id=options.import_id)])
    return report


def _rewound(source: Source) -> Source:
    """Each pass reads the file from its start (an uploaded file is one open file object)."""
    if hasattr(source, "seek"):
        source.seek(0)
    return source


def _article_index(index_id: int | None) -> ArticleIndexPage:
    if index_id is not None:
        index = ArticleIndexPage.objects.filter(pk=index_id).first()
        if index is None:
            raise ImportFailed(f"There is no article index with id {index_id}.")
        return index
    site = Site.objects.filter(is_default_site=True).first()
    indexes = ArticleIndexPage.objects.all()
    if site is not None:
        indexes = indexes.descendant_of(site.root_page, inclusive=True)
    index = indexes.order_by("path").first()
    if index is None:
        raise ImportFailed(
            "There is no article index to import into: run `manage.py setup_site` first, "
            "or name one with --index."
        )
    return index


class _Links:
    """What a body asks the import for (blog.importing.bodies.BodyLinks)."""

    def __init__(self, run: _Run) -> None:
        self.run = run
        self.missing: list[str] = []
        self.forward = False

    def image(self, wanted: ImageWanted) -> int | None:
        try:
            return self.run.media.image(wanted.url, wanted.attachment_id) or None
        except MediaMissing as missing:
            self.missing.append(str(missing))
            return None

    def page(self, url: str) -> int | None:
        wp_id = self.run.found.post_for(url)
        if wp_id is None:
            return None
        pk = self.run.page_ids.get(wp_id)
        if pk is None:
            self.forward = True  # a post later in the file: linked in the third pass
        return pk

    def attachment_text(self, attachment_id: int) -> tuple[str, str]:
        """An attachment's alt text and caption from the export, for images that name only
        their id (galleries)."""
        attachment = self.run.found.attachments.get(attachment_id)
        return (attachment.alt, attachment.caption) if attachment else ("", "")

    def document(self, url: str) -> int | None:
        try:
            return self.run.media.document(url) or None
        except MediaMissing as missing:
            self.missing.append(str(missing))
            return None


class _Run:
    def __init__(
        self,
        *,
        found: Survey,
        index: ArticleIndexPage,
        options: ImportOptions,
        report: ImportReport,
        progress: Progress | None,
    ) -> None:
        self.found, self.index, self.options, self.report = found, index, options, report
        self.progress = progress
        self.source = found.source
        self.site = index.get_site()
        self.user = None
        if options.user_id is not None:
            from django.contrib.auth import get_user_model

            self.user = get_user_model().objects.filter(pk=options.user_id).first()
        self.media = MediaLibrary(
            source=self.source,
            uploads=options.uploads,
            fetch=options.fetch_media,
            attachments=found.attachments,
            dry_run=options.dry_run,
        )
        self.page_ids: dict[int, int] = dict(
            ImportedObject.objects.filter(
                source=self.source, kind=ImportedObject.Kind.POST
            ).values_list("wp_id", "object_id")
        )
        self.relink: set[int] = set()
        self.done = 0
        self.now = timezone.now()

    def all_passes(self, source: Source) -> None:
        # Front ends hear of the import once; stored articles render fifty at a time.
        with events.in_bulk(), store.renders_deferred():
            self._all_passes(source)

    def _all_passes(self, source: Source) -> None:
        site: WxrSite = self.found.site
        counts = self.report.counts
        self.authors = match_authors(
            site.authors,
            source=self.source,
            author_map=self.options.author_map,
            dry_run=self.options.dry_run,
            counts=counts,
            general=self.report.general,
        )
        self.staff = staff_by_wp_id(site.authors, self.authors)
        self.categories = Categories(self.options.category_map)
        for slug in self.categories.unknown_treatments:
            self.report.general.append(f"--category names a treatment that does not exist: {slug}")
        self.policy = CommentPolicy.load()
        for entry in read_export(_rewound(source)):
            if isinstance(entry, WxrItem):
                self._item(entry)
        if self.relink:
            for entry in read_export(_rewound(source)):
                if isinstance(entry, WxrItem) and entry.wp_id in self.relink:
                    self._post(entry, again=True)
        counts["images and documents imported"] += self.media.imported

    def _item(self, item: WxrItem) -> None:
        counts = self.report.counts
        if item.post_type == "post":
            self._post(item)
        elif item.post_type == "attachment":
            counts["attachments in the export"] += 1
        else:
            counts[f"skipped: {SKIPPED_TYPES.get(item.post_type, item.post_type + ' items')}"] += 1
        self.done += 1
        if self.done % RENDER_EVERY == 0:
            store.render_deferred()
        if self.progress is not None:
            self.progress(self.done, self.found.total)

    def _post(self, item: WxrItem, *, again: bool = False) -> None:
        counts = self.report.counts
        outcome = articles.outcome_of(item, now=self.now)
        if outcome is None:
            counts["posts in the trash (not imported)"] += 1
            return
        title, title_note = articles.title_from(item)
        notes = [title_note] if title_note else []
        with transaction.atomic():
            links = _Links(self)
            converted = convert_body(item.content or EMPTY_BODY, links=links)
            mapped = self._mapped(item, title, converted, notes)
            notes += converted.notes + [f"Left out: {what}" for what in links.missing]
            mapping = ImportedObject.objects.filter(
                source=self.source, kind=ImportedObject.Kind.POST, wp_id=item.wp_id
            ).first()
            written = articles.write_article(
                index=self.index,
                mapped=mapped,
                mapping=mapping,
                source=self.source,
                wp_id=item.wp_id,
                user=self.user,
            )
            if links.forward and not again:
                self.relink.add(item.wp_id)
            if again:
                return
            counts[f"posts {written.state}"] += 1
            page = written.page
            post = self.report.post(item.wp_id, title)
            post.status, post.page_id = written.status, page.pk if page else None
            for text in notes + written.notes:
                self.report.note(item.wp_id, title, text)
            if page is None:
                return
            self.page_ids[item.wp_id] = page.pk
            self._comments(item, page, title)
            self._redirects(item, page)

    def _mapped(self, item: WxrItem, title: str, converted: ConvertedBody, notes: list[str]):
        if not item.content.strip():
            notes.append("It had no text: a placeholder paragraph is shown")
        excerpt = articles.plain(item.excerpt)
        if len(excerpt) > articles.INTRO_MAX:
            notes.append("Its excerpt was longer than 600 characters: shortened for the intro")
        intro = articles.shorten(excerpt, articles.INTRO_MAX) or articles.derived_intro(
            converted.text
        )
        if item.sticky:
            notes.append("Sticky in WordPress: imported as an ordinary article")
            self.report.counts["sticky posts (imported as ordinary articles)"] += 1
        treatments, tags = self.categories.of(item)
        hero = None
        if thumbnail := item.meta.get("_thumbnail_id", "").strip():
            try:
                hero = self.media.image("", int(thumbnail)) or None
            except (MediaMissing, ValueError) as missing:
                notes.append(f"Its featured image is left out: {missing}")
        outcome = articles.outcome_of(item, now=self.now) or articles.DRAFT
        local = item.date_local or (item.date_gmt and timezone.localtime(item.date_gmt))
        return Mapped(
            title=title,
            slug=articles.slug_from(item, title),
            intro=intro or title,
            body=converted.blocks,
            display_date=local.date() if isinstance(local, datetime.datetime) else None,
            first_published_at=item.date_gmt if outcome != articles.DRAFT else None,
            last_published_at=item.modified_gmt,
            outcome=outcome,
            go_live_at=item.date_gmt if outcome == articles.SCHEDULED else None,
            password=item.password[:255],
            author_id=self.authors.get(item.author_login),
            treatment_ids=treatments,
            tags=tags,
            hero_image_id=hero,
            comments_open=item.comment_status != "closed",
        )

    def _comments(self, item: WxrItem, page: ArticlePage, title: str) -> None:
        if not item.comments:
            return
        outcome = CommentsOutcome()
        created = import_comments(
            article=page,
            comments=item.comments,
            source=self.source,
            staff_authors=self.staff,
            policy=self.policy,
            outcome=outcome,
        )
        counts = self.report.counts
        counts["comments imported"] += outcome.created
        counts["comments already imported"] += outcome.unchanged
        counts["spam comments (not imported)"] += outcome.spam
        counts["trashed comments (not imported)"] += outcome.trashed
        counts["pingbacks and trackbacks (not imported)"] += outcome.pings
        for text in outcome.notes or []:
            self.report.note(item.wp_id, title, text)
        shown = [c for c in created if c.status == c.Status.APPROVED]
        if shown:  # one event for the article's thread and count, not one per comment
            events.emit([comment_event(EventType.COMMENT_APPROVED, shown[-1])])

    def _redirects(self, item: WxrItem, page: ArticlePage) -> None:
        paths = redirects.old_paths(item.link, item.wp_id)
        for wp_id in self.found.attachments_of.get(item.wp_id, []):
            link = self.found.attachments[wp_id].page_link
            paths += redirects.old_paths(link, wp_id, kind="attachment_id")
        self.report.counts["redirects added or changed"] += redirects.point_to(
            paths=paths, page=page, site=self.site
        )


__all__ = ["ExportError", "ImportFailed", "ImportOptions", "import_wordpress", "mapping"]
