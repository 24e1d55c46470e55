"""Sphinx configuration for the documentation site (`python3 dev.py docs`).

The pages are Markdown (MyST), written to read well on a code host too: links between pages
are relative (`[Caching](api.md#caching)`) and anchors are GitHub's. The build runs with
warnings as errors, so a link to a missing page or heading fails it; nothing is suppressed.
"""

project = "Clinic CMS"
author = "Clinic CMS contributors"
copyright = "Clinic CMS contributors"

extensions = ["myst_parser"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]

# Anchors for every heading level, made as GitHub makes them, so `page.md#heading` links are
# resolved and checked by the build.
myst_heading_anchors = 6

html_theme = "alabaster"
html_title = "Clinic CMS"
html_show_sourcelink = False
