"""manage.py comments_purge: routine privacy clean-up, safe to run daily from cron."""

from django.core.management.base import BaseCommand, CommandError

from blog.comments.privacy import purge
from blog.comments.tokens import prune_form_token_uses


class Command(BaseCommand):
    help = (
        "Clear IP hashes and user agents older than --trace-days (30) and delete spam and "
        "removed comments older than --delete-days (90)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--trace-days", type=int, default=30)
        parser.add_argument("--delete-days", type=int, default=90)

    def handle(self, *args, trace_days: int, delete_days: int, **options) -> None:
        if trace_days < 0 or delete_days < 0:
            raise CommandError("Days must be zero or more.")
        report = purge(trace_days=trace_days, delete_days=delete_days)
        forms = prune_form_token_uses()
        self.stdout.write(
            f"Cleared traces of {report.traces_cleared} comment(s); "
            f"deleted {report.comments_deleted} spam or removed comment(s) and the post "
            f"counts of {forms} expired form(s)."
        )
