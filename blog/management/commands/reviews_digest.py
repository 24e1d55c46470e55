"""manage.py reviews_digest: mail each clinician their articles due for medical review.

The production worker sends it once a week by itself; run this weekly from cron when no
worker runs (the embedded default), or by hand.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from blog.governance.digest import send_review_digests


class Command(BaseCommand):
    help = "Mail each reviewer the articles due for medical review (weekly)."

    def handle(self, *args, **options) -> None:
        sent = send_review_digests(today=timezone.localdate())
        self.stdout.write(f"Sent {sent} review digest{'s' * (sent != 1)}.")
