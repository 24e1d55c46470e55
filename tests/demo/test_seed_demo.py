"""seed_demo loads a complete demo clinic, and running it again changes nothing."""

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from blog.demo.seed import SeedError, load_content, seed_demo
from blog.models import (
    ArticleIndexPage,
    ArticlePage,
    Author,
    HomePage,
    ReaderComment,
    SynonymGroup,
    Treatment,
)


def counts() -> dict[str, int]:
    models = (Page, ArticlePage, Treatment, Author, get_image_model(), Site, ReaderComment)
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def seeded(db, capsys):
    call_command("seed_demo")
    return capsys.readouterr().out


def test_seed_builds_the_demo_site(seeded, client):
    assert "Created" in seeded
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    index = ArticleIndexPage.objects.child_of(site.root_page).get()
    articles = ArticlePage.objects.child_of(index).live()
    assert articles.count() >= 6
    assert 4 <= Treatment.objects.in_default_language().count() <= 6
    assert 2 <= Author.objects.in_default_language().count() <= 3
    for article in articles:
        assert article.hero_image is not None and article.author is not None
        assert client.get(article.url).status_code == 200


def test_the_microneedling_article_has_the_seed_shape(seeded):
    article = ArticlePage.objects.get(slug="your-skin-after-microneedling")
    assert article.intro
    sections = [e for e in article.table_of_contents if e.level == "h2"]
    assert len(sections) == 5
    assert article.treatments.filter(slug="microneedling").exists()


def test_demo_articles_have_spread_publication_dates(seeded):
    dates = {
        article.date for article in ArticlePage.objects.live().filter(locale__language_code="en-gb")
    }
    assert len(dates) == len(load_content()["articles"])


def test_seed_is_idempotent_and_keeps_editors_changes(seeded, capsys):
    before = counts()
    Treatment.objects.filter(slug="microneedling").update(summary="Edited by staff.")
    call_command("seed_demo")
    assert "nothing to do" in capsys.readouterr().out
    assert counts() == before
    assert Treatment.objects.get(slug="microneedling").summary == "Edited by staff."


def test_seed_leaves_a_site_root_with_content_alone(db):
    welcome = Site.objects.get(is_default_site=True).root_page
    welcome.add_child(instance=Page(title="Existing page", slug="existing"))
    with pytest.raises(SeedError, match="will not replace it"):
        seed_demo()
    assert Page.objects.filter(slug="existing").exists()


def test_scale_bulk_creates_valid_searchable_articles(db, capsys, client):
    call_command("seed_demo", "--scale", "30")
    assert "Created 30 generated articles." in capsys.readouterr().out
    generated = ArticlePage.objects.live().filter(slug__startswith="generated-article-")
    assert generated.count() == 30
    assert all(problems == [] for problems in Page.find_problems())  # a consistent tree
    sample = generated.order_by("pk").last()
    assert client.get(sample.url).status_code == 200
    assert sample.treatments.exists() and sample.tags.exists()
    assert ArticlePage.objects.live().search("collagen").count() > 0

    call_command("seed_demo", "--scale", "30")
    assert "Created 0 generated articles." in capsys.readouterr().out
    assert generated.count() == 30


def test_scale_rejects_a_negative_number(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--scale"):
        call_command("seed_demo", "--scale", "-1")


def test_seed_adds_realistic_comments(seeded, client):
    comments = ReaderComment.objects
    assert comments.filter(status="approved").count() >= 5
    assert comments.filter(status="pending").exists() and comments.filter(status="spam").exists()
    assert comments.filter(is_urgent=True, status="pending").exists()
    answered = comments.get(is_staff_reply=True)
    assert answered.parent.is_question and answered.staff_author.slug == "sofia-lindqvist"
    assert comments.approved().unanswered_questions().exists()  # one left for staff
    assert comments.filter(depth=1).exists()  # a thread
    data = client.get("/api/v1/articles/your-skin-after-microneedling/comments/").json()
    assert data["count"] == 4 and any(c["replies"] for c in data["results"])


def test_the_demo_shows_clinical_governance(seeded, client, admin_client):
    from django.urls import reverse

    # An overdue review in the report.
    report = admin_client.get(reverse("blog_reviews_due")).content.decode()
    overdue = ArticlePage.objects.get(slug="anti-wrinkle-injections-myths")
    assert overdue.review_overdue()
    row = report[report.index(overdue.title) :]
    assert row.index("Overdue by") < row.index("</tr>")
    # A consented before/after pair, on the site and in the API.
    acne = ArticlePage.objects.get(slug__startswith="acne-scars")
    assert "before-after" in client.get(acne.url).content.decode()
    body = client.get(f"/api/v1/articles/{acne.slug}/").json()["body"]
    assert "before_after" in [block["type"] for block in body]


def test_the_demo_search_knows_readers_words(seeded, client, committed):
    """The demo ships the lay and brand names readers use for its treatments."""
    from blog.published import store

    committed(store.rebuild)
    assert SynonymGroup.objects.count() == len(load_content()["synonyms"])

    def first(query: str) -> str:
        results = client.get("/api/v1/search/", {"q": query}).json()["results"]
        return results[0]["slug"] if results else ""

    assert first("dermaroller") == "your-skin-after-microneedling"
    assert first("botox") == "anti-wrinkle-injections-myths"
    assert first("microneedeling") == "your-skin-after-microneedling"
    call_command("seed_demo")  # again: no second copy of any group
    assert SynonymGroup.objects.count() == len(load_content()["synonyms"])


def test_the_demo_tree_counts_every_child_of_its_translated_pages(db, committed):
    # wagtail-localize publishes translations when the transaction commits, from the pages
    # as they were translated; the French home and index must still count their children,
    # or the admin's explorer shows them empty.
    committed(lambda: call_command("seed_demo"))
    french = Page.objects.filter(locale__language_code="fr")
    assert french.filter(depth=4).count() >= 2
    *_, wrong_depth, wrong_numchild = Page.find_problems()
    assert (wrong_depth, wrong_numchild) == ([], [])
