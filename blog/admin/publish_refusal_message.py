"""A refused publish says so: Wagtail words every invalid edit form "The page could not be
saved due to validation errors", while its header says "Saved" (autosave has kept the
draft). When the only errors are the publishing checks (compliance, consent, patients'
photos: ArticlePageForm.publish_refused_only), the message says the article was not
published, and why, instead.

A middleware, because the message is queued inside Wagtail's edit view: a template
response is changed before it renders, which is when its messages are read.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

NOT_PUBLISHED = (
    "Not published: the article did not pass the publishing checks listed below. Your "
    "changes are not lost: save them as a draft, or change what is listed and publish."
)


class PublishRefusalMessage:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_template_response(self, request: HttpRequest, response):
        form = (getattr(response, "context_data", None) or {}).get("form")
        if request.method == "POST" and getattr(form, "publish_refused_only", False):
            wagtails = gettext("The page could not be saved due to validation errors.")
            for message in messages.get_messages(request):
                if message.level == messages.ERROR and wagtails in message.message:
                    # Wagtail's rendered message, with the list of errors it holds kept.
                    message.message = mark_safe(  # noqa: S308 (our constant in its HTML)
                        message.message.replace(wagtails, NOT_PUBLISHED)
                    )
        return response
