"""Webhooks in the Wagtail admin, through its real views: add (the secret shown once),
refuse a bad target, send a test event, rotate the secret, read the log, send again."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from standardwebhooks import Webhook

from blog.models import WebhookDelivery, WebhookEndpoint
from tests.http_receiver import Receiver


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


def shown(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def add(admin_client, url: str, **fields):
    data = {"url": url, "description": "Next.js site", "active": "on", **fields}
    return admin_client.post(reverse("blog_webhooks:add"), data)


def test_adding_an_endpoint_shows_its_secret_once(admin_client, receiver):
    response = add(admin_client, receiver.url, event_types=["article.published"])
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("blog_webhooks:edit", args=[endpoint.pk])
    (message,) = shown(response)
    assert endpoint.secret.startswith("whsec_") and endpoint.secret in message
    assert "messages" not in response.cookies  # kept in the session, not a cookie
    assert endpoint.event_types == ["article.published"]
    page = admin_client.get(response["Location"]).content.decode()
    assert endpoint.secret in page  # on the page after adding, as a message
    page = admin_client.get(response["Location"]).content.decode()
    assert endpoint.secret not in page  # and never again
    assert "Send a test event" in page and "No deliveries yet." in page


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("http://127.0.0.1:8000/hook", "127.0.0.1 is not a public address."),
        ("http://169.254.169.254/latest/", "169.254.169.254 is not a public address."),
        ("ftp://example.com/", "Enter an http:// or https:// URL."),
    ],
)
def test_a_private_or_non_http_target_is_a_form_error(admin_client, settings, url, error):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    response = add(admin_client, url)
    assert response.status_code == 200  # the form again
    assert response.context["form"].errors == {"url": [error]}
    assert not WebhookEndpoint.objects.exists()


def test_test_event_rotation_log_and_send_again(admin_client, receiver, committed):
    add(admin_client, receiver.url)
    endpoint = WebhookEndpoint.objects.get()
    old_secret = endpoint.secret

    response = admin_client.post(reverse("blog_webhooks:test", args=[endpoint.pk]))
    assert shown(response)[-1] == "Test event accepted (200)."
    assert Webhook(old_secret).verify(receiver.requests[0].body, receiver.requests[0].headers)

    response = admin_client.post(reverse("blog_webhooks:rotate", args=[endpoint.pk]))
    endpoint.refresh_from_db()
    assert endpoint.secret != old_secret and endpoint.secret in shown(response)[-1]

    receiver.status = 500
    admin_client.post(reverse("blog_webhooks:test", args=[endpoint.pk]))
    failed = WebhookDelivery.objects.filter(status="failed").get()
    page = admin_client.get(reverse("blog_webhooks:edit", args=[endpoint.pk])).content.decode()
    assert "webhook.test" in page and "answered 500" in page and "Send again" in page

    receiver.status = 200
    again = reverse("blog_webhooks:again", args=[endpoint.pk, failed.pk])
    assert committed(lambda: admin_client.post(again)).status_code == 302
    failed.refresh_from_db()
    assert failed.status == "succeeded" and failed.attempts == 2
    # The retry is signed with the current secret, under the same webhook-id.
    last = receiver.requests[-1]
    assert Webhook(endpoint.secret).verify(last.body, last.headers)
    assert last.headers["webhook-id"] == failed.event_id


def test_editors_without_the_permission_cannot_act(client, django_user_model, receiver):
    from blog.delivery.webhooks import create_endpoint

    endpoint, secret = create_endpoint(url=receiver.url)
    editor = django_user_model.objects.create_user("editor", password="pw")
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.post(reverse("blog_webhooks:rotate", args=[endpoint.pk]))
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail's refusal
    endpoint.refresh_from_db()
    assert endpoint.secret == secret


def test_an_endpoint_switched_back_on_starts_afresh(admin_client, receiver, settings):
    from blog.delivery.webhooks import create_endpoint, send_test_event

    settings.WEBHOOKS_DISABLE_AFTER_FAILURES = 2
    receiver.status = 500
    endpoint, _ = create_endpoint(url=receiver.url, description="Site")
    send_test_event(endpoint)
    send_test_event(endpoint)
    endpoint.refresh_from_db()
    assert not endpoint.active

    edit = reverse("blog_webhooks:edit", args=[endpoint.pk])
    data = {"url": endpoint.url, "description": "Site", "active": "on"}
    assert admin_client.post(edit, data).status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.active and endpoint.consecutive_failures == 0 and not endpoint.disabled_at
    send_test_event(endpoint)  # one failure is not two in a row
    endpoint.refresh_from_db()
    assert endpoint.active
