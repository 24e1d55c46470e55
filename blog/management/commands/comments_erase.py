"""manage.py comments_erase --email … [--remove-text]: anonymise a reader's comments."""

from django.core.management.base import BaseCommand

from blog.comments.privacy import erase


class Command(BaseCommand):
    help = (
        "Anonymise every comment of an email address: the name becomes 'Anonymous'; email, "
        "website, user agent and IP hash are cleared. --remove-text also replaces the text."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--remove-text", action="store_true")

    def handle(self, *args, email: str, remove_text: bool = False, **options) -> None:
        count = erase(email, remove_text=remove_text)
        self.stdout.write(self.style.SUCCESS(f"Anonymised {count} comment(s)."))
