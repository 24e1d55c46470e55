"""What readers see: the article page, the index and the home page."""

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from blog.models.pages import ARTICLES_PER_PAGE
from tests.api_utils import fresh_get
from tests.factories import ArticlePageFactory, AuthorFactory, TreatmentFactory, body, heading


def test_article_page_shows_everything_a_reader_needs(client, index, image):
    author = AuthorFactory(name="Dr Jane Doe", role="Medical director", credentials="MBBS")
    treatment = TreatmentFactory(name="Microneedling", typical_downtime="1 to 3 days")
    article = ArticlePageFactory(
        parent=index,
        title="After microneedling",
        author=author,
        reviewed_by=author,
        last_reviewed=datetime.date(2026, 1, 15),
        display_date=datetime.date(2026, 2, 1),
        hero_image=image,
        body=body(
            heading("Tight skin"),
            heading("Flaking"),
            ("callout", {"kind": "tip", "title": "Moisturise", "text": "<p>Often.</p>"}),
            ("faq", {"title": "", "items": [{"question": "Sore?", "answer": "<p>No.</p>"}]}),
        ),
    )
    article.treatments.add(treatment)
    article.tags.add("aftercare")
    article.save()

    html = client.get(article.url).content.decode()
    assert "<h1>After microneedling</h1>" in html
    assert "By Dr Jane Doe, Medical director" in html
    assert '<time datetime="2026-02-01">1 February 2026</time>' in html
    assert "1 min read" in html
    assert "<picture>" in html and "image/webp" in html
    assert 'href="#tight-skin"' in html and 'href="#flaking"' in html
    assert "callout-tip" in html and "<summary>Sore?</summary>" in html
    assert "Medically reviewed by <strong>Dr Jane Doe</strong>, MBBS" in html
    # As the NHS Standard for Creating Health Content asks: when it will be checked again.
    review = article.next_review_due
    assert f'Next review due <time datetime="{review:%Y-%m-%d}">{review:%-d %B %Y}</time>' in html
    assert "Microneedling" in html and "1 to 3 days" in html
    assert f'<a href="{index.url}tags/aftercare/">aftercare</a>' in html
    link = f'<a href="{index.url}treatments/{treatment.slug}/"><strong>Microneedling</strong></a>'
    assert link in html
    assert 'id="comments"' in html


def test_closed_comments_are_announced(client, index):
    article = ArticlePageFactory(parent=index, comments_open=False)
    assert "Comments are closed" in client.get(article.url).content.decode()


def test_comments_close_after_the_closing_date(index):
    article = ArticlePageFactory(parent=index, comments_close_date=datetime.date(2026, 3, 1))
    assert article.accepts_comments(today=datetime.date(2026, 3, 1))
    assert not article.accepts_comments(today=datetime.date(2026, 3, 2))


def test_index_lists_live_articles_newest_first_in_pages(client, index):
    for days in range(ARTICLES_PER_PAGE + 2):
        ArticlePageFactory(
            parent=index,
            title=f"Article from {days} days ago",
            display_date=datetime.date(2026, 6, 30) - datetime.timedelta(days=days),
        )
    ArticlePageFactory(parent=index, title="A draft", live=False)

    first = client.get(index.url).content.decode()
    assert first.index("Article from 0 days ago") < first.index("Article from 1 days ago")
    assert "A draft" not in first
    assert 'rel="next"' in first
    second = client.get(index.url, {"page": 2}).content.decode()
    assert f"Article from {ARTICLES_PER_PAGE + 1} days ago" in second
    assert client.get(index.url, {"page": ""}).status_code == 200  # the first page


PAST_THE_LAST_OR_NOT_A_NUMBER = [
    "3",
    "99",
    "0",
    "-1",
    "x' OR 1=1",
    "1.0",
    " 2",
    "\u0662",
    "9" * 5000,
]


def test_a_page_past_the_last_or_not_a_number_is_not_found(client, index):
    """As in the API: every such address served the first page again."""
    for n in range(ARTICLES_PER_PAGE + 1):  # two pages
        ArticlePageFactory(parent=index, title=f"Article number {n}")
    tagged = ArticlePageFactory(parent=index)
    tagged.tags.add("aftercare")
    tagged.save()
    assert client.get(index.url, {"page": "2"}).status_code == 200
    assert client.get(f"{index.url}tags/aftercare/", {"page": "1"}).status_code == 200
    for page in PAST_THE_LAST_OR_NOT_A_NUMBER:
        assert client.get(index.url, {"page": page}).status_code == 404, page
        assert client.get(f"{index.url}tags/aftercare/", {"page": page}).status_code == 404, page


def test_home_page_links_to_the_latest_articles(client, index):
    ArticlePageFactory(parent=index, title="Newest advice")
    html = client.get("/").content.decode()
    assert "Newest advice" in html
    assert f'href="{index.url}"' in html


def test_home_page_shows_the_three_newest_readable_articles_newest_first(client, index):
    """Newest first, as the index: the first three in the page tree are the oldest."""
    today = datetime.date.today()
    for days in (30, 20, 10, 5):
        ArticlePageFactory(
            parent=index,
            title=f"From {days} days ago",
            display_date=today - datetime.timedelta(days=days),
        )
    ArticlePageFactory(parent=index, title="Published today")
    ArticlePageFactory(parent=index, title="A draft for tomorrow", live=False)
    secret = ArticlePageFactory(parent=index, title="Password only")
    PageViewRestriction.objects.create(page=secret, restriction_type="password", password="x")

    html = client.get("/").content.decode()
    latest = html[html.index('id="latest"') : html.index("All articles")]
    shown = re.findall(
        r"(Published today|From \d+ days ago|A draft for tomorrow|Password only)", latest
    )
    assert shown == ["Published today", "From 5 days ago", "From 10 days ago"]


def test_listings_hide_restricted_articles(client, home, index):
    """The index and the home page list what the API lists: nothing behind a password,
    a login or a group, on the article or an ancestor."""
    ArticlePageFactory(parent=index, title="Open to all", intro="Everyone may read this")
    password = ArticlePageFactory(parent=index, title="Password only", intro="Secret intro")
    login = ArticlePageFactory(parent=index, title="Members only", intro="Members intro")
    PageViewRestriction.objects.create(page=password, restriction_type="password", password="x")
    PageViewRestriction.objects.create(page=login, restriction_type="login")

    for page in (index, home):
        html = client.get(page.url).content.decode()
        assert "Open to all" in html
        for hidden in ("Password only", "Secret intro", "Members only", "Members intro"):
            assert hidden not in html, (page.url, hidden)


def test_page_passwords_cannot_be_guessed_without_limit(client, index, settings):
    article = ArticlePageFactory(parent=index, title="Behind a password")
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type="password", password="right-one"
    )
    url = f"/_util/authenticate_with_password/{restriction.pk}/{article.pk}/"

    def attempt(password: str, address: str = "198.51.100.7"):
        data = {"password": password, "return_url": article.url}
        return client.post(url, data, REMOTE_ADDR=address).status_code

    assert [attempt(f"guess-{n}") for n in range(settings.AXES_FAILURE_LIMIT)] == [200] * 5
    assert attempt("right-one") == 429  # locked out, even with the right password
    assert attempt("right-one", address="198.51.100.8") == 302  # other readers are not


def test_document_passwords_cannot_be_guessed_without_limit(client, db, settings):
    from wagtail.models import Collection, CollectionViewRestriction

    private = Collection.get_first_root_node().add_child(name="Consent forms")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type="password", password="right-one"
    )
    url = f"/documents/authenticate_with_password/{restriction.pk}/"

    def attempt(password: str, address: str = "198.51.100.7"):
        data = {"password": password, "return_url": "/documents/"}
        return client.post(url, data, REMOTE_ADDR=address).status_code

    assert [attempt(f"guess-{n}") for n in range(settings.AXES_FAILURE_LIMIT)] == [200] * 5
    assert attempt("right-one") == 429
    assert attempt("right-one", address="198.51.100.8") == 302


def test_header_navigation_leads_to_articles_and_treatments(client, home, index):
    html = client.get(home.url).content.decode()
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    assert f'href="{index.url}"' in nav and f'href="{index.url}treatments/"' in nav


def test_the_home_page_names_the_site_once(client, home):
    html = client.get(home.url).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    site_name = home.get_site().site_name or home.title
    assert title.count(site_name) == 1


def test_treatments_list_their_articles_and_tags_theirs(client, index):
    peel = TreatmentFactory(name="Chemical peel", summary="An acid that renews the surface.")
    TreatmentFactory(name="Unused")
    about_peel = ArticlePageFactory(parent=index, title="Peel week")
    about_peel.treatments.add(peel)
    about_peel.tags.add("aftercare")
    about_peel.save()
    ArticlePageFactory(parent=index, title="Something else")

    listing = client.get(f"{index.url}treatments/").content.decode()
    assert "Chemical peel" in listing and "1 article" in listing
    assert "Unused" not in listing  # a treatment without articles leads nowhere
    page = client.get(f"{index.url}treatments/{peel.slug}/").content.decode()
    assert "Peel week" in page and "Something else" not in page
    assert "An acid that renews the surface." in page
    tagged = client.get(f"{index.url}tags/aftercare/").content.decode()
    assert "Peel week" in tagged and "Something else" not in tagged
    assert client.get(f"{index.url}treatments/no-such/").status_code == 404
    assert client.get(f"{index.url}tags/no-such/").status_code == 404


@pytest.mark.parametrize("hidden", ["draft", "password", "login", "expired"])
def test_a_tag_only_unreadable_articles_use_is_not_found(client, index, hidden):
    """A tag's name is the editors' until a reader can see an article with it: a tag on a
    draft or a restricted article answers exactly as an unknown tag, on the website and in
    the API's tag list."""
    article = ArticlePageFactory(parent=index, title="Hidden article", live=hidden != "draft")
    if hidden in ("password", "login"):
        PageViewRestriction.objects.create(page=article, restriction_type=hidden, password="x")
    if hidden == "expired":
        article.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    article.tags.add("planned-merger")
    article.save()

    unknown = client.get(f"{index.url}tags/no-such-tag/")
    response = client.get(f"{index.url}tags/planned-merger/")
    assert response.status_code == unknown.status_code == 404
    assert "planned-merger" not in response.content.decode()
    listed = fresh_get(client, "/api/v1/tags/").json()["results"]
    assert "planned-merger" not in [tag["slug"] for tag in listed]

    readable = ArticlePageFactory(parent=index, title="Readable article")
    readable.tags.add("planned-merger")
    readable.save()
    tagged = client.get(f"{index.url}tags/planned-merger/").content.decode()
    assert "Readable article" in tagged and "Hidden article" not in tagged
    listed = fresh_get(client, "/api/v1/tags/").json()["results"]
    assert "planned-merger" in [tag["slug"] for tag in listed]


def test_an_article_cannot_take_the_address_of_a_list(index):
    from django.core.exceptions import ValidationError

    article = ArticlePageFactory.build(title="Treatments", slug="treatments")
    with pytest.raises(ValidationError) as error:
        index.add_child(instance=article)
    assert "slug" in error.value.message_dict


def test_a_card_without_a_photo_still_has_its_panel(client, index):
    treatment = TreatmentFactory(name="Microneedling")
    article = ArticlePageFactory(parent=index, hero_image=None)
    article.treatments.add(treatment)
    article.save()
    html = client.get(index.url).content.decode()
    assert 'class="card-image card-image-blank" aria-hidden="true"><span>Microneedling' in html


def test_related_articles_follow_the_article(client, index):
    treatment = TreatmentFactory()
    first = ArticlePageFactory(parent=index, title="First of two")
    second = ArticlePageFactory(parent=index, title="Second of two")
    ArticlePageFactory(parent=index, title="Unrelated one")
    for article in (first, second):
        article.treatments.add(treatment)
        article.save()
    html = client.get(first.url).content.decode()
    related = html[html.index('id="related-title"') : html.index('id="comments"')]
    assert "Second of two" in related and "Unrelated one" not in related


def test_tags_in_any_alphabet_link_to_their_list(client, index):
    article = ArticlePageFactory(parent=index, title="Rötung nach dem Peeling")
    article.tags.add("Rötung", "!!!")
    article.save()
    html = client.get(article.url).content.decode()
    assert f'<a href="{index.url}tags/r%C3%B6tung/">Rötung</a>' in html
    assert "<li>!!!</li>" in html  # a tag with no letters for a slug is shown, not linked
    listed = client.get(f"{index.url}tags/r%C3%B6tung/").content.decode()
    assert "Rötung nach dem Peeling" in listed
