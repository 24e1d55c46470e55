"""Connects Wagtail's and Django's signals to blog.changes; no decisions are made here."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from blog.changes import record_change_on_commit, record_visibility_change_on_commit
from blog.comments.selectors import POLICY_CACHE_KEY
from blog.models import ArticlePage, Author, CommentPolicy, ContentChange, Treatment

Kind = ContentChange.Kind


def _article(instance) -> ArticlePage | None:
    specific = getattr(instance, "specific_deferred", instance)
    return specific if isinstance(specific, ArticlePage) else None


def on_published(sender, instance, **kwargs) -> None:
    article = _article(instance)
    record_change_on_commit(kind=Kind.PUBLISHED if article else Kind.PAGE, article=article)


def on_unpublished(sender, instance, **kwargs) -> None:
    article = _article(instance)
    record_change_on_commit(kind=Kind.UNPUBLISHED if article else Kind.PAGE, article=article)


def on_moved(sender, instance, **kwargs) -> None:
    article = _article(instance)
    record_change_on_commit(kind=Kind.MOVED if article else Kind.PAGE, article=article)


def on_article_deleted(sender, instance, **kwargs) -> None:
    record_change_on_commit(kind=Kind.DELETED, article=instance)


def on_other_change(kind: str):
    def handler(sender, instance, **kwargs) -> None:
        if not kwargs.get("raw"):
            record_change_on_commit(kind=kind)

    return handler


_snippet_changed = on_other_change(Kind.SNIPPET)
_image_changed = on_other_change(Kind.IMAGE)
_tag_changed = on_other_change(Kind.TAG)


def on_policy_saved(sender, instance, **kwargs) -> None:
    cache.delete(POLICY_CACHE_KEY)
    # The notice and auto-close days appear in comment lists and article details.
    record_change_on_commit(kind=Kind.POLICY)


def on_restriction_saved(sender, instance, **kwargs) -> None:
    record_visibility_change_on_commit(instance.page, restricted=True)


def on_restriction_deleted(sender, instance, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:  # when the page itself is deleted, its deletion is recorded
        record_visibility_change_on_commit(page, restricted=False)


def register_signal_handlers() -> None:
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
    post_delete.connect(on_article_deleted, sender=ArticlePage, dispatch_uid="blog-deleted")
    for model in (Treatment, Author):
        for signal in (post_save, post_delete):
            signal.connect(_snippet_changed, sender=model, dispatch_uid=f"blog-{model.__name__}")
    for signal in (post_save, post_delete):
        signal.connect(_image_changed, sender=get_image_model(), dispatch_uid="blog-image")
        signal.connect(_tag_changed, sender=Tag, dispatch_uid="blog-tag")
    # Deleting a page that is not an article (e.g. the index) changes front-end paths too.
    post_delete.connect(on_other_change(Kind.PAGE), sender=Page, dispatch_uid="blog-page-del")
