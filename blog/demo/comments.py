"""Demo reader comments: a thread, an answered question, pending, urgent and spam ones."""

from __future__ import annotations

import datetime

from django.utils import timezone

from blog.comments import spam
from blog.comments.moderation import reply_as_clinic
from blog.comments.rendering import render_body
from blog.models import ArticlePage, Author, CommentPolicy, ReaderComment

Spec = dict


def ensure_demo_comments(specs: list[Spec]) -> int:
    """Create the demo comments that are missing; returns how many were created."""
    policy = CommentPolicy.load()
    articles = {
        a.slug: a for a in ArticlePage.objects.filter(slug__in={s["article"] for s in specs})
    }
    by_key: dict[str, ReaderComment] = {}
    created = 0
    for spec in specs:
        article = articles.get(spec["article"])
        if article is None:
            continue
        existing = ReaderComment.objects.filter(article=article, body=spec["body"]).first()
        if existing:
            by_key[spec["key"]] = existing
            continue
        parent = by_key.get(spec.get("parent", ""))
        when = timezone.now() - datetime.timedelta(days=spec["days_ago"], hours=len(by_key))
        if spec.get("staff"):
            author = Author.objects.in_default_language().get(slug=spec["staff"])
            comment = reply_as_clinic(
                parent, author=author, user=None, body=spec["body"], policy=policy
            )
            ReaderComment.objects.filter(pk=comment.pk).update(created_at=when)
        else:
            comment = ReaderComment.objects.create(
                article=article,
                parent=parent,
                root=(parent.root or parent) if parent else None,
                depth=parent.depth + 1 if parent else 0,
                author_name=spec["name"],
                email=spec["email"],
                body=spec["body"],
                body_html=render_body(spec["body"]),
                status=spec["status"],
                is_question=spam.is_question(spec["body"]),
                is_urgent=spam.is_urgent(spec["body"], policy),
                created_at=when,
                consent=True,
            )
        by_key[spec["key"]] = comment
        created += 1
    return created
