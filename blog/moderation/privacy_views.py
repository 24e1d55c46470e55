"""Privacy requests in the admin: export or anonymise everything stored about an email."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from blog.comments import privacy


class PrivacyRequestForm(forms.Form):
    email = forms.EmailField()
    action = forms.ChoiceField(
        choices=[
            ("export", "Export everything stored (JSON download)"),
            ("erase", "Anonymise, keep the text"),
            ("erase_text", "Anonymise and remove the text"),
        ],
        widget=forms.RadioSelect,
    )


def privacy_request(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("blog.delete_readercomment"):
        raise PermissionDenied
    form = PrivacyRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email, action = form.cleaned_data["email"], form.cleaned_data["action"]
        if action == "export":
            response = HttpResponse(
                json.dumps(privacy.export(email), indent=2, ensure_ascii=False),
                content_type="application/json",
            )
            response["Content-Disposition"] = 'attachment; filename="comments-export.json"'
            return response
        count = privacy.erase(email, remove_text=action == "erase_text", user=request.user)
        messages.success(request, f"Anonymised {count} comment(s) by {email}.")
        return redirect(request.path)
    return TemplateResponse(
        request, "blog/moderation/privacy.html", {"form": form, "page_title": "Privacy requests"}
    )
