"""`manage.py import_wordpress EXPORT.xml [--uploads DIR] [--dry-run] …`: move a clinic's
WordPress posts, media, authors, comments and old addresses in (blog.importing.wordpress).
Shows progress on a terminal and ends with the report; exits non-zero for a file that is
not a sound WordPress export."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from blog.importing.wordpress import (
    ExportError,
    ImportFailed,
    ImportOptions,
    import_wordpress,
    mapping,
)


def pairs(values: list[str] | None, option: str) -> dict[str, str]:
    try:
        return mapping(values or [])
    except ValueError as error:
        raise CommandError(f"{option}: {error} For example: {option} skin=microneedling") from error


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools > Export, a WXR file): posts become articles, with "
        "their media, authors, categories, tags, threaded comments and redirects from their "
        "old addresses. Safe to run again: only what changed is updated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("export", help="The WXR file WordPress exported.")
        parser.add_argument(
            "--uploads",
            metavar="DIR",
            help="A copy of the site's wp-content/uploads folder: media are matched by path.",
        )
        parser.add_argument(
            "--fetch-media",
            action="store_true",
            help="Fetch media not found in --uploads from the old site (public addresses "
            "only, 25 MB and 10 s each).",
        )
        parser.add_argument(
            "--index", type=int, metavar="PAGE_ID", help="The article index to import under."
        )
        parser.add_argument(
            "--category",
            action="append",
            metavar="CATEGORY=TREATMENT",
            help="Map a WordPress category (slug) to a treatment (slug); repeat as needed. "
            "Categories named like a treatment map to it anyway; the rest become tags.",
        )
        parser.add_argument(
            "--author",
            action="append",
            metavar="LOGIN=AUTHOR",
            help="Map a WordPress login to an existing author (slug); repeat as needed.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Do everything, then write nothing back."
        )
        parser.add_argument("--report", metavar="FILE", help="Also write the report as JSON.")

    def handle(self, *args, **options) -> None:
        export = Path(options["export"])
        if not export.is_file():
            raise CommandError(f"{export} is not a file.")
        uploads = Path(options["uploads"]) if options["uploads"] else None
        if uploads is not None and not uploads.is_dir():
            raise CommandError(f"--uploads {uploads} is not a folder.")
        settings = ImportOptions(
            uploads=uploads,
            fetch_media=options["fetch_media"],
            index_id=options["index"],
            category_map=pairs(options["category"], "--category"),
            author_map=pairs(options["author"], "--author"),
            dry_run=options["dry_run"],
        )
        started = time.monotonic()
        try:
            report = import_wordpress(export, options=settings, progress=self._progress())
        except (ExportError, ImportFailed) as error:
            raise CommandError(str(error)) from error
        if self.stdout.isatty():
            self.stdout.write("")
        self.stdout.write(report.as_text())
        self.stdout.write(f"Took {time.monotonic() - started:.1f} s.")
        if options["report"]:
            Path(options["report"]).write_text(json.dumps(report.as_json(), indent=2))

    def _progress(self):
        if not self.stdout.isatty():
            return None
        last = [0.0]

        def show(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] < 0.2 and done < total:
                return
            last[0] = now
            width = 30
            filled = width * done // max(total, 1)
            sys.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} items")
            sys.stdout.flush()

        return show
