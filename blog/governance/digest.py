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
from blog.paths import admin_url


def send_review_digests(*, today: datetime.date) -> int:
    """Mail each reviewer the articles they review that are overdue or due within 30 days;
    the number of mails sent."""
    by_reviewer: dict = defaultdict(list)
    due = reviews_due(today=today).filter(reviewed_by__user__isnull=False)
    for article in due.select_related("reviewed_by__user"):
        by_reviewer[article.reviewed_by].append(article)
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
