"""The demo's WordPress export (wordpress.xml, the demo clinic's old blog): imported by
`manage.py seed_demo --wordpress`, so the WordPress import can be tried with no WordPress.

A real move comes with a copy of the old site's `wp-content/uploads`; the demo has none, so
each image the export lists is drawn with Pillow (the demo's other images are drawn the same
way) into a temporary uploads folder, which the import reads as it would a real one. The
drawing is the same every time, so running it again finds the same images and changes
nothing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TextIO

from blog.demo.images import Colour, draw_abstract
from blog.demo.seed import DEFAULT_COLOUR, load_content
from blog.importing.report import ImportReport
from blog.importing.survey import survey
from blog.importing.wordpress import ImportOptions, import_wordpress

EXPORT_FILE = Path(__file__).with_name("wordpress.xml")
IMAGE_SIZE = (1200, 675)


def draw_uploads(root: Path, *, export: Path = EXPORT_FILE) -> list[Path]:
    """Draw every attachment of `export` at its path under `root` (an uploads folder);
    returns the files drawn. Colours are the demo treatments', in turn."""
    palette: list[Colour] = [tuple(t["colour"]) for t in load_content()["treatments"]]
    palette = palette or [DEFAULT_COLOUR]
    drawn = []
    attachments = sorted(survey(export).attachments.values(), key=lambda a: a.wp_id)
    for n, attachment in enumerate(attachments):
        if not attachment.attached_file:
            continue
        file = (root / attachment.attached_file).resolve()
        if not file.is_relative_to(root.resolve()):  # our own file, but never write outside
            continue
        file.parent.mkdir(parents=True, exist_ok=True)
        colour = palette[n % len(palette)]
        file.write_bytes(draw_abstract(colour, size=IMAGE_SIZE, seed=attachment.attached_file))
        drawn.append(file)
    return drawn


def import_demo_export(*, stdout: TextIO | None = None) -> ImportReport:
    """Import the demo export into the default site's article index, with its images;
    returns the report, and writes it to `stdout` when given. ImportFailed when there is
    no article index (seed the demo first)."""
    with tempfile.TemporaryDirectory(prefix="demo-wp-uploads-") as folder:
        uploads = Path(folder)
        draw_uploads(uploads)
        report = import_wordpress(EXPORT_FILE, options=ImportOptions(uploads=uploads))
    if stdout is not None:
        stdout.write(report.as_text())
    return report
