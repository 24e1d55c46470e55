"""The links in comment mails: confirm an address, stop reply notifications."""

from __future__ import annotations

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from blog.comments.notifications import (
    UNSUBSCRIBE_SALT,
    VERIFY_MAX_AGE,
    VERIFY_SALT,
    read_email_token,
)
from blog.models import ReaderComment


def _page(request: HttpRequest, message: str, status: int = 200) -> HttpResponse:
    response = TemplateResponse(
        request, "blog/comments/email_link.html", {"message": message}, status=status
    )
    response["Cache-Control"] = "private, no-store"
    return response


def verify_email(request: HttpRequest) -> HttpResponse:
    try:
        email = read_email_token(
            request.GET.get("token", "")[:500], salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE
        )
    except signing.BadSignature:
        return _page(request, "This confirmation link is not valid or has expired.", 400)
    ReaderComment.objects.filter(email__iexact=email).update(email_verified=True)
    return _page(request, "Thank you: your email address is confirmed.")


def unsubscribe(request: HttpRequest) -> HttpResponse:
    try:
        email = read_email_token(request.GET.get("token", "")[:500], salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return _page(request, "This link is not valid.", 400)
    ReaderComment.objects.filter(email__iexact=email).update(notify_on_reply=False)
    return _page(request, "You will get no more emails about replies.")
