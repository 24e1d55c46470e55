"""The event stream: each change becomes one typed event, delivered once after commit to
every subscriber (the change log first); a rolled-back change announces nothing."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest
from django.db import transaction

from blog import events
from blog.events import EventType
from blog.models import CommentPolicy, ContentChange
from tests.comment_utils import make_comment, post
from tests.factories import ArticlePageFactory, TreatmentFactory


def types(batches) -> list[tuple[str, int | None]]:
    return [(e.type.value, e.article.id if e.article else None) for b in batches for e in b]


def test_publishing_an_article_is_one_event_after_commit(index, heard, committed):
    article = committed(lambda: ArticlePageFactory(parent=index))
    heard.clear()
    committed(lambda: article.save_revision().publish())
    assert types(heard) == [("article.published", article.pk)]
    assert heard[0][0].article.slug == article.slug
    assert ContentChange.objects.order_by("-id").first().kind == "published"


def test_a_rolled_back_change_announces_nothing(index, heard, committed):
    treatment = TreatmentFactory()

    def rename_then_fail():
        with transaction.atomic():
            treatment.name = "Renamed"
            treatment.save()
            raise RuntimeError("the editor's request failed")

    with pytest.raises(RuntimeError):
        committed(rename_then_fail)
    assert heard == []
    committed(lambda: treatment.save())
    assert types(heard) == [("treatment.changed", None)]
    assert heard[0][0].object_id == treatment.pk


def test_an_approved_comment_names_its_article_and_nothing_personal(
    client, index, heard, committed
):
    article = ArticlePageFactory(parent=index)
    question = make_comment(article)
    reply = make_comment(article, parent=question, status="pending", email="bea@example.com")
    url = f"/admin/snippets/blog/readercomment/{reply.pk}/moderate/"
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.create_superuser("staff", "staff@example.com", "pw")
    client.force_login(staff)
    committed(lambda: client.post(url, {"action": "approve"}))
    (event,) = [e for batch in heard for e in batch]
    assert (event.type, event.article.id, event.object_id) == (
        EventType.COMMENT_APPROVED,
        article.pk,
        reply.pk,
    )
    text = json.dumps(asdict(event), default=str)
    assert "bea@example.com" not in text and reply.author_name not in text


def test_a_held_comment_posted_is_no_event_for_readers(client, index, heard, committed):
    article = ArticlePageFactory(parent=index)
    committed(CommentPolicy.load)  # created on first use: an event of its own
    heard.clear()
    committed(lambda: post(client, article, body="Held for moderation"))
    assert heard == []  # nothing a reader sees has changed


def test_a_failing_subscriber_does_not_stop_the_others(index, heard, committed):
    def broken(batch):
        raise RuntimeError("a receiver bug")

    events._subscribers.insert(0, broken)
    try:
        committed(lambda: TreatmentFactory())
    finally:
        events._subscribers.remove(broken)
    assert types(heard) == [("treatment.changed", None)]


def test_deleting_an_article_announces_that_article_only(index, heard, committed):
    article = committed(lambda: ArticlePageFactory(parent=index))
    heard.clear()
    committed(lambda: article.delete())
    found = types(heard)
    assert ("article.deleted", article.pk) in found
    assert all(article_id == article.pk for _, article_id in found), found  # no page.changed


def test_deleting_a_live_article_unpublishes_then_deletes_it(index, heard, committed):
    article = committed(lambda: ArticlePageFactory(parent=index))
    heard.clear()
    committed(lambda: article.delete())
    # As Wagtail does it (and as a headless CMS's receivers expect): first it leaves the
    # site, then it is gone for good.
    assert types(heard) == [("article.unpublished", article.pk), ("article.deleted", article.pk)]


def test_deleting_a_private_section_makes_nothing_public(index, heard, committed):
    from wagtail.models import PageViewRestriction

    article = committed(lambda: ArticlePageFactory(parent=index))
    committed(lambda: PageViewRestriction.objects.create(page=index, restriction_type="login"))
    heard.clear()
    committed(lambda: index.delete())
    found = {event_type for event_type, _ in types(heard)}
    assert "article.unrestricted" not in found
    assert ("article.deleted", article.pk) in types(heard)


def test_lifting_a_restriction_announces_the_articles_under_it(index, heard, committed):
    from wagtail.models import PageViewRestriction

    article = committed(lambda: ArticlePageFactory(parent=index))
    restriction = committed(
        lambda: PageViewRestriction.objects.create(page=index, restriction_type="login")
    )
    heard.clear()
    committed(lambda: restriction.delete())
    assert types(heard) == [("article.unrestricted", article.pk)]


def test_a_new_treatment_changes_no_article(index, heard, committed):
    from blog.showing import articles_showing

    committed(lambda: ArticlePageFactory(parent=index))
    heard.clear()
    treatment = committed(lambda: TreatmentFactory(name="Brand new"))
    (event,) = [e for batch in heard for e in batch]
    assert event.object_id == treatment.pk
    assert articles_showing(event) == []  # shown nowhere yet: nothing to resend or purge


def test_a_renamed_treatment_lists_its_articles_once_for_every_subscriber(
    index, committed, settings
):
    """The change log, the response cache, webhooks and purges all need the articles a
    treatment shows in; they are read once per event, not once per subscriber."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from blog.delivery.webhooks import create_endpoint
    from tests.http_receiver import Receiver

    receiver = Receiver().start()
    settings.WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": receiver.url,
        }
    }
    try:
        create_endpoint(url=receiver.url)
        treatment = TreatmentFactory()
        for article in [ArticlePageFactory(parent=index) for _ in range(3)]:
            article.treatments.add(treatment)
            article.save()
        renamed = events.Event(type=EventType.TREATMENT_CHANGED, object_id=treatment.pk)
        with CaptureQueriesContext(connection) as queries:
            committed(lambda: events.emit([renamed]))
    finally:
        receiver.stop()
    listing = [q for q in queries if q["sql"].startswith('SELECT DISTINCT "blog_articlepage"')]
    assert len(listing) == 1, [q["sql"][:120] for q in listing]
