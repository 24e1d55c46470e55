"""Helpers for comment tests: aged form tokens, posting, and comments in any state."""

from __future__ import annotations

import time

from blog.comments.rendering import render_body
from blog.comments.tokens import issue_form_token
from blog.models import ReaderComment


def form_token(article, *, age: float = 10) -> str:
    return issue_form_token(article_id=article.pk, now=time.time() - age)


def payload(article, **overrides) -> dict:
    data = {
        "name": "Ana",
        "email": "ana@example.com",
        "website": "",
        "body": "Thank you, this was helpful.",
        "consent": True,
        "notify_on_reply": False,
        "form_token": form_token(article),
    }
    data.update(overrides)
    return data


def post(client, article, **overrides):
    return client.post(
        f"/api/v1/articles/{article.slug}/comments/",
        payload(article, **overrides),
        content_type="application/json",
    )


def make_comment(article, *, status="approved", parent=None, **fields) -> ReaderComment:
    body = fields.pop("body", "A reader's comment.")
    return ReaderComment.objects.create(
        article=article,
        parent=parent,
        root=(parent.root or parent) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        author_name=fields.pop("author_name", "Reader"),
        email=fields.pop("email", "reader@example.com"),
        body=body,
        body_html=render_body(body),
        status=status,
        **fields,
    )
