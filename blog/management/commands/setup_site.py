"""manage.py setup_site: a new clinic's site on an empty database (no demo content).

Wagtail's migrations leave a "Welcome to your new Wagtail site!" page as the default site's
root. This replaces it with the clinic's home page and article index, published, and names
the site's host. Safe to run again: an existing home page and index are kept, and only the
site's name and address are updated.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page, Site

from blog.models import ArticleIndexPage, HomePage


class Command(BaseCommand):
    help = "Create the site's home page and article index, and set its name and address."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--name", required=True, help="The clinic's name, e.g. 'Riverside Skin'."
        )
        parser.add_argument(
            "--hostname", required=True, help="The site's host name, e.g. www.clinic.example."
        )
        parser.add_argument("--port", type=int, default=443, help="Its port (default 443).")
        parser.add_argument("--index-title", default="Articles", help="The article index's title.")
        parser.add_argument("--index-slug", default="articles", help="The article index's slug.")

    @transaction.atomic
    def handle(self, *args, name: str, hostname: str, port: int, **options) -> None:
        if not 0 < port < 65536:
            raise CommandError("--port takes a number from 1 to 65535.")
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        home = site.root_page.specific if site else None
        if not isinstance(home, HomePage):
            home = self._replace_welcome_page(site, name)
            site = Site(is_default_site=True, root_page=home)
            self.stdout.write(f"Created the home page “{home.title}”.")
        site.hostname, site.port, site.site_name = hostname, port, name
        site.full_clean()
        site.save()
        index = ArticleIndexPage.objects.child_of(home).first()
        if index is None:
            index = ArticleIndexPage(title=options["index_title"], slug=options["index_slug"])
            home.add_child(instance=index)
            index.save_revision().publish()
            self.stdout.write(f"Created the article index “{index.title}” at /{index.slug}/.")
        scheme = "https" if port == 443 else "http"
        address = f"{scheme}://{hostname}" + ("" if port in (80, 443) else f":{port}")
        self.stdout.write(self.style.SUCCESS(f"The site “{name}” answers at {address}/."))

    def _replace_welcome_page(self, site: Site | None, name: str) -> HomePage:
        if site is not None:
            root = site.root_page
            if root.specific_class is not Page or root.numchild:
                raise CommandError(
                    f"The default site's root page “{root.title}” has content of its own; "
                    "setup_site will not replace it. Choose the site's root in Settings > Sites."
                )
            root.delete()  # Wagtail's welcome page (and the Site that points at it)
        home = HomePage(title=name, slug="home")
        Page.get_first_root_node().add_child(instance=home)
        home.save_revision().publish()
        return home
