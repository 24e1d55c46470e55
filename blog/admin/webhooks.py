"""Webhooks in the Wagtail admin (Settings > Webhooks): endpoints with their events, the
signing secret shown once (on creation and on rotation), and on each endpoint's page its
delivery log with "send again" and "send a test event"."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList, Panel
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from blog.delivery.webhooks import (
    TargetRefused,
    check_target,
    deliver_webhook,
    new_secret,
    rotate_secret,
    send_test_event,
)
from blog.events import EventType
from blog.models import WebhookDelivery, WebhookEndpoint

EVENT_CHOICES = [(event.value, event.value) for event in EventType]


class WebhookEndpointForm(WagtailAdminModelForm):
    event_types = forms.MultipleChoiceField(
        choices=EVENT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to receive every event.",
    )

    def save(self, commit: bool = True) -> WebhookEndpoint:
        endpoint = super().save(commit=False)
        if endpoint.active and endpoint.disabled_at:
            # Switched back on: it starts afresh, not one failure away from off again.
            endpoint.consecutive_failures, endpoint.disabled_at = 0, None
        if commit:
            endpoint.save()
        return endpoint

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        try:
            check_target(url)
        except TargetRefused as error:
            raise forms.ValidationError(str(error)) from error
        return url


class DeliveryLogPanel(Panel):
    """The endpoint's latest deliveries, each attempt's outcome, and the actions."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "blog/delivery/delivery_log_panel.html"

        def get_context_data(self, parent_context=None) -> dict:
            context = super().get_context_data(parent_context)
            endpoint = self.instance
            context["endpoint"] = endpoint
            context["deliveries"] = (
                endpoint.deliveries.all()[:25] if endpoint and endpoint.pk else []
            )
            return context


class CreateEndpointView(generic.CreateView):
    def save_instance(self) -> WebhookEndpoint:
        self.form.instance.secret = new_secret()
        return super().save_instance()

    def get_success_message(self, instance) -> str:
        return (
            f"Webhook endpoint {instance.url} added. Its signing secret, shown only now: "
            f"{instance.secret}"
        )

    def get_success_url(self) -> str:
        return reverse("blog_webhooks:edit", args=[self.object.pk])


def _endpoint_for_change(request, pk: int) -> WebhookEndpoint:
    if not request.user.has_perm("blog.change_webhookendpoint"):
        raise PermissionDenied
    return get_object_or_404(WebhookEndpoint, pk=pk)


@require_POST
def rotate(request, pk: int):
    endpoint = _endpoint_for_change(request, pk)
    secret = rotate_secret(endpoint)
    messages.success(request, f"New signing secret, shown only now: {secret}")
    return redirect("blog_webhooks:edit", pk)


@require_POST
def send_test(request, pk: int):
    endpoint = _endpoint_for_change(request, pk)
    delivery = send_test_event(endpoint)
    outcome = delivery.response_code or delivery.error
    if delivery.status == WebhookDelivery.Status.SUCCEEDED:
        messages.success(request, f"Test event accepted ({outcome}).")
    else:
        messages.error(request, f"Test event not accepted: {outcome}")
    return redirect("blog_webhooks:edit", pk)


@require_POST
def send_again(request, pk: int, delivery_pk: int):
    endpoint = _endpoint_for_change(request, pk)
    delivery = get_object_or_404(endpoint.deliveries, pk=delivery_pk)
    # Only a failed delivery: one being sent or sent already is left alone.
    failed = endpoint.deliveries.filter(pk=delivery.pk, status=WebhookDelivery.Status.FAILED)
    if failed.update(status=WebhookDelivery.Status.PENDING):
        deliver_webhook.enqueue(delivery.pk)
        messages.success(request, f"{delivery.event_type} queued to be sent again.")
    else:
        messages.info(request, f"{delivery.event_type} is being sent or was sent already.")
    return redirect("blog_webhooks:edit", pk)


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    name = "blog_webhooks"
    url_prefix = "webhooks"
    icon = "link-external"
    menu_label = "Webhooks"
    add_to_settings_menu = True
    copy_view_enabled = False
    add_view_class = CreateEndpointView
    list_display = ["url", "description", "active", "consecutive_failures", "created_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("url"),
            FieldPanel("description"),
            FieldPanel("event_types"),
            FieldPanel("active"),
            DeliveryLogPanel(heading="Deliveries"),
        ],
        base_form_class=WebhookEndpointForm,
    )

    def get_urlpatterns(self) -> list:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/rotate-secret/", rotate, name="rotate"),
            path("<int:pk>/test/", send_test, name="test"),
            path("<int:pk>/deliveries/<int:delivery_pk>/again/", send_again, name="again"),
        ]
