"""manage.py expire_consents: take expired patient consents' photos off everywhere.

Readers stop seeing the photos the day after expiry without it (every render checks the
date); this sends what a withdrawal sends: sync resends the articles, CDN purges and
webhooks go out, renditions are deleted, editors are told. The production worker runs it
hourly; run it from cron (hourly, or just after midnight) when no worker runs.
"""

from django.core.management.base import BaseCommand

from blog.governance.consent import expire_consents


class Command(BaseCommand):
    help = "Carry out the end of patient consents that have expired (hourly or daily)."

    def handle(self, *args, **options) -> None:
        ended = expire_consents()
        self.stdout.write(f"{ended} expired consent record{'s' * (ended != 1)} carried out.")
