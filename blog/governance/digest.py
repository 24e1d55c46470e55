"""The weekly mail to each clinician whose articles are due for medical review.

Sent once per ISO week by the production worker's clock (`manage.py worker`), or by
`manage.py reviews_digest` from cron in the embedded default. A clinician receives it when
their Author profile is linked to a login with an email address.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.core.mail import send_mail
from django.urls import reverse

from blog.governance.reviews import review_status, reviews_due
from blog.models import Author
from blog.paths import admin_url


def send_review_digests(*, today: datetime.date) -> int:
    """Mail each reviewer the articles they review that are overdue or due within 30 days;
    the number of mails sent."""
    # A reviewer's login is on their profile in the source language; a translation they
    # reviewed may name the profile's translation.
    logins = {
        author.translation_key: author
        for author in Author.objects.filter(user__isnull=False).select_related("user")
    }
    by_reviewer: dict = defaultdict(list)
    for article in reviews_due(today=today).filter(reviewed_by__isnull=False):
        if (reviewer := logins.get(article.reviewed_by.translation_key)) is not None:
            by_reviewer[reviewer].append(article)
    sent = 0
    for reviewer, articles in by_reviewer.items():
        email = reviewer.user.email
        if not email:
            continue
        lines = [
            f"- {a.title}: {review_status(a, today=today)}\n"
            f"  {admin_url(reverse('wagtailadmin_pages:edit', args=[a.pk]))}"
            for a in articles
        ]
        report = admin_url(reverse("blog_reviews_due")) + f"?reviewed_by={reviewer.pk}"
        send_mail(
            subject=f"{len(articles)} article{'s' * (len(articles) != 1)} due for medical review",
            message=(
                f"Hello {reviewer.name},\n\nThese articles you review are due for a medical "
                "review (overdue ones first):\n\n" + "\n".join(lines) + "\n\nAll of them: "
                f"{report}\n\nAfter checking an article, set its review date in the editor "
                "(SEO & review tab) and publish.\n"
            ),
            from_email=None,
            recipient_list=[email],
        )
        sent += 1
    return sent
