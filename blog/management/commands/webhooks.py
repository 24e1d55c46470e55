"""Webhook endpoints for scripted deploys.

    python manage.py webhooks add https://www.example-clinic.com/api/revalidate [--events a,b]
    python manage.py webhooks list
    python manage.py webhooks test ID

`add` prints the new endpoint's signing secret as the last line of its output (shown once).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from blog.delivery.webhooks import TargetRefused, create_endpoint, send_test_event
from blog.events import EventType
from blog.models import WebhookEndpoint


class Command(BaseCommand):
    help = "Add, list and test webhook endpoints."

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="Register an endpoint; prints its secret last.")
        add.add_argument("url")
        add.add_argument("--events", default="", help="Comma-separated event types (all).")
        add.add_argument("--description", default="")
        actions.add_parser("list", help="Every endpoint, with its state.")
        test = actions.add_parser("test", help="Send a webhook.test event now.")
        test.add_argument("id", type=int)

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"handle_{action}")(**options)

    def handle_add(self, *, url: str, events: str, description: str, **options) -> None:
        chosen = [name.strip() for name in events.split(",") if name.strip()]
        unknown = sorted(set(chosen) - {t.value for t in EventType})
        if unknown:
            raise CommandError(f"Unknown event types: {', '.join(unknown)}")
        try:
            endpoint, secret = create_endpoint(url=url, event_types=chosen, description=description)
        except TargetRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Endpoint {endpoint.pk}: {endpoint.url}")
        self.stdout.write(f"Events: {', '.join(chosen) or 'all'}")
        self.stdout.write("Signing secret (shown once; store it with the receiver):")
        self.stdout.write(secret)

    def handle_list(self, **options) -> None:
        for endpoint in WebhookEndpoint.objects.all():
            state = "active" if endpoint.active else "disabled"
            events = ", ".join(endpoint.event_types) or "all events"
            self.stdout.write(f"{endpoint.pk}\t{state}\t{endpoint.url}\t{events}")

    def handle_test(self, *, id: int, **options) -> None:
        endpoint = WebhookEndpoint.objects.filter(pk=id).first()
        if endpoint is None:
            raise CommandError(f"No webhook endpoint {id}.")
        delivery = send_test_event(endpoint)
        outcome = delivery.response_code or delivery.error
        self.stdout.write(f"{delivery.status}: {outcome} in {delivery.duration_ms} ms")
        if delivery.status != delivery.Status.SUCCEEDED:
            raise CommandError(f"The endpoint did not accept the test event: {outcome}")
