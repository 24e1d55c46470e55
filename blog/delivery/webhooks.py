"""Signed webhooks (the Standard Webhooks specification) for front ends.

Each committed event (blog.events) becomes one delivery per endpoint that wants it, sent by a
durable task: `webhook-id` (the event's id, the same on every attempt), `webhook-timestamp`
and `webhook-signature` (HMAC-SHA256 over id, timestamp and body, signed with the endpoint's
`whsec_` secret by the `standardwebhooks` package). A failed attempt is tried again after 1,
5, 10, 15 and 30 minutes (six attempts, about an hour) where the task backend can defer; an
endpoint whose attempts keep failing is disabled and the site's administrators are told.
"""

from __future__ import annotations

import base64
import datetime
import http.client
import json
import logging
import secrets
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import F
from django.utils import timezone
from django_tasks import task
from standardwebhooks import Webhook

from blog.delivery.payloads import payload
from blog.delivery.targets import TargetRefused, check_target, open_checked
from blog.events import Event
from blog.models import WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)


def retry_delays() -> list[datetime.timedelta]:
    """How long after each failed attempt the next one comes (WEBHOOKS_RETRY_SECONDS)."""
    return [datetime.timedelta(seconds=s) for s in settings.WEBHOOKS_RETRY_SECONDS]


TEST_EVENT = "webhook.test"
Status = WebhookDelivery.Status


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def create_endpoint(
    *, url: str, event_types: list[str] | None = None, description: str = ""
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its signing secret (shown to the caller once)."""
    check_target(url)
    secret = new_secret()
    endpoint = WebhookEndpoint.objects.create(
        url=url, event_types=list(event_types or []), description=description, secret=secret
    )
    return endpoint, secret


def rotate_secret(endpoint: WebhookEndpoint) -> str:
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret"])
    return endpoint.secret


def queue_deliveries(events: list[Event]) -> None:
    """Event stream subscriber: one delivery per event and endpoint that wants it (a bulk
    change's events wait for its one content.imported)."""
    events = [event for event in events if not event.bulk]
    if not events:
        return
    endpoints = list(WebhookEndpoint.objects.filter(active=True))
    if not endpoints:
        return
    for event in events:
        body = payload(event)
        for endpoint in endpoints:
            if endpoint.wants(event.type.value):
                delivery = WebhookDelivery.objects.create(
                    endpoint=endpoint, event_id=event.id, event_type=event.type.value, payload=body
                )
                deliver_webhook.enqueue(delivery.pk)


def send_test_event(endpoint: WebhookEndpoint) -> WebhookDelivery:
    """A `webhook.test` delivery, sent now (not queued): the answer is for the person asking."""
    now = timezone.now()
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_id=f"evt_{secrets.token_hex(16)}",
        event_type=TEST_EVENT,
        payload={"type": TEST_EVENT, "timestamp": now.isoformat(), "data": {}},
    )
    attempt(delivery)
    return delivery


def signed_request(delivery: WebhookDelivery) -> urllib.request.Request:
    body = json.dumps(delivery.payload, separators=(",", ":"))
    now = timezone.now()
    signature = Webhook(delivery.endpoint.secret).sign(delivery.event_id, now, body)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "clinic-cms-webhooks/1",
        "webhook-id": delivery.event_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signature,
    }
    return urllib.request.Request(  # noqa: S310 (checked by open_checked)
        delivery.endpoint.url, data=body.encode(), headers=headers, method="POST"
    )


def attempt(delivery: WebhookDelivery) -> bool:
    """One attempt, recorded on the delivery; True when the receiver answered 2xx."""
    started = time.monotonic()
    code, excerpt, error = None, "", ""
    try:
        request = signed_request(delivery)
        with open_checked(request, timeout=settings.WEBHOOKS_TIMEOUT) as response:
            code, excerpt = response.status, response.read(500).decode(errors="replace")
    except urllib.error.HTTPError as answer:
        code, excerpt = answer.code, answer.read(500).decode(errors="replace")
    except (TargetRefused, OSError, ValueError, http.client.HTTPException) as failure:
        error = str(failure)[:500] or type(failure).__name__
    ok = code is not None and 200 <= code < 300
    delivery.attempts = F("attempts") + 1
    delivery.status = Status.SUCCEEDED if ok else Status.FAILED
    delivery.response_code = code
    delivery.response_excerpt = excerpt
    delivery.error = error
    delivery.duration_ms = round((time.monotonic() - started) * 1000)
    delivery.last_attempt_at = timezone.now()
    delivery.save()
    delivery.refresh_from_db(fields=["attempts"])
    _count_outcome(delivery.endpoint, ok)
    return ok


def _count_outcome(endpoint: WebhookEndpoint, ok: bool) -> None:
    if ok:
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
        return
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    endpoint.refresh_from_db(fields=["consecutive_failures", "active"])
    limit = settings.WEBHOOKS_DISABLE_AFTER_FAILURES
    if endpoint.active and endpoint.consecutive_failures >= limit:
        disabled = WebhookEndpoint.objects.filter(pk=endpoint.pk, active=True).update(
            active=False, disabled_at=timezone.now()
        )
        if disabled:
            _tell_admins(endpoint)


def shown_url(url: str) -> str:
    """The URL without its query string or credentials, for logs and mail: receivers often
    put a token there."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def _tell_admins(endpoint: WebhookEndpoint) -> None:
    admins = get_user_model().objects.filter(is_superuser=True, is_active=True)
    emails = [email for email in admins.values_list("email", flat=True) if email]
    logger.error("webhook endpoint %s disabled after repeated failures", shown_url(endpoint.url))
    if emails:
        send_mail(
            "A webhook endpoint was disabled",
            f"Deliveries to {shown_url(endpoint.url)} (endpoint {endpoint.pk}) failed "
            f"{endpoint.consecutive_failures} times in a "
            "row, so it is no longer sent events. Check the receiver, then switch the "
            "endpoint back on in the admin (Settings > Webhooks).",
            settings.DEFAULT_FROM_EMAIL,
            emails,
        )


@task()
def deliver_webhook(delivery_id: int) -> None:
    # Claimed with a conditional update: a retry and a "send again" that meet send once.
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status__in=[Status.PENDING, Status.FAILED], endpoint__active=True
    ).update(status=Status.SENDING)
    if not claimed:
        return  # sent already, being sent, or its endpoint is switched off
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    if attempt(delivery):
        return
    # Retried here, on the webhook schedule, rather than by the generic task retry.
    retry, delays = delivery.attempts - 1, retry_delays()
    if retry < len(delays) and deliver_webhook.get_backend().supports_defer:
        run_after = timezone.now() + delays[retry]
        deliver_webhook.using(run_after=run_after).enqueue(delivery_id)
