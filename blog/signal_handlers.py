"""Turns Wagtail's and Django's signals into events (blog.events); no decisions are made
here, and no work is done: subscribers act once the transaction commits."""

from __future__ import annotations

from dataclasses import replace

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from blog import events
from blog.changes import content_changed
from blog.comments.selectors import POLICY_CACHE_KEY
from blog.events import Event, EventType
from blog.models import (
    ArticlePage,
    Author,
    CommentPolicy,
    ComplianceRule,
    ConsentRecord,
    ReaderComment,
    SynonymGroup,
    Treatment,
)
from blog.paths import frontend_path
from blog.search import synonyms
from blog.showing import article_refs
from blog.sites import forget_sites


def _article(instance) -> ArticlePage | None:
    specific = getattr(instance, "specific_deferred", instance)
    return specific if isinstance(specific, ArticlePage) else None


def _page_event(article_type: EventType):
    def handler(sender, instance, **kwargs) -> None:
        article = _article(instance)
        if article is None:
            events.emit_one(EventType.PAGE_CHANGED, object_id=instance.pk)
        else:
            # The id and slug are read now, while the object has them (even when deleted).
            events.emit_one(article_type, article=article)

    return handler


on_published = _page_event(EventType.ARTICLE_PUBLISHED)
on_unpublished = _page_event(EventType.ARTICLE_UNPUBLISHED)


def _path_changed(page: Page, old_url_path: str) -> None:
    """A page's path changed (moved, or its slug): every article at or below it has a new
    path, and the old path now redirects (Wagtail makes the redirects in bulk, without
    signals), so front ends and the CDN hear of both."""
    found = ArticlePage.objects.descendant_of(page, inclusive=True)
    batch = [
        Event(
            type=EventType.ARTICLE_MOVED,
            article=replace(
                ref, moved_from=old_url_path + ref.url_path.removeprefix(page.url_path)
            ),
        )
        for ref in article_refs(found)
    ] or [Event(type=EventType.PAGE_CHANGED, object_id=page.pk)]
    old_path = Redirect.normalise_path(frontend_path(old_url_path))
    events.emit([*batch, Event(type=EventType.REDIRECT_CHANGED, path=old_path)])


def on_moved(sender, instance, url_path_before: str, url_path_after: str, **kwargs) -> None:
    forget_sites()  # even a reordering renumbers tree paths, site roots' included
    if url_path_before != url_path_after:  # not a mere reordering
        _path_changed(instance, url_path_before)


def on_slug_changed(sender, instance_before, instance, **kwargs) -> None:
    forget_sites()  # a site's root may have a new url_path
    _path_changed(instance, instance_before.url_path)


def on_article_deleted(sender, instance, **kwargs) -> None:
    events.emit_one(EventType.ARTICLE_DELETED, article=instance)


def _object_event(event_type: EventType):
    def handler(sender, instance, **kwargs) -> None:
        if not kwargs.get("raw"):
            events.emit_one(event_type, object_id=instance.pk)

    return handler


def on_policy_saved(sender, instance, **kwargs) -> None:
    cache.delete(POLICY_CACHE_KEY)
    # The notice and auto-close days appear in comment lists and article details.
    events.emit_one(EventType.POLICY_CHANGED)


def _visibility_changed(page: Page, *, restricted: bool) -> None:
    """A view restriction was added to or removed from `page`: every article at or below it
    left or rejoined the public, so each gets an event (sync sends it or its tombstone)."""
    event_type = EventType.ARTICLE_RESTRICTED if restricted else EventType.ARTICLE_UNRESTRICTED
    found = ArticlePage.objects.descendant_of(page, inclusive=True)
    batch = [Event(type=event_type, article=ref) for ref in article_refs(found)]
    events.emit(batch or [Event(type=event_type)])


def on_restriction_saved(sender, instance, **kwargs) -> None:
    _visibility_changed(instance.page, restricted=True)


def _page_being_deleted(origin) -> bool:
    """Whether a deletion is part of deleting a page (Django's `origin`): then the page's
    own deletion is the event, and what goes with it announces nothing of its own."""
    if origin is None:
        return False
    deleting = origin.model if isinstance(origin, QuerySet) else type(origin)
    return issubclass(deleting, Page)


def on_restriction_deleted(sender, instance, origin=None, **kwargs) -> None:
    # The restriction goes with its page: nothing becomes public.
    if _page_being_deleted(origin):
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        _visibility_changed(page, restricted=False)


def on_root_page_created(sender, instance, created: bool = False, **kwargs) -> None:
    # A page beside the site roots may be a root's translation (wagtail-localize puts
    # them there): it belongs to the root's site (blog.sites).
    if created and isinstance(instance, Page) and instance.depth == 2:
        forget_sites()


def on_page_deleted(sender, instance, **kwargs) -> None:
    if instance.depth == 2:
        forget_sites()
    # Deleting a page that is not an article (e.g. the index) changes front-end paths too;
    # an article's deletion is its own event (on_article_deleted).
    if not issubclass(instance.specific_class or Page, ArticlePage):
        events.emit_one(EventType.PAGE_CHANGED, object_id=instance.pk)


def on_redirect_changed(sender, instance, **kwargs) -> None:
    if not kwargs.get("raw"):
        events.emit(
            [Event(type=EventType.REDIRECT_CHANGED, object_id=instance.pk, path=instance.old_path)]
        )


def on_site_changed(sender, instance, **kwargs) -> None:
    # A new host, root page or default site changes which articles each host serves.
    forget_sites()
    if not kwargs.get("raw"):
        events.emit_one(EventType.PAGE_CHANGED)


def on_comment_deleted(sender, instance, origin=None, **kwargs) -> None:
    # A comment deleted outright (the admin's delete, a privacy erasure taking its replies)
    # leaves its thread and count; when its article is being deleted, that is the event.
    if not _page_being_deleted(origin):
        events.emit([events.comment_event(EventType.COMMENT_HIDDEN, instance)])


def on_page_logged(sender, instance, **kwargs) -> None:
    # Wagtail logs scheduling (a go-live or expiry set or cancelled) without a change to
    # content: the cached content state must be read again (blog.scheduling).
    transaction.on_commit(content_changed)


def on_search_words_changed(sender, **kwargs) -> None:
    # A synonym group or a compliance rule (which words may be shown back) changed: every
    # process reads them again at its next search.
    transaction.on_commit(synonyms.changed)


def register_signal_handlers() -> None:
    for signal in (post_save, post_delete):
        signal.connect(on_site_changed, sender=Site, dispatch_uid="blog-site")
    post_save.connect(on_page_logged, sender=PageLogEntry, dispatch_uid="blog-page-log")
    post_delete.connect(on_comment_deleted, sender=ReaderComment, dispatch_uid="blog-comment-del")
    post_save.connect(on_policy_saved, sender=CommentPolicy, dispatch_uid="blog-policy")
    post_save.connect(
        on_restriction_saved, sender=PageViewRestriction, dispatch_uid="blog-restricted"
    )
    post_delete.connect(
        on_restriction_deleted, sender=PageViewRestriction, dispatch_uid="blog-unrestricted"
    )
    page_published.connect(on_published, dispatch_uid="blog-published")
    page_unpublished.connect(on_unpublished, dispatch_uid="blog-unpublished")
    post_page_move.connect(on_moved, dispatch_uid="blog-moved")
    page_slug_changed.connect(on_slug_changed, dispatch_uid="blog-slug-changed")
    post_delete.connect(on_article_deleted, sender=ArticlePage, dispatch_uid="blog-deleted")
    objects = {
        Treatment: EventType.TREATMENT_CHANGED,
        Author: EventType.AUTHOR_CHANGED,
        get_image_model(): EventType.IMAGE_CHANGED,
        Tag: EventType.TAG_CHANGED,
        ConsentRecord: EventType.CONSENT_CHANGED,
    }
    for model, event_type in objects.items():
        handler = _object_event(event_type)
        for signal in (post_save, post_delete):
            signal.connect(handler, sender=model, dispatch_uid=f"blog-{model.__name__}", weak=False)
    post_delete.connect(on_page_deleted, sender=Page, dispatch_uid="blog-page-del")
    post_save.connect(on_root_page_created, dispatch_uid="blog-root-page-created")
    for signal in (post_save, post_delete):
        signal.connect(on_redirect_changed, sender=Redirect, dispatch_uid="blog-redirect")
        for model in (SynonymGroup, ComplianceRule):
            uid = f"blog-search-words-{model.__name__}-{signal is post_save}"
            signal.connect(on_search_words_changed, sender=model, dispatch_uid=uid)
