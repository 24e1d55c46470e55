"""The SEO bundle of an article: title, description, canonical URL, Open Graph image, JSON-LD."""

from __future__ import annotations

from django.http import HttpRequest

from blog.models import ArticlePage
from blog.paths import canonical_url
from blog.published.images import image_bundle
from blog.sites import site_of_url_path

OG_WIDTHS = (1200,)


def _person(author) -> dict:
    person = {"@type": "Person", "name": author.name, "jobTitle": author.role}
    if author.credentials:
        person["description"] = author.credentials
    return person


def bundle(article: ArticlePage, *, path: str, request: HttpRequest | None) -> dict:
    url = canonical_url(path, site_of_url_path(article.url_path))
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
    }
