"""Template tags for the server-rendered site: what a page shows that depends on services
the model layer must not import (blog.comments)."""

from __future__ import annotations

from django import template

from blog.comments.posting import comments_open
from blog.comments.selectors import cached_policy

register = template.Library()


@register.simple_tag
def comments_are_open(article) -> bool:
    """The article's own switch and closing date, and the site policy's auto-close days."""
    return comments_open(article, cached_policy())
