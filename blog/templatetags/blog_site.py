"""Template tags for the server-rendered site: what a page shows that depends on services
the model layer must not import (blog.comments, blog.site)."""

from __future__ import annotations

import json

from django import template
from django.conf import settings
from wagtail.models import Site

from blog.admin.compliance_checks import preview_marks
from blog.comments.posting import comments_open
from blog.comments.selectors import cached_policy
from blog.models import ArticleIndexPage, ArticlePage
from blog.paths import language_prefix
from blog.published.selectors import related_articles
from blog.site import languages as site_languages
from blog.site.comment_form import FIELD_ORDER, correct_the_problems
from blog.site.comment_section import comment_section
from blog.site.search_page import search_context
from blog.sites import site_of_url_path

register = template.Library()


@register.simple_tag
def comments_are_open(article) -> bool:
    """The article's own switch and closing date, and the site policy's auto-close days."""
    return comments_open(article, cached_policy())


@register.inclusion_tag("blog/comments/section.html", takes_context=True)
def article_comments(context, article) -> dict:
    """The comment section: threads, notices and the form (a form sent back with errors
    arrives in the context as `comment_form`, from blog.site.comment_views)."""
    request = context["request"]
    section = comment_section(request, article, form=context.get("comment_form"))
    return {"section": section, "page": article, "request": request}


@register.simple_tag(takes_context=True)
def compliance_marks(context, page) -> dict:
    """In a preview only: where the compliance findings are, for Wagtail's Checks panel
    (blog.admin.compliance_checks). Readers' pages carry no marks."""
    request = context.get("request")
    if not getattr(request, "is_preview", False) or not isinstance(page, ArticlePage):
        return {}
    return preview_marks(page)


@register.filter
def get_item(mapping, key):
    """`mapping[key]`, or None: templates cannot index a dict by a variable."""
    return mapping.get(key) if isinstance(mapping, dict) else None


def _article_index(context) -> ArticleIndexPage | None:
    """The current site's article index, found once per request."""
    request = context.get("request")
    cached = getattr(request, "_blog_article_index", False)
    if cached is not False:
        return cached
    page = context.get("page")
    if isinstance(page, ArticleIndexPage):
        found = page
    elif "article_index" in context:  # HomePage.get_context found it already
        found = context["article_index"]
    elif isinstance(page, ArticlePage) and page.path:
        # Its parent, by path: articles live only under the index (one query, not two).
        found = ArticleIndexPage.objects.filter(path=page.path[: -page.steplen]).first()
    else:
        site = Site.find_for_request(request) if request else None
        indexes = ArticleIndexPage.objects.live()
        if site is not None:
            indexes = indexes.descendant_of(site.root_page)
        found = indexes.first()
    if request is not None:
        request._blog_article_index = found
    return found


def _index_url(context, route: str = "", *args: str) -> str:
    """The address of the site's article index, or of one of its lists; "" when there is
    none (an index outside every site, being previewed)."""
    index = _article_index(context)
    base = index.get_url(context.get("request")) if index is not None else None
    if not base:
        return ""
    return base + index.reverse_subpage(route, args=list(args)) if route else base


@register.simple_tag(takes_context=True)
def site_navigation(context) -> dict:
    """The header's links: the articles, and the treatments they are about."""
    articles = _index_url(context)
    if not articles:
        return {}
    return {
        "articles": articles,
        "treatments": _index_url(context, "treatments"),
        "search": _index_url(context, "search"),
    }


@register.simple_tag(takes_context=True)
def treatment_url(context, treatment) -> str:
    return _index_url(context, "treatment", treatment.slug) if treatment.slug else ""


@register.simple_tag(takes_context=True)
def tag_url(context, tag) -> str:
    """ "" for a tag whose name had no letters to make a slug: shown, not linked."""
    return _index_url(context, "tag", tag.slug) if tag.slug else ""


@register.simple_tag
def article_related(article, limit: int = 3) -> list[ArticlePage]:
    """Live articles of this site sharing most treatments and tags with `article`, as cards."""
    if article.pk is None:  # the preview of an article not saved yet
        return []
    site = site_of_url_path(article.url_path)  # the article's own site
    ids = [row["id"] for row in related_articles(article, site=site, limit=limit)]
    cards = ArticlePage.objects.readable().filter(pk__in=ids).cards().in_bulk()
    return [cards[pk] for pk in ids if pk in cards]


@register.simple_tag(takes_context=True)
def site_search(context) -> dict:
    """The search page's results for ?q= (blog.site.search_page)."""
    return search_context(context["request"], context["page"])


@register.simple_tag(takes_context=True)
def page_language(context) -> dict:
    """The page's language for `<html lang dir>`: its own (a preview too), else the
    address's (blog.site.locale)."""
    code = site_languages.language_of(context.get("page"))
    return {"code": code, "dir": "rtl" if site_languages.is_right_to_left(code) else "ltr"}


@register.simple_tag
def problems_summary(total: int) -> str:
    """The summary of the comment form's errors ("Please correct the 2 problems below."),
    in the page's language."""
    return correct_the_problems(total)


@register.simple_tag
def problem_messages() -> str:
    """For the comment script (data-msg-problems), the summary for each number of fields it
    may find in error, in the page's language and its plural forms: {"1": …, "2": …} in
    JSON. The script cannot choose a plural form itself (each language has its own rule)."""
    summaries = {str(n): correct_the_problems(n) for n in range(1, len(FIELD_ORDER) + 1)}
    return json.dumps(summaries, ensure_ascii=False)


@register.simple_tag(takes_context=True)
def language_if_other(context, article) -> str:
    """`article`'s language when it is not the page's, for its card's `lang`: a French list
    shows the articles with no French in the fallback language."""
    code = site_languages.language_of(article)
    return "" if code == site_languages.language_of(context.get("page")) else code


@register.simple_tag(takes_context=True)
def page_translations(context) -> list:
    """The page in each language it is published in, for the switcher and `hreflang`
    (blog.site.languages); empty when there is nothing to switch to."""
    return site_languages.page_languages(context.get("page"), context.get("request"))


@register.simple_tag(takes_context=True)
def default_language_url(context) -> str:
    """`x-default`: the page in the default language, where it is published."""
    for language in page_translations(context):
        if language.code == settings.LANGUAGE_CODE:
            return language.full_url
    return ""


@register.simple_tag(takes_context=True)
def home_url(context) -> str:
    """The site's home in the page's language (`/fr/` on a French page)."""
    return language_prefix(site_languages.language_of(context.get("page"))) + "/"


@register.simple_tag
def api_locale(page) -> str:
    """`?locale=` naming `page`'s language for the API's comment addresses (a translation
    may keep its source's slug); nothing for the default language."""
    language = site_languages.language_of(page)
    return "" if language == settings.LANGUAGE_CODE else f"?locale={language}"
