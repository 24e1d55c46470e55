"""The SEO bundle of an article: title, description, canonical URL, Open Graph image, JSON-LD."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from blog.models import ArticlePage
from blog.paths import canonical_url
from blog.published.images import image_bundle
from blog.sites import SiteInfo, site_of_url_path

OG_WIDTHS = (1200,)


def _person(author) -> dict:
    person = {"@type": "Person", "name": author.name, "jobTitle": author.role}
    if author.credentials:
        person["description"] = author.credentials
    return person


def alternates(
    *, language: str, url: str, translations: list[dict], site: SiteInfo | None
) -> list[dict]:
    """`hreflang` alternates: the article in each language it is published in, and
    `x-default`, its default language's text; none for an article in one language."""
    if not translations:
        return []
    found = [{"hreflang": language, "href": url}]
    found += [
        {"hreflang": t["locale"], "href": canonical_url(t["path"], site)} for t in translations
    ]
    default = next((each for each in found if each["hreflang"] == settings.LANGUAGE_CODE), None)
    if default is not None:
        found.append({"hreflang": "x-default", "href": default["href"]})
    return found


def bundle(
    article: ArticlePage,
    *,
    path: str,
    request: HttpRequest | None,
    language: str = "",
    translations: list[dict] | None = None,
) -> dict:
    """The SEO bundle; `translations` (blog.published.selectors.translations_of) give its
    `hreflang` alternates."""
    site = site_of_url_path(article.url_path)
    url = canonical_url(path, site)
    image = article.social_image or article.hero_image
    og_image = image_bundle(image, widths=OG_WIDTHS, request=request)
    description = article.search_description or article.intro
    json_ld: dict = {
        "@context": "https://schema.org",
        "@type": ["Article", "MedicalWebPage"],
        "headline": article.title,
        "description": description,
        "url": url,
        "mainEntityOfPage": url,
    }
    if language:
        json_ld["inLanguage"] = language
    if article.first_published_at:
        json_ld["datePublished"] = article.first_published_at.isoformat()
    if article.last_published_at:
        json_ld["dateModified"] = article.last_published_at.isoformat()
    if og_image:
        json_ld["image"] = og_image["url"]
    if article.author:
        json_ld["author"] = _person(article.author)
    if article.reviewed_by and article.last_reviewed:
        json_ld["reviewedBy"] = _person(article.reviewed_by)
        json_ld["lastReviewed"] = article.last_reviewed.isoformat()
    return {
        "title": article.seo_title or article.title,
        "description": description,
        "canonical_url": url,
        "og_image": og_image,
        "json_ld": json_ld,
        "alternates": alternates(
            language=language, url=url, translations=translations or [], site=site
        ),
    }
