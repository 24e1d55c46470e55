"""Old WordPress addresses keep working: each post's permalink (whatever the permalink
structure), its `/?p=ID` form and its attachment pages lead (301) to the article, through
Wagtail's redirects, which the website and the API's path lookup both follow. Query-string
permalinks (`/?p=ID`) are answered by blog.site.wordpress_links, since the home page would
otherwise answer them with itself."""

from __future__ import annotations

from urllib.parse import urlsplit

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

# WordPress's query-string permalinks: a post, a page, an attachment.
QUERY_KEYS = ("p", "page_id", "attachment_id")


def old_paths(link: str, wp_id: int, *, kind: str = "p") -> list[str]:
    """The normalised old paths that lead to a post: its permalink, and ?p=ID."""
    paths = [f"/?{kind}={wp_id}"]
    if link:
        parts = urlsplit(link.strip())
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        if path not in {"", "/"}:
            paths.insert(0, path)
    return list(dict.fromkeys(Redirect.normalise_path(path) for path in paths))


def point_to(*, paths: list[str], page: Page, site: Site | None) -> int:
    """Redirect every path to `page` (permanently); returns how many were new or changed.
    A path that is the page's own new address is left alone: it would loop."""
    parts = page.get_url_parts()
    own = Redirect.normalise_path(parts[2]) if parts else ""
    changed = 0
    for path in paths:
        if path == own:
            continue
        redirect, created = Redirect.objects.get_or_create(
            old_path=path,
            site=site,
            defaults={"redirect_page": page, "is_permanent": True},
        )
        if not created and (redirect.redirect_page_id != page.pk or redirect.redirect_link):
            redirect.redirect_page = page
            redirect.redirect_link = ""
            redirect.is_permanent = True
            redirect.save()
            changed += 1
        changed += created
    return changed
