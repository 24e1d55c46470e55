"""CDN purges: each committed change purges exactly the URLs whose answers it changed, sent
as HTTP PURGE requests to a real local receiver (wagtail.contrib.frontend_cache's backend)."""

from __future__ import annotations

import pytest

from tests.comment_utils import make_comment
from tests.factories import ArticlePageFactory, TreatmentFactory, body, paragraph
from tests.http_receiver import Receiver


@pytest.fixture
def cdn(settings):
    receiver = Receiver().start()
    settings.CDN_BASE_URL = "https://cms.example-clinic.com"
    settings.WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": receiver.url,
        }
    }
    yield receiver
    receiver.stop()


def purged(cdn: Receiver) -> set[str]:
    assert all(r.method == "PURGE" for r in cdn.requests)
    assert {r.headers["host"] for r in cdn.requests} <= {"cms.example-clinic.com"}
    return {r.path for r in cdn.requests}


def test_publishing_purges_the_article_and_what_lists_it(cdn, index, committed):
    other = committed(lambda: ArticlePageFactory(parent=index, slug="other-article"))
    article = committed(lambda: ArticlePageFactory(parent=index, slug="laser-aftercare"))
    cdn.requests.clear()
    committed(lambda: article.save_revision().publish())
    paths = purged(cdn)
    assert {
        "/api/v1/articles/laser-aftercare/",
        f"/api/v1/articles/by-id/{article.pk}/",
        "/api/v1/articles/laser-aftercare/comments/",
        "/api/v1/articles/",
        "/api/v1/treatments/",
        "/articles/laser-aftercare/",
        "/articles/",
        "/",
    } <= paths
    assert f"/api/v1/articles/{other.slug}/" not in paths


def test_an_approved_comment_purges_its_article_only(cdn, index, committed, admin_client):
    article = ArticlePageFactory(parent=index, slug="peels")
    other = ArticlePageFactory(parent=index, slug="fillers")
    comment = make_comment(article, status="pending")
    moderate = f"/admin/snippets/blog/readercomment/{comment.pk}/moderate/"
    committed(lambda: admin_client.post(moderate, {"action": "approve"}))
    paths = purged(cdn)
    assert {"/api/v1/articles/peels/", "/api/v1/articles/peels/comments/", "/articles/peels/"} <= (
        paths
    )
    assert not any(path.startswith(f"/api/v1/articles/{other.slug}/") for path in paths)
    assert "/api/v1/treatments/" not in paths  # a comment changes no taxonomy


def test_renaming_a_treatment_purges_the_articles_that_show_it(cdn, index, committed):
    treatment = TreatmentFactory(name="Microneedling")
    shows = ArticlePageFactory(parent=index, slug="shows-it")
    shows.treatments.add(treatment)
    shows.save_revision().publish()
    ArticlePageFactory(parent=index, slug="does-not")
    cdn.requests.clear()
    treatment.name = "Collagen induction"
    committed(lambda: treatment.save())
    paths = purged(cdn)
    assert {"/api/v1/articles/shows-it/", "/articles/shows-it/", "/api/v1/treatments/"} <= paths
    assert "/api/v1/articles/does-not/" not in paths


def test_changing_an_image_purges_only_the_articles_that_show_it(cdn, index, committed, image):
    embedded = (
        "<p>Before and after.</p>"
        f'<embed embedtype="image" id="{image.pk}" alt="" format="fullwidth"/>'
    )
    hero = committed(lambda: ArticlePageFactory(parent=index, slug="hero", hero_image=image))
    inline = committed(
        lambda: ArticlePageFactory(parent=index, slug="inline", body=body(paragraph(embedded)))
    )
    committed(lambda: ArticlePageFactory(parent=index, slug="no-image"))
    cdn.requests.clear()
    image.title = "Peel, day three"
    committed(lambda: image.save())
    paths = purged(cdn)
    assert {"/api/v1/articles/hero/", "/api/v1/articles/inline/", "/articles/inline/"} <= paths
    assert f"/api/v1/articles/by-id/{hero.pk}/" in paths
    assert f"/api/v1/articles/by-id/{inline.pk}/" in paths
    assert "/api/v1/articles/no-image/" not in paths


def test_the_comment_policy_purges_every_article_from_a_task(cdn, index, committed):
    from blog.delivery.payloads import affected
    from blog.events import Event, EventType
    from blog.models import CommentPolicy

    slugs = ["first", "second", "third"]
    committed(lambda: [ArticlePageFactory(parent=index, slug=slug) for slug in slugs])
    found = affected(Event(type=EventType.POLICY_CHANGED))
    # The event itself names no article: receivers revalidate everything.
    assert found.all_articles
    assert not any(url.startswith("/api/v1/articles/first") for url in found.api_urls)
    cdn.requests.clear()
    policy = CommentPolicy.load()
    policy.medical_notice = "Comments are not medical advice. Call us if you are worried."
    committed(lambda: policy.save())
    paths = purged(cdn)
    assert {f"/api/v1/articles/{slug}/comments/" for slug in slugs} <= paths
    assert {f"/articles/{slug}/" for slug in slugs} <= paths
