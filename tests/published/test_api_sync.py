"""Delta sync for the app: a full pass, then changes and tombstones since the cursor."""

import pytest

from blog.models import ArticlePage
from blog.published import sync
from tests.factories import ArticlePageFactory


def publish_new(index, **fields):
    page = ArticlePageFactory(parent=index, live=False, **fields)
    page.save_revision().publish()
    return ArticlePage.objects.get(pk=page.pk)  # publishing saved a copy; read it back


def sync_all(client, cursor=None):
    """Follow has_more to the end, as the app does; returns ids seen, tombstones, cursor."""
    seen, deleted = [], []
    while True:
        params = {"since": cursor} if cursor else {}
        data = client.get("/api/v1/sync/", params).json()
        seen += [a["id"] for a in data["articles"]]
        deleted += data["deleted"]
        cursor = data["next_cursor"]
        if not data["has_more"]:
            return seen, deleted, cursor


def test_first_sync_pages_through_everything(client, index, committed, monkeypatch):
    monkeypatch.setattr(sync, "PAGE_SIZE", 2)
    pages = committed(lambda: [publish_new(index) for _ in range(5)])
    seen, deleted, _ = sync_all(client)
    assert sorted(seen) == sorted(p.pk for p in pages)
    assert deleted == []


def test_next_sync_returns_changes_and_tombstones(client, index, committed):
    kept, edited, unpublished, removed = committed(lambda: [publish_new(index) for _ in range(4)])
    _, _, cursor = sync_all(client)

    def changes():
        edited.title = "Edited title"
        edited.save_revision().publish()
        unpublished.unpublish()
        removed.delete()
        return publish_new(index, title="Brand new")

    new = committed(changes)
    seen, deleted, cursor = sync_all(client, cursor)
    assert sorted(seen) == sorted([edited.pk, new.pk])
    assert {(d["id"], d["slug"]) for d in deleted} == {
        (unpublished.pk, unpublished.slug),
        (removed.pk, removed.slug),
    }
    assert kept.pk not in seen

    # Nothing changed since: an empty delta with the same cursor position.
    seen, deleted, _ = sync_all(client, cursor)
    assert seen == [] and deleted == []


def test_republished_article_comes_back(client, index, committed):
    page = committed(lambda: publish_new(index))
    _, _, cursor = sync_all(client)
    committed(page.unpublish)
    committed(lambda: page.save_revision().publish())
    seen, deleted, _ = sync_all(client, cursor)
    assert seen == [page.pk] and deleted == []


def test_synced_articles_carry_the_full_body(client, index, committed):
    committed(lambda: publish_new(index))
    article = client.get("/api/v1/sync/").json()["articles"][0]
    assert article["body"][0]["type"] == "heading"
    assert "seo" in article and "table_of_contents" in article


@pytest.mark.parametrize(
    ("cursor", "status"),
    [
        ("%%%", 400),  # not base64url: malformed, as the schema's pattern says
        ("x" * 500, 400),
        ("garbage", 410),  # well-formed, but not a cursor this API issued: sync from scratch
        ("eyJ2IjoxfQ", 410),
        ("e30", 410),
        ("W10", 410),
        ("eyJ2IjoxLCJwIjoiZnVsbCIsImEiOi0xLCJoIjowfQ", 410),
    ],
)
def test_cursors_we_did_not_issue_are_refused(client, db, cursor, status):
    response = client.get("/api/v1/sync/", {"since": cursor})
    assert response.status_code == status
    assert "since" in response.json()


def test_making_articles_private_tombstones_them_and_public_again_returns_them(
    client, index, committed
):
    from wagtail.models import PageViewRestriction

    kept, hidden = committed(lambda: [publish_new(index) for _ in range(2)])
    _, _, cursor = sync_all(client)
    restriction = committed(
        lambda: PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    )
    seen, deleted, cursor = sync_all(client, cursor)
    assert seen == [] and [d["id"] for d in deleted] == [hidden.pk]

    committed(restriction.delete)
    seen, deleted, _ = sync_all(client, cursor)
    assert seen == [hidden.pk] and deleted == []
    assert kept.pk not in seen


def _delta_cursor(client) -> str:
    """A cursor at the end of a finished full sync."""
    data = client.get("/api/v1/sync/").json()
    while data["has_more"]:
        data = client.get("/api/v1/sync/", {"since": data["next_cursor"]}).json()
    return data["next_cursor"]


def test_sync_resends_articles_whose_treatment_author_or_comments_changed(
    client, index, committed, admin_client
):
    import datetime

    from tests.comment_utils import make_comment
    from tests.factories import AuthorFactory, TreatmentFactory

    treatment, reviewer = TreatmentFactory(name="Peels"), AuthorFactory(name="Dr Lee")
    shows, reviewed, commented, untouched = committed(
        lambda: [publish_new(index) for _ in range(4)]
    )
    shows.treatments.add(treatment)
    committed(lambda: shows.save_revision().publish())
    reviewed.reviewed_by, reviewed.last_reviewed = reviewer, datetime.date(2026, 10, 1)
    committed(lambda: reviewed.save_revision().publish())
    comment = make_comment(commented, status="pending")
    since = _delta_cursor(client)

    treatment.name = "Chemical peels"
    committed(lambda: treatment.save())
    reviewer.name = "Dr Amelia Lee"
    committed(lambda: reviewer.save())
    moderate = f"/admin/snippets/blog/readercomment/{comment.pk}/moderate/"
    committed(lambda: admin_client.post(moderate, {"action": "approve"}))

    data = client.get("/api/v1/sync/", {"since": since}).json()
    resent = {article["id"]: article for article in data["articles"]}
    assert set(resent) == {shows.pk, reviewed.pk, commented.pk}
    assert resent[shows.pk]["treatments"][0]["name"] == "Chemical peels"
    assert resent[commented.pk]["comments"]["count"] == 1
    assert untouched.pk not in resent


def test_a_cursor_older_than_the_change_log_keeps_is_a_410(client, index, committed, settings):
    import datetime

    from django.utils import timezone

    from blog.changes import prune_change_log
    from blog.models import ContentChange

    committed(lambda: publish_new(index))
    since = _delta_cursor(client)
    committed(lambda: publish_new(index))

    ContentChange.objects.update(at=timezone.now() - datetime.timedelta(days=100))
    up_to_date = _delta_cursor(client)  # a quiet site: its last sync was long ago...
    committed(lambda: publish_new(index))  # ...and today something changed
    assert prune_change_log(days=90) >= 1
    # The newest old change stays as the boundary of what was forgotten (and the newest of
    # all as the content version): the client that was up to date lost nothing.
    old = timezone.now() - datetime.timedelta(days=90)
    assert ContentChange.objects.filter(at__lt=old).count() == 1
    assert client.get("/api/v1/sync/", {"since": up_to_date}).json()["articles"]
    response = client.get("/api/v1/sync/", {"since": since})
    assert response.status_code == 410
    assert "Sync again from the start" in response.json()["since"][0]
    assert client.get("/api/v1/sync/").status_code == 200  # from scratch works
