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
            for message in messages.get_messages(request):
                if message.level == messages.ERROR and "could not be saved" in message.message:
                    message.message = NOT_PUBLISHED
        return response
