"""HTTP caching: ETags and Last-Modified, cheap 304s, and invalidation on every change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticlePageFactory, TreatmentFactory


@pytest.fixture
def article(index, committed):
    def create():
        page = ArticlePageFactory(parent=index, title="Cached")
        page.save_revision().publish()
        return page

    return committed(create)


def test_public_reads_carry_validators_and_cache_control(client, index, article):
    response = client.get("/api/v1/articles/")
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"] == (
        "public, max-age=60, s-maxage=300, stale-while-revalidate=600"
    )
    assert "cookie" not in response.get("Vary", "").lower()
    assert "Set-Cookie" not in response


def test_304_is_answered_with_one_query_and_no_body(client, index, article):
    etag = client.get("/api/v1/articles/")["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert len(queries) == 1  # the content version, nothing else


def test_if_modified_since(client, index, article):
    last_modified = client.get("/api/v1/articles/")["Last-Modified"]
    response = client.get("/api/v1/articles/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 304


def test_second_read_is_served_from_the_response_cache(client, index, article):
    assert client.get("/api/v1/articles/")["X-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/articles/")
    assert response["X-Cache"] == "hit" and len(queries) == 1


def test_etags_differ_per_url(client, index, article):
    assert client.get("/api/v1/articles/")["ETag"] != client.get("/api/v1/tags/")["ETag"]


def test_publishing_invalidates_list_and_detail(client, index, article, committed):
    list_etag = client.get("/api/v1/articles/")["ETag"]
    detail_etag = client.get(f"/api/v1/articles/{article.slug}/")["ETag"]

    def edit():
        article.title = "Cached, edited"
        article.save_revision().publish()

    committed(edit)
    listed = client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=list_etag)
    assert listed.status_code == 200 and listed.json()["results"][0]["title"] == "Cached, edited"
    detail = client.get(f"/api/v1/articles/{article.slug}/", HTTP_IF_NONE_MATCH=detail_etag)
    assert detail.status_code == 200 and detail.json()["title"] == "Cached, edited"


def test_unpublishing_removes_the_article_from_cached_responses(client, index, article, committed):
    assert client.get("/api/v1/articles/").json()["count"] == 1
    assert client.get(f"/api/v1/articles/{article.slug}/").status_code == 200
    committed(article.unpublish)
    assert client.get("/api/v1/articles/").json()["count"] == 0
    assert client.get(f"/api/v1/articles/{article.slug}/").status_code == 404


def test_deleting_invalidates(client, index, article, committed):
    etag = client.get("/api/v1/articles/")["ETag"]
    committed(article.delete)
    assert client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize("change", ["treatment", "author", "tag", "image"])
def test_related_content_changes_invalidate(client, index, article, committed, change):
    etag = client.get("/api/v1/articles/")["ETag"]
    if change == "treatment":
        committed(lambda: TreatmentFactory())
    elif change == "author":
        author = article.author

        def rename():
            author.name = "Renamed"
            author.save()

        committed(rename)
    elif change == "tag":
        committed(lambda: article.tags.add("new-tag") or article.save())
    else:
        from tests.factories import ImageFactory

        committed(lambda: ImageFactory())
    assert client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_errors_are_not_cached_publicly(client, index):
    response = client.get("/api/v1/articles/", {"page": "x"})
    assert response.status_code == 400
    assert "public" not in response.get("Cache-Control", "")


def test_moving_an_article_changes_its_path(client, index, article, committed):
    from tests.factories import ArticleIndexPageFactory

    other_index = ArticleIndexPageFactory(parent=index.get_parent(), slug="news")
    etag = client.get(f"/api/v1/articles/{article.slug}/")["ETag"]
    committed(lambda: article.move(other_index, pos="last-child"))
    response = client.get(f"/api/v1/articles/{article.slug}/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["path"] == f"/news/{article.slug}/"


def test_restricting_an_article_removes_it_from_cached_responses(client, index, article, committed):
    from wagtail.models import PageViewRestriction

    etag = client.get("/api/v1/articles/")["ETag"]
    assert client.get(f"/api/v1/articles/{article.slug}/").status_code == 200
    committed(lambda: PageViewRestriction.objects.create(page=index, restriction_type="login"))
    listed = client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=etag)
    assert listed.status_code == 200 and listed.json()["count"] == 0
    assert client.get(f"/api/v1/articles/{article.slug}/").status_code == 404


def test_editing_the_comment_policy_invalidates(client, index, article, committed):
    from blog.models import CommentPolicy

    etag = client.get(f"/api/v1/articles/{article.slug}/")["ETag"]

    def close_after_a_day():
        policy = CommentPolicy.load()
        policy.auto_close_days = 1
        policy.save()

    committed(close_after_a_day)
    response = client.get(f"/api/v1/articles/{article.slug}/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200


def test_comment_list_304_costs_one_query(client, index, article):
    url = f"/api/v1/articles/{article.slug}/comments/"
    etag = client.get(url)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response.content == b""
    assert len(queries) == 1  # the article with the content version; no comments read


def test_closing_date_passing_overnight_invalidates(client, index, committed, time_machine):
    import datetime

    from django.utils import timezone

    time_machine.move_to(timezone.now())
    today = timezone.localdate()

    def create():
        page = ArticlePageFactory(parent=index, comments_close_date=today)
        page.save_revision().publish()
        return page

    closing = committed(create)
    detail_url = f"/api/v1/articles/{closing.slug}/"
    comments_url = f"/api/v1/articles/{closing.slug}/comments/"
    detail, comments = client.get(detail_url), client.get(comments_url)
    assert detail.json()["comments"]["open"] is True and comments.json()["open"] is True

    time_machine.move_to(timezone.now() + datetime.timedelta(days=1))
    detail = client.get(detail_url, HTTP_IF_NONE_MATCH=detail["ETag"])
    comments = client.get(comments_url, HTTP_IF_NONE_MATCH=comments["ETag"])
    assert detail.status_code == 200 and detail.json()["comments"]["open"] is False
    assert comments.status_code == 200 and comments.json()["open"] is False


def _x_cache(client, url: str) -> str:
    return client.get(url)["X-Cache"]


def _approve(admin_client, committed, comment) -> None:
    moderate = f"/admin/snippets/blog/readercomment/{comment.pk}/moderate/"
    committed(lambda: admin_client.post(moderate, {"action": "approve"}))


def test_a_comment_renews_its_article_and_the_lists_only(client, admin_client, index, committed):
    from tests.comment_utils import make_comment

    commented, _other = committed(
        lambda: [ArticlePageFactory(parent=index, slug=s) for s in ("commented", "other")]
    )
    urls = ["/api/v1/articles/commented/", "/api/v1/articles/other/", "/api/v1/articles/"]
    for url in urls:
        client.get(url)
    _approve(admin_client, committed, make_comment(commented, status="pending"))

    assert _x_cache(client, "/api/v1/articles/commented/") == "miss"
    assert client.get("/api/v1/articles/commented/").json()["comments"]["count"] == 1
    assert _x_cache(client, "/api/v1/articles/") == "miss"  # its card's count
    assert _x_cache(client, "/api/v1/articles/other/") == "hit"  # untouched, kept


def test_a_detail_is_renewed_when_a_related_card_changes_not_for_its_comments(
    client, admin_client, index, committed
):
    from tests.comment_utils import make_comment

    treatment = TreatmentFactory()

    def related_pair():
        pair = [ArticlePageFactory(parent=index, slug=s) for s in ("first", "second")]
        for article in pair:
            article.treatments.add(treatment)
            article.save()
        return pair

    first, _ = committed(related_pair)
    assert client.get("/api/v1/articles/second/").json()["related"][0]["id"] == first.pk
    _approve(admin_client, committed, make_comment(first, status="pending"))
    assert _x_cache(client, "/api/v1/articles/second/") == "hit"  # cards show no counts
    first.title = "A clearer title"
    committed(lambda: first.save_revision().publish())
    response = client.get("/api/v1/articles/second/")
    assert response["X-Cache"] == "miss"
    assert response.json()["related"][0]["title"] == "A clearer title"


def test_renaming_a_treatment_renews_the_articles_that_show_it(client, index, committed):
    treatment = TreatmentFactory(name="Peels")

    def articles():
        shows = ArticlePageFactory(parent=index, slug="shows")
        shows.treatments.add(treatment)
        shows.save()
        return shows, ArticlePageFactory(parent=index, slug="unrelated")

    committed(articles)
    for url in ("/api/v1/articles/shows/", "/api/v1/articles/unrelated/"):
        client.get(url)
    treatment.name = "Chemical peels"
    committed(lambda: treatment.save())
    response = client.get("/api/v1/articles/shows/")
    assert response["X-Cache"] == "miss"
    assert response.json()["treatments"][0]["name"] == "Chemical peels"
    assert _x_cache(client, "/api/v1/articles/unrelated/") == "hit"


def test_editing_an_image_renews_the_articles_that_show_it(client, index, committed, image):
    committed(lambda: ArticlePageFactory(parent=index, slug="shows", hero_image=image))
    committed(lambda: ArticlePageFactory(parent=index, slug="unrelated"))
    for url in ("/api/v1/articles/shows/", "/api/v1/articles/unrelated/"):
        client.get(url)
    image.title = "A new alt text"
    committed(lambda: image.save())
    assert _x_cache(client, "/api/v1/articles/shows/") == "miss"
    assert _x_cache(client, "/api/v1/articles/unrelated/") == "hit"


def test_without_shared_tags_any_change_renews_everything(client, index, committed, settings):
    settings.API_RESPONSE_CACHE_PRECISE = False  # several processes, each its own cache
    committed(lambda: ArticlePageFactory(parent=index, slug="kept"))
    client.get("/api/v1/articles/kept/")
    committed(lambda: TreatmentFactory())
    assert _x_cache(client, "/api/v1/articles/kept/") == "miss"


def test_a_timeout_of_zero_turns_the_response_cache_off(client, index, article, settings):
    """API_RESPONSE_CACHE_TIMEOUT=0 is the switch that makes every read build its answer,
    even when another process (sharing the cache) stored one: the uncached path can always
    be measured."""
    assert client.get("/api/v1/articles/")["X-Cache"] == "miss"
    assert client.get("/api/v1/articles/")["X-Cache"] == "hit"
    settings.API_RESPONSE_CACHE_TIMEOUT = 0
    assert client.get("/api/v1/articles/")["X-Cache"] == "miss"


def test_a_comment_list_is_served_from_the_cache_until_its_thread_changes(
    client, admin_client, index, committed
):
    from tests.comment_utils import make_comment, post

    article, _other = committed(
        lambda: [ArticlePageFactory(parent=index, slug=s) for s in ("commented", "other")]
    )
    thread, elsewhere = "/api/v1/articles/commented/comments/", "/api/v1/articles/other/comments/"
    first = client.get(thread)
    client.get(elsewhere)
    assert first["X-Cache"] == "miss"
    assert first["Cache-Control"] == "public, max-age=30"  # the comment lists' own
    with CaptureQueriesContext(connection) as queries:
        again = client.get(thread)
    assert (again["X-Cache"], again["Cache-Control"]) == ("hit", "public, max-age=30")
    assert len(queries) == 1  # the content state; nothing is built

    # A comment waiting for moderation changes nothing readers see: still the stored copy.
    assert committed(lambda: post(client, article)).status_code == 201
    assert _x_cache(client, thread) == "hit"
    # Approved, it shows at once in its own thread only.
    _approve(admin_client, committed, make_comment(article, status="pending"))
    renewed = client.get(thread)
    assert (renewed["X-Cache"], renewed.json()["count"]) == ("miss", 1)
    assert _x_cache(client, elsewhere) == "hit"


def test_closing_an_articles_comments_renews_its_list(client, index, committed):
    article = committed(lambda: ArticlePageFactory(parent=index, slug="commented"))
    assert client.get("/api/v1/articles/commented/comments/").json()["open"] is True
    article.comments_open = False
    committed(lambda: article.save_revision().publish())
    assert client.get("/api/v1/articles/commented/comments/").json()["open"] is False


def test_deleting_a_comment_renews_its_thread(client, index, committed):
    from tests.comment_utils import make_comment

    article = committed(lambda: ArticlePageFactory(parent=index, slug="commented"))
    comment = committed(lambda: make_comment(article))
    committed(lambda: make_comment(article))  # events renew nothing here: read afresh
    client.get("/api/v1/articles/commented/comments/")
    committed(lambda: comment.delete())
    renewed = client.get("/api/v1/articles/commented/comments/")
    assert (renewed["X-Cache"], renewed.json()["count"]) == ("miss", 1)


def test_renaming_a_staff_member_renews_the_threads_they_replied_in(client, index, committed):
    from tests.comment_utils import make_comment
    from tests.factories import AuthorFactory

    nurse = AuthorFactory(name="Nurse Ada")
    article = committed(lambda: ArticlePageFactory(parent=index, slug="commented"))
    question = make_comment(article)
    make_comment(article, parent=question, is_staff_reply=True, staff_author=nurse)
    assert "Nurse Ada" in client.get("/api/v1/articles/commented/comments/").content.decode()
    nurse.name = "Nurse Ada Lovelace"
    committed(lambda: nurse.save())
    response = client.get("/api/v1/articles/commented/comments/")
    assert "Nurse Ada Lovelace" in response.content.decode()
