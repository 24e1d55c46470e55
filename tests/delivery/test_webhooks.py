"""Signed webhooks: real local receivers, verified with the `standardwebhooks` package as a
front end would verify them."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from standardwebhooks import Webhook

from blog.delivery.webhooks import (
    TargetRefused,
    check_target,
    create_endpoint,
    deliver_webhook,
)
from blog.models import WebhookDelivery, WebhookEndpoint
from tests.comment_utils import make_comment
from tests.factories import ArticlePageFactory
from tests.http_receiver import Receiver


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


def verified(receiver: Receiver, secret: str) -> list[dict]:
    """Every request's payload, each checked as a receiver checks it."""
    return [Webhook(secret).verify(r.body, r.headers) for r in receiver.requests]


def test_the_command_adds_an_endpoint_and_prints_its_secret_last(receiver, capsys, db):
    call_command("webhooks", "add", receiver.url + "/hook", "--events", "article.published")
    out = capsys.readouterr().out.strip().splitlines()
    secret = out[-1]
    assert secret.startswith("whsec_")
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret == secret and endpoint.event_types == ["article.published"]

    call_command("webhooks", "list")
    assert f"{endpoint.pk}\tactive\t{receiver.url}/hook" in capsys.readouterr().out
    call_command("webhooks", "test", str(endpoint.pk))
    assert "succeeded: 200" in capsys.readouterr().out
    (sent,) = verified(receiver, secret)
    assert sent["type"] == "webhook.test"


def test_the_command_refuses_unknown_events_and_private_targets(db, settings):
    with pytest.raises(CommandError, match=r"Unknown event types: article\.liked"):
        call_command("webhooks", "add", "https://example.com/", "--events", "article.liked")
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    with pytest.raises(CommandError, match="not a public address"):
        call_command("webhooks", "add", "http://127.0.0.1:9/hook")
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        *("http://127.0.0.1/", "http://10.0.0.8/", "http://169.254.169.254/latest/"),
        *("http://[::1]/", "ftp://example.com/", "javascript:alert(1)", "http:///nohost"),
        "http://localhost/",
    ],
)
def test_only_public_http_targets(url, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    with pytest.raises(TargetRefused):
        check_target(url)


def test_publishing_sends_a_signed_event_naming_what_changed(receiver, index, committed):
    endpoint, secret = create_endpoint(url=receiver.url)
    article = committed(lambda: ArticlePageFactory(parent=index, slug="peel-aftercare"))
    receiver.requests.clear()
    committed(lambda: article.save_revision().publish())

    (sent,) = verified(receiver, secret)
    assert sent["type"] == "article.published"
    assert sent["data"]["article"] == {
        "id": article.pk,
        "slug": "peel-aftercare",
        "path": "/articles/peel-aftercare/",
        "site": {"id": index.get_site().pk, "hostname": "localhost", "name": "localhost"},
        "locale": "en-gb",
    }
    assert "/api/v1/articles/peel-aftercare/" in sent["data"]["api_urls"]
    assert "/articles/peel-aftercare/" in sent["data"]["paths"]
    assert receiver.requests[0].headers["webhook-id"] == sent["id"]
    delivery = WebhookDelivery.objects.get(endpoint=endpoint, event_id=sent["id"])
    assert (delivery.status, delivery.response_code, delivery.attempts) == ("succeeded", 200, 1)


def test_comment_events_carry_ids_and_nothing_personal(receiver, index, committed, admin_client):
    _, secret = create_endpoint(url=receiver.url, event_types=["comment.approved"])
    article = ArticlePageFactory(parent=index)
    comment = make_comment(article, status="pending", email="ana@example.com", author_name="Ana")
    moderate = f"/admin/snippets/blog/readercomment/{comment.pk}/moderate/"
    committed(lambda: admin_client.post(moderate, {"action": "approve"}))

    (sent,) = verified(receiver, secret)
    assert sent["type"] == "comment.approved" and sent["data"]["object_id"] == comment.pk
    assert f"/api/v1/articles/{article.slug}/comments/" in sent["data"]["api_urls"]
    raw = receiver.requests[0].body.decode()
    assert "ana@example.com" not in raw and "Ana" not in raw


def test_an_endpoint_gets_only_the_events_it_chose(receiver, index, committed):
    create_endpoint(url=receiver.url, event_types=["comment.approved"])
    committed(lambda: ArticlePageFactory(parent=index).save_revision().publish())
    assert receiver.requests == []


def test_a_failing_receiver_is_logged_and_retried_later(receiver, db, settings):
    receiver.status = 500
    endpoint, _ = create_endpoint(url=receiver.url)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event_id="evt_1", event_type="article.published", payload={"a": 1}
    )
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    deliver_webhook.call(delivery.pk)  # the attempt, as the worker runs it

    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_code, delivery.attempts) == ("failed", 500, 1)
    assert delivery.response_excerpt == "answered 500"
    from django_tasks_db.models import DBTaskResult

    (retry,) = DBTaskResult.objects.filter(task_path="blog.delivery.webhooks.deliver_webhook")
    assert retry.args_kwargs["args"] == [delivery.pk]
    wait = (retry.run_after - delivery.last_attempt_at).total_seconds()
    assert 60 - 5 < wait <= 60 + 5  # a minute after the first failure


def test_a_hanging_receiver_times_out(receiver, db, settings):
    settings.WEBHOOKS_TIMEOUT = 1
    receiver.delay = 3
    endpoint, _ = create_endpoint(url=receiver.url)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event_id="evt_2", event_type="article.published", payload={}
    )
    deliver_webhook.call(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == "failed" and "timed out" in delivery.error


def test_an_endpoint_that_keeps_failing_is_disabled_and_admins_told(
    receiver, db, settings, mailoutbox, admin_user
):
    settings.WEBHOOKS_DISABLE_AFTER_FAILURES = 2
    receiver.status = 503
    endpoint, _ = create_endpoint(url=receiver.url + "/hook?token=receiver-secret")
    for n in range(3):
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint, event_id=f"evt_{n}", event_type="tag.changed", payload={}
        )
        deliver_webhook.call(delivery.pk)
    endpoint.refresh_from_db()
    assert not endpoint.active and endpoint.disabled_at
    assert len(receiver.requests) == 2  # nothing is sent to a disabled endpoint
    (mail,) = mailoutbox
    assert mail.to == [admin_user.email] and receiver.url + "/hook" in mail.body
    assert "receiver-secret" not in mail.body  # a token in the URL stays out of mail
    assert json.loads(receiver.requests[0].body) == {}


def test_a_reply_to_a_reader_who_asked_is_a_comment_replied_event(
    receiver, index, committed, admin_client
):
    _, secret = create_endpoint(url=receiver.url, event_types=["comment.replied"])
    article = ArticlePageFactory(parent=index)
    asked = make_comment(article, notify_on_reply=True, email_verified=True, email="a@x.org")
    silent = make_comment(article, notify_on_reply=False, email="b@x.org")
    for parent in (asked, silent):
        reply = make_comment(article, parent=parent, status="pending", email="c@x.org")
        moderate = f"/admin/snippets/blog/readercomment/{reply.pk}/moderate/"
        committed(lambda url=moderate: admin_client.post(url, {"action": "approve"}))

    (sent,) = verified(receiver, secret)  # only the reader who asked
    assert sent["type"] == "comment.replied"
    assert sent["data"]["related_id"] == asked.pk
    assert sent["data"]["article"]["id"] == article.pk
    assert "a@x.org" not in receiver.requests[0].body.decode()


def test_a_delivery_is_sent_once_however_often_its_task_runs(receiver, db):
    endpoint, _ = create_endpoint(url=receiver.url)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event_id="evt_once", event_type="tag.changed", payload={}
    )
    deliver_webhook.call(delivery.pk)
    deliver_webhook.call(delivery.pk)  # a retry that was already queued, or "send again"
    assert len(receiver.requests) == 1
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="sending")
    deliver_webhook.call(delivery.pk)  # another worker is sending it right now
    assert len(receiver.requests) == 1
