"""manage.py seed_demo: load the demo clinic. Safe to run again: it only adds what is missing.
With --wordpress it also imports the demo clinic's old WordPress blog (blog/demo/wordpress.xml)
and prints the import's report."""

from django.core.management.base import BaseCommand, CommandError

from blog.demo.scale import create_generated_articles
from blog.demo.seed import SeedError, seed_demo
from blog.demo.wordpress import import_demo_export
from blog.importing.wordpress import ExportError, ImportFailed
from blog.models import ArticleIndexPage


class Command(BaseCommand):
    help = "Create the demo site, article index, treatments, authors and published articles."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help="Also make the index hold N generated articles (for benchmarks).",
        )
        parser.add_argument(
            "--wordpress",
            action="store_true",
            help="Also import the demo clinic's WordPress export (blog/demo/wordpress.xml), "
            "with its images, and print the import's report.",
        )

    def handle(self, *args, scale: int = 0, wordpress: bool = False, **options) -> None:
        if scale < 0 or scale > 1_000_000:
            raise CommandError("--scale takes a number from 0 to 1,000,000.")
        try:
            report = seed_demo()
        except SeedError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(str(report)))
        if scale:
            index = ArticleIndexPage.objects.order_by("path").first()
            created = create_generated_articles(index, total=scale)
            self.stdout.write(self.style.SUCCESS(f"Created {created} generated articles."))
        if wordpress:
            try:
                import_demo_export(stdout=self.stdout)
            except (ExportError, ImportFailed) as error:
                raise CommandError(
                    f"The demo WordPress export was not imported: {error}"
                ) from error
