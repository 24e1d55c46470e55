"""The site's frame: the home page at each site's root and the article index below it."""

from __future__ import annotations

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from blog.models.article import ArticlePage

ARTICLES_PER_PAGE = 12


class HomePage(Page):
    """The root page of a clinic's site; the article index lives below it."""

    intro = models.TextField(
        max_length=600, blank=True, help_text="A sentence or two welcoming readers."
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.ArticleIndexPage"]
    template = "blog/home_page.html"

    class Meta:
        verbose_name = "home page"

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = ArticlePage.objects.readable().descendant_of(self).cards()[:3]
        context["article_index"] = ArticleIndexPage.objects.live().child_of(self).first()
        return context


class ArticleIndexPage(Page):
    """The blog root: one per site, and the only place articles can be created."""

    intro = models.TextField(
        max_length=600,
        blank=True,
        help_text="Shown above the list of articles, e.g. what readers will find here.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["blog.HomePage"]
    subpage_types = ["blog.ArticlePage"]
    max_count_per_parent = 1
    template = "blog/article_index_page.html"

    class Meta:
        verbose_name = "article index"

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = self.paginated_articles(request.GET.get("page"))
        return context

    def paginated_articles(self, page_number: str | None) -> PaginatorPage:
        articles = ArticlePage.objects.readable().child_of(self).cards().newest_first()
        return Paginator(articles, ARTICLES_PER_PAGE).get_page(page_number)
