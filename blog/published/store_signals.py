"""Wires the stored articles (blog.published.store) to the models' signals.

Unlike blog.signal_handlers, which only announce events after the commit, these act in the
transaction of the change: a copy of columns, a recount or a stale mark costs one or two
queries, and doing it then means no read after the commit can find a stored copy that is
older than the change. Rendering, the real work, happens later (blog.published.store).
"""

from __future__ import annotations

from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.pages import COMMENTS_RELATION_NAME
from wagtail.signals import page_slug_changed, post_page_move

from blog.comments import counts
from blog.models import (
    ArticlePage,
    Author,
    ConsentRecord,
    ReaderComment,
    StoredArticle,
    Treatment,
)
from blog.published import store
from blog.search import indexing
from blog.showing import referencing


def _articles_under(page: Page) -> list[int]:
    return list(
        ArticlePage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
    )


# What saving a draft, scheduling or locking writes to the page row: nothing readers see.
EDITING_FIELDS = frozenset(
    {
        COMMENTS_RELATION_NAME,
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_by",
        "locked_at",
    }
)


def on_page_saved(sender, instance, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw or not isinstance(instance, Page):
        return
    if update_fields and set(update_fields) <= EDITING_FIELDS:
        return  # a draft saved (the editor's autosave too): the live row is unchanged
    if store.is_article(instance):
        store.sync_columns([instance.pk])
    elif instance.live:
        # A page that articles link to: its title or address may show in their bodies.
        store.mark_stale(referencing(Page, instance.pk))


def on_page_deleted(sender, instance, **kwargs) -> None:
    if not isinstance(instance, Page):
        return
    if store.is_article(instance):
        store.mark_stale(store.showing_related([instance.pk]))
    else:
        store.mark_stale(referencing(Page, instance.pk))


def on_stored_row_deleted(sender, instance, **kwargs) -> None:
    # Its postings go with it (a cascade); the vocabulary's counts are ours to keep right.
    indexing.forget([instance.pk])


def on_path_changed(sender, instance, **kwargs) -> None:
    # Moved, or a new slug: Wagtail rewrites the url_paths below it without saving them.
    store.sync_columns(_articles_under(instance))


def on_restriction_changed(sender, instance, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        store.sync_columns(_articles_under(page))


def on_site_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    # Paths and canonical addresses are relative to the sites' roots and hosts.
    if not raw:
        store.mark_stale(StoredArticle.objects.all())


def on_comment_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    # A new comment that waits for moderation changes no count.
    held = kwargs.get("created") and instance.status != ReaderComment.Status.APPROVED
    if not raw and not held:
        counts.comments_changed([instance.article_id])


def on_author_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    # The clinic's replies show their author's name and role.
    if not raw:
        replied = StoredArticle.objects.filter(page__reader_comments__staff_author=instance.pk)
        replied.update(**counts.forgotten_thread())


def _shown(condition):
    def handler(sender, instance, raw: bool = False, **kwargs) -> None:
        if not raw:
            store.mark_stale(condition(instance))

    return handler


def _treatment_shown(treatment: Treatment) -> Q:
    # Articles link the source's treatment; its translation shows in translated articles.
    return Q(page__treatments=treatment.pk) | Q(
        page__treatments__translation_key=treatment.translation_key
    )


def _author_shown(author: Author) -> Q:
    key = author.translation_key
    return (
        Q(page__author=author.pk)
        | Q(page__reviewed_by=author.pk)
        | Q(page__author__translation_key=key)
        | Q(page__reviewed_by__translation_key=key)
    )


def register() -> None:
    image_model = get_image_model()
    shown = {
        Treatment: _treatment_shown,
        Tag: lambda tag: Q(page__tags=tag.pk),
        Author: _author_shown,
        ConsentRecord: lambda consent: referencing(ConsentRecord, consent.pk),
        image_model: lambda image: (
            Q(page__hero_image=image.pk)
            | Q(page__social_image=image.pk)
            | referencing(image_model, image.pk)
        ),
    }
    for model, condition in shown.items():
        handler = _shown(condition)
        # Before a deletion, while the rows that show the object still point at it.
        for signal in (post_save, pre_delete):
            uid = f"blog-store-{model.__name__}"
            signal.connect(handler, sender=model, dispatch_uid=uid, weak=False)
    for signal in (post_save, pre_delete):
        signal.connect(on_author_changed, sender=Author, dispatch_uid="blog-store-replier")
    post_save.connect(on_page_saved, dispatch_uid="blog-store-page")
    pre_delete.connect(on_page_deleted, dispatch_uid="blog-store-page-deleted")
    pre_delete.connect(on_stored_row_deleted, sender=StoredArticle, dispatch_uid="blog-store-row")
    post_page_move.connect(on_path_changed, dispatch_uid="blog-store-moved")
    page_slug_changed.connect(on_path_changed, dispatch_uid="blog-store-slug")
    for signal in (post_save, post_delete):
        uid = f"blog-store-{signal is post_save}"
        signal.connect(on_restriction_changed, sender=PageViewRestriction, dispatch_uid=uid + "r")
        signal.connect(on_site_changed, sender=Site, dispatch_uid=uid + "s")
        signal.connect(on_comment_changed, sender=ReaderComment, dispatch_uid=uid + "c")
