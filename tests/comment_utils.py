"""Helpers for comment tests: aged form tokens, posting, and comments in any state."""

from __future__ import annotations

import json
import time

from django.utils import timezone

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
        first_approved_at=fields.pop(
            "first_approved_at", timezone.now() if status == "approved" else None
        ),
        **fields,
    )


def live_form_token(server, comments_path: str) -> str:
    """A form token from a running server (tests/live.py starts servers with
    COMMENTS_FORM_MIN_SECONDS=0, so it may be used at once)."""
    status, _, body = server.get(f"{comments_path}form-token/")
    assert status == 200, body
    return json.loads(body)["form_token"]


def post_live_comment(server, slug: str, body: str, **fields) -> dict:
    """Post a comment to a running server as a reader's browser would: fetch a form token,
    post. Returns the 201 answer."""
    path = f"/api/v1/articles/{slug}/comments/"
    payload = {
        "name": "Ana",
        "email": "ana@example.com",
        "website": "",
        "body": body,
        "parent": None,
        "consent": True,
        "notify_on_reply": False,
        "form_token": live_form_token(server, path),
        **fields,
    }
    status, _, raw = server.post(path, json.dumps(payload).encode(), timeout=30)
    assert status == 201, raw
    return json.loads(raw)
