"""Contract of the article endpoints: list cards, filters, ordering, detail and lookup."""

import datetime

from django.utils import timezone

from tests.api_utils import fresh_get, rich_article
from tests.factories import ArticlePageFactory, AuthorFactory, TreatmentFactory

CARD_FIELDS = {
    "id", "slug", "title", "intro", "path", "hero_image", "treatments", "tags", "author",
    "date", "published_at", "updated_at", "reading_minutes", "locale", "comment_count",
}  # fmt: skip
DETAIL_FIELDS = CARD_FIELDS | {
    "body", "table_of_contents", "word_count", "seo", "medical_review", "translations", "related",
    "comments",
}  # fmt: skip


def test_list_returns_cards_with_pagination(client, index):
    rich_article(index)
    data = fresh_get(client, "/api/v1/articles/").json()
    assert set(data) == {"count", "num_pages", "page", "next", "previous", "results"}
    card = next(c for c in data["results"] if c["title"] != "Linked article")
    assert set(card) == CARD_FIELDS
    assert card["path"] == f"/articles/{card['slug']}/"
    assert card["hero_image"]["srcset"].count("w,") == 1  # two widths
    assert card["hero_image"]["url"].startswith("http://testserver/")
    assert card["treatments"][0].keys() == {"id", "slug", "name"}
    assert card["tags"] == [{"name": "aftercare", "slug": "aftercare"}]
    assert set(card["author"]) == {"slug", "name", "role", "credentials"}
    assert card["comment_count"] == 0


def test_list_pages_with_count_and_links(client, index):
    for _ in range(5):
        ArticlePageFactory(parent=index)
    data = fresh_get(client, "/api/v1/articles/", page_size=2, page=2).json()
    assert (data["count"], data["num_pages"], data["page"]) == (5, 3, 2)
    assert "page=3" in data["next"] and data["previous"]
    assert len(data["results"]) == 2


def test_drafts_and_private_articles_are_not_listed(client, index):
    from wagtail.models import PageViewRestriction

    ArticlePageFactory(parent=index, title="Visible")
    ArticlePageFactory(parent=index, title="Draft", live=False)
    private = ArticlePageFactory(parent=index, title="Staff only")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    titles = [c["title"] for c in fresh_get(client, "/api/v1/articles/").json()["results"]]
    assert titles == ["Visible"]
    assert fresh_get(client, f"/api/v1/articles/{private.slug}/").status_code == 404


def test_filters(client, index):
    laser = TreatmentFactory(slug="laser")
    jane = AuthorFactory(slug="jane")
    first = ArticlePageFactory(parent=index, title="Laser aftercare", author=jane)
    first.treatments.add(laser)
    first.tags.add("sun care")
    first.save()
    ArticlePageFactory(parent=index, title="Other")

    def titles(**params):
        return [
            c["title"] for c in fresh_get(client, "/api/v1/articles/", **params).json()["results"]
        ]

    assert titles(treatment="laser") == ["Laser aftercare"]
    assert titles(tag="sun-care") == ["Laser aftercare"]
    assert titles(author="jane") == ["Laser aftercare"]
    assert titles(treatment="laser", tag="sun-care", author="jane") == ["Laser aftercare"]
    assert titles(tag="no-such-tag") == []


def test_published_dates_and_ordering(client, index):
    now = timezone.now()
    for title, days in (("Old", 30), ("Middle", 10), ("New", 1)):
        ArticlePageFactory(
            parent=index, title=title, first_published_at=now - datetime.timedelta(days=days)
        )

    def titles(**params):
        return [
            c["title"] for c in fresh_get(client, "/api/v1/articles/", **params).json()["results"]
        ]

    assert titles() == ["New", "Middle", "Old"]
    assert titles(ordering="oldest") == ["Old", "Middle", "New"]
    assert titles(ordering="title") == ["Middle", "New", "Old"]
    cutoff = (now - datetime.timedelta(days=15)).date().isoformat()
    assert titles(published_after=cutoff) == ["New", "Middle"]
    assert titles(published_before=cutoff) == ["Old"]


def test_date_filters_use_the_date_readers_see(client, index):
    """A back-dated (imported) article is found by the date on its card, not by the day it
    was published in the CMS."""
    ArticlePageFactory(parent=index, title="Recent")
    ArticlePageFactory(parent=index, title="Imported", display_date=datetime.date(2019, 5, 1))

    def titles(**params):
        results = fresh_get(client, "/api/v1/articles/", **params).json()["results"]
        return sorted(c["title"] for c in results)

    assert titles(published_after="2019-05-01", published_before="2019-05-02") == ["Imported"]
    assert titles(published_before="2020-01-01") == ["Imported"]
    assert titles(published_after="2020-01-01") == ["Recent"]


def test_display_date_orders_an_imported_article(client, index):
    ArticlePageFactory(parent=index, title="Recent")
    ArticlePageFactory(parent=index, title="Imported", display_date=datetime.date(2019, 5, 1))
    results = fresh_get(client, "/api/v1/articles/").json()["results"]
    assert [c["title"] for c in results] == ["Recent", "Imported"]
    assert results[1]["date"] == "2019-05-01"


def test_search_finds_body_words(client, index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        from tests.factories import body, paragraph

        ArticlePageFactory(parent=index, title="Match", body=body(paragraph("<p>Erythema</p>")))
        ArticlePageFactory(parent=index, title="Other")
    data = fresh_get(client, "/api/v1/articles/", q="erythema").json()
    assert [c["title"] for c in data["results"]] == ["Match"]


def test_detail_has_everything_the_page_needs(client, index):
    article, _, _ = rich_article(
        index,
        reviewed_by=AuthorFactory(name="Dr Reviewer", credentials="MBBS"),
        last_reviewed=datetime.date(2026, 1, 2),
    )
    data = fresh_get(client, f"/api/v1/articles/{article.slug}/").json()
    assert set(data) == DETAIL_FIELDS
    assert [b["type"] for b in data["body"]] == [
        "heading", "paragraph", "image", "quote", "callout", "faq", "embed", "heading",
    ]  # fmt: skip
    assert data["table_of_contents"] == [
        {"anchor": "before", "text": "Before", "level": "h2"},
        {"anchor": "after", "text": "After", "level": "h3"},
    ]
    assert data["word_count"] > 0 and data["reading_minutes"] == 1
    assert data["medical_review"]["reviewed_by"]["name"] == "Dr Reviewer"
    assert data["medical_review"]["last_reviewed"] == "2026-01-02"
    assert data["comments"] == {
        "count": 0, "open": True, "url": f"/api/v1/articles/{article.slug}/comments/",
    }  # fmt: skip
    seo = data["seo"]
    assert seo["canonical_url"] == f"http://testserver/articles/{article.slug}/"
    assert seo["json_ld"]["@type"] == ["Article", "MedicalWebPage"]
    assert seo["json_ld"]["reviewedBy"]["name"] == "Dr Reviewer"
    assert seo["og_image"]["url"].startswith("http://testserver/")


def test_related_articles_share_treatments_or_tags(client, index):
    shared = TreatmentFactory()
    main = ArticlePageFactory(parent=index, title="Main")
    main.treatments.add(shared)
    main.tags.add("peels")
    main.save()
    both = ArticlePageFactory(parent=index, title="Shares both")
    both.treatments.add(shared)
    both.tags.add("peels")
    both.save()
    tag_only = ArticlePageFactory(parent=index, title="Shares tag")
    tag_only.tags.add("peels")
    tag_only.save()
    ArticlePageFactory(parent=index, title="Unrelated")
    related = fresh_get(client, f"/api/v1/articles/{main.slug}/").json()["related"]
    assert [r["title"] for r in related] == ["Shares both", "Shares tag"]
    assert related[0]["path"] == f"/articles/{both.slug}/"


def test_related_articles_by_treatment_alone(client, index):
    """Found by the cache tests: without tags on either side, related came back empty."""
    shared = TreatmentFactory()
    main, other = [ArticlePageFactory(parent=index, title=t) for t in ("Main", "Other")]
    for article in (main, other):
        article.treatments.add(shared)
        article.save()
    related = fresh_get(client, f"/api/v1/articles/{main.slug}/").json()["related"]
    assert [r["title"] for r in related] == ["Other"]


def test_lookup_by_id_or_website_path(client, index):
    article = ArticlePageFactory(parent=index)
    by_id = fresh_get(client, f"/api/v1/articles/by-id/{article.pk}/").json()
    by_path = fresh_get(client, "/api/v1/articles/lookup/", path=f"/articles/{article.slug}/")
    assert by_id["id"] == by_path.json()["id"] == article.pk


def test_treatments_tags_and_authors(client, index):
    treatment = TreatmentFactory(slug="peel", name="Peel", typical_downtime="2 days")
    article = ArticlePageFactory(parent=index)
    article.treatments.add(treatment)
    article.tags.add("aftercare")
    article.save()
    ArticlePageFactory(parent=index, live=False).tags.add("draft-only")

    treatments = fresh_get(client, "/api/v1/treatments/").json()["results"]
    assert treatments[0]["slug"] == "peel" and treatments[0]["article_count"] == 1
    detail = fresh_get(client, "/api/v1/treatments/peel/").json()
    assert detail["typical_downtime"] == "2 days" and detail["article_count"] == 1
    tags = fresh_get(client, "/api/v1/tags/").json()["results"]
    assert tags == [{"name": "aftercare", "slug": "aftercare", "article_count": 1}]
    authors = fresh_get(client, "/api/v1/authors/").json()["results"]
    assert article.author.slug in {a["slug"] for a in authors}
    fields = {"id", "slug", "name", "role", "credentials", "bio", "photo", "locale"}
    assert set(authors[0]) == fields and authors[0]["locale"] == "en-gb"
    assert fresh_get(client, "/api/v1/treatments/nope/").status_code == 404


def test_a_restriction_anywhere_above_hides_articles(client, index):
    from wagtail.models import PageViewRestriction

    article = ArticlePageFactory(parent=index)
    PageViewRestriction.objects.create(page=index.get_parent(), restriction_type="login")
    assert fresh_get(client, "/api/v1/articles/").json()["count"] == 0
    assert fresh_get(client, f"/api/v1/articles/{article.slug}/").status_code == 404
