"""The site's frame: the home page at each site's root and the article index below it."""

from __future__ import annotations

from django.core.paginator import InvalidPage, Paginator
from django.core.paginator import Page as PaginatorPage
from django.db import models
from django.db.models.functions import Substr
from django.http import Http404, HttpRequest, HttpResponse
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page
from wagtail.search import index

from blog.models.article import ArticlePage, ArticlePageTag, ArticleQuerySet
from blog.models.language_chains import chain_of, in_languages, language_of_locale
from blog.models.snippets import Treatment

ARTICLES_PER_PAGE = 12


def articles_below(page: Page, *, children_only: bool = False) -> ArticleQuerySet:
    """The readable articles a reader of `page`'s language is served below it: those below
    `page` and below its translations into the languages of that language's fallback chain,
    each once, in the best language it has (as the API serves its lists,
    blog.models.language_chains). Below the French article index: the French articles, and
    the English ones with no readable French translation, which link to their English
    address. In the subqueries of one query: no query per language or per article."""
    chain = chain_of(language_of_locale(page.locale_id))
    articles = ArticlePage.objects.readable()
    if len(chain) == 1:  # the default language: its own tree
        return articles.child_of(page) if children_only else articles.descendant_of(page)
    # The translations of a page share its place in their trees (wagtail-localize copies
    # its parents with it): an article is below one of them when its path starts with its.
    roots = Page.objects.filter(
        translation_key=page.translation_key, locale__language_code__in=chain
    ).values("path")
    articles = articles.alias(below=Substr("path", 1, len(page.path))).filter(below__in=roots)
    if children_only:
        articles = articles.filter(depth=page.depth + 1)
    return in_languages(articles, chain, language="locale__language_code")


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
        latest = articles_below(self).newest_first()
        context["latest_articles"] = latest.cards()[:3]
        context["article_index"] = ArticleIndexPage.objects.live().child_of(self).first()
        return context


class ArticleIndexPage(RoutablePageMixin, Page):
    """The blog root: one per site, and the only place articles can be created. Below it:
    the treatments (treatments/), and the articles about one treatment or with one tag."""

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

    def readable_articles(self) -> ArticleQuerySet:
        """In the index's language, and its fallbacks' for the articles not translated."""
        return articles_below(self, children_only=True)

    def readable_tags(self) -> models.QuerySet[Tag]:
        """The tags readers can see: those of at least one readable article. A tag only
        restricted or draft articles use is as unknown as a tag that does not exist; its name
        is the editors' (the API's tag list follows the same rule: tags_with_counts)."""
        used = ArticlePageTag.objects.filter(content_object__in=self.readable_articles())
        return Tag.objects.filter(pk__in=used.values("tag_id"))

    def paginated_articles(self, page_number: str | None, *, articles=None) -> PaginatorPage:
        """One page of the articles, newest first; no page number is the first. A page past
        the last or not a whole number is a 404, as in the API: showing the first page
        instead gave every such address a copy of it."""
        articles = (articles if articles is not None else self.readable_articles()).cards()
        paginator = Paginator(articles.newest_first(), ARTICLES_PER_PAGE)
        if page_number is None or page_number == "":
            page_number = "1"
        if not (page_number.isascii() and page_number.isdigit()):  # int() takes " 2", "٢"
            raise Http404
        try:
            return paginator.page(page_number)
        except InvalidPage:
            raise Http404 from None

    @path("")
    def all_articles(self, request: HttpRequest) -> HttpResponse:
        articles = self.paginated_articles(request.GET.get("page"))
        return self.render(request, context_overrides={"articles": articles})

    @path("search/", name="search")
    def search(self, request: HttpRequest) -> HttpResponse:
        # The results come from blog.search through the template (the site_search tag):
        # a model does not reach up into the services.
        return self.render(request, template="blog/search_page.html")

    @path("treatments/", name="treatments")
    def treatment_list(self, request: HttpRequest) -> HttpResponse:
        readable = self.readable_articles()
        treatments = (
            Treatment.objects.filter(articles__in=readable.values("pk"))
            .annotate(article_total=models.Count("articles", distinct=True))
            .order_by("name")
        )
        return self.render(
            request,
            template="blog/treatment_list.html",
            context_overrides={"treatments": treatments},
        )

    @path("treatments/<slug:slug>/", name="treatment")
    def treatment_articles(self, request: HttpRequest, slug: str) -> HttpResponse:
        treatment = Treatment.objects.in_default_language().filter(slug=slug).first()
        return self._topic(request, treatment, "treatment", treatments=treatment)

    # Tags have Unicode slugs (django-taggit's default: "rötung"), which <slug:> refuses.
    @re_path(r"^tags/(?P<slug>[-\w]+)/$", name="tag")
    def tag_articles(self, request: HttpRequest, slug: str) -> HttpResponse:
        tag = self.readable_tags().filter(slug=slug).first()
        return self._topic(request, tag, "tag", tags=tag)

    def _topic(self, request: HttpRequest, topic, kind: str, **about) -> HttpResponse:
        """The index's list narrowed to the articles about one treatment or with one tag."""
        if topic is None:
            raise Http404
        articles = self.readable_articles().filter(**about)
        page = self.paginated_articles(request.GET.get("page"), articles=articles)
        return self.render(
            request, context_overrides={"topic": topic, "topic_kind": kind, "articles": page}
        )
