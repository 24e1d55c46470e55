"""manage.py seed_demo: load the demo clinic. Safe to run again: it only adds what is missing."""

from django.core.management.base import BaseCommand, CommandError

from blog.demo.seed import SeedError, seed_demo


class Command(BaseCommand):
    help = "Create the demo site, article index, treatments, authors and published articles."

    def handle(self, *args, **options) -> None:
        try:
            report = seed_demo()
        except SeedError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(str(report)))
