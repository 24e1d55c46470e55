"""manage.py comments_export --email …: everything stored about an email address, as JSON."""

import json

from django.core.management.base import BaseCommand

from blog.comments.privacy import export


class Command(BaseCommand):
    help = "Print every stored comment of an email address as JSON (a subject access request)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", required=True)

    def handle(self, *args, email: str, **options) -> None:
        self.stdout.write(json.dumps(export(email), indent=2, ensure_ascii=False))
