"""Medical reviews: who may sign one off, which live articles are due, and how due each is.

Due dates come from ArticlePage.next_review_due, derived on save from the last review and the
review interval. The admin's report and dashboard panel are blog.admin.reviews.

Each translation has its own review and schedule (never copied from its source: a French
text needs a reviewer who checked the French), so each is its own row here. A reviewer is a
person, whose Author profile may have translations: a translation of a reviewer's profile
signs off as they do, and their reviews are found under any of their profiles.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Permission
from django.db.models import F, Q, QuerySet

from blog.models import ArticlePage, Author

DUE_SOON_DAYS = 30
REVIEWER_PERMISSION = ("blog", "clinical_reviewer")


def clinical_reviewers() -> QuerySet[Author]:
    """Authors who may sign off a medical review: those linked to an active login that holds
    the "clinical reviewer" permission, itself or through a group (or is a superuser)."""
    permission = Permission.objects.filter(
        content_type__app_label=REVIEWER_PERMISSION[0], codename=REVIEWER_PERMISSION[1]
    )
    holds = (
        Q(user__is_superuser=True)
        | Q(user__user_permissions__in=permission)
        | Q(user__groups__permissions__in=permission)
    )
    reviewers = Author.objects.filter(holds, user__is_active=True)
    # A profile's translations are the same person (only the source holds the login).
    return Author.objects.filter(translation_key__in=reviewers.values("translation_key"))


def reviewed_by_person(author: Author) -> Q:
    """Articles reviewed by `author` under any of their profiles' translations."""
    return Q(reviewed_by__translation_key=author.translation_key)


def reviews_due(*, today: datetime.date, within_days: int = DUE_SOON_DAYS) -> QuerySet:
    """Live articles never reviewed, overdue, or due within `within_days`: those never
    reviewed first, then the longest overdue."""
    horizon = today + datetime.timedelta(days=within_days)
    return (
        ArticlePage.objects.live()
        .filter(Q(next_review_due__isnull=True) | Q(next_review_due__lte=horizon))
        .select_related("reviewed_by", "locale")
        .order_by(F("next_review_due").asc(nulls_first=True), "title", "pk")
    )


def review_status(article: ArticlePage, *, today: datetime.date) -> str:
    if article.next_review_due is None:
        return "Never reviewed"
    if article.review_requested_on is not None and article.next_review_due <= today:
        return f"Text changed since the review (published {article.review_requested_on:%-d %b %Y})"
    if article.next_review_due < today:
        return f"Overdue by {(today - article.next_review_due).days} days"
    return f"Due in {(article.next_review_due - today).days} days"
