"""manage.py create_dev_admin: a local superuser for development, refused when DEBUG is off."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from blog.models import Author

USERNAME = "admin"


class Command(BaseCommand):
    help = "Create a local 'admin' superuser with a random password and print it (DEBUG only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Give an existing admin a new password."
        )

    def handle(self, *args, reset: bool = False, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("create_dev_admin only runs with DEBUG on: it is for local use.")
        user_model = get_user_model()
        user = user_model.objects.filter(username=USERNAME).first()
        if user and not reset:
            self.stdout.write(
                f"Admin login: user '{USERNAME}' already exists (password unchanged). "
                "For a new password: python manage.py create_dev_admin --reset"
            )
            return
        password = secrets.token_urlsafe(12)
        if user is None:
            user_model.objects.create_superuser(USERNAME, "admin@localhost", password)
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        self.stdout.write(
            self.style.SUCCESS(f"Admin login (development only): {USERNAME} / {password}")
        )
        self._link_author(user_model.objects.get(username=USERNAME))

    def _link_author(self, user) -> None:
        """Give the admin an author profile (the demo's first clinician without a login), so
        that "Reply as clinic" has the signed-in author chosen, as for real staff."""
        if Author.objects.filter(user=user).exists():
            return
        author = Author.objects.filter(user__isnull=True).order_by("pk").first()
        if author is not None:
            author.user = user
            author.save(update_fields=["user"])
            self.stdout.write(f"The admin replies to comments as {author.name}.")
