"""The thread page of a comment, and the staff actions posted from it."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.snippets.views.snippets import InspectView

from blog.comments import moderation
from blog.models import Author, CommentPolicy, ReaderComment
from blog.moderation.comment_flags import comment_flags


@dataclass(frozen=True)
class Action:
    """A moderation button on a comment's page: the status it sets, in Wagtail's styles."""

    name: str
    status: ReaderComment.Status
    label: str
    style: str  # only approving is the primary action


ACTION_BUTTONS = [
    Action("approve", ReaderComment.Status.APPROVED, "Approve", "button"),
    Action("pending", ReaderComment.Status.PENDING, "Back to pending", "button button-secondary"),
    Action("spam", ReaderComment.Status.SPAM, "Mark as spam", "button button-secondary"),
    Action("remove", ReaderComment.Status.REMOVED, "Remove", "button button-secondary no"),
]
ACTIONS = {action.name: action.status for action in ACTION_BUTTONS}


class StaffReplyForm(forms.Form):
    author = forms.ModelChoiceField(
        queryset=Author.objects.in_default_language(),
        help_text="The reply appears under this profile.",
    )
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)


class ThreadView(InspectView):
    """A comment with its whole thread, moderation buttons and a reply form."""

    template_name = "blog/moderation/thread.html"

    def get_object(self, queryset=None) -> ReaderComment:
        comments = ReaderComment.objects.with_open_question().select_related("article")
        return get_object_or_404(comments, pk=self.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comment = self.object
        root = comment.root or comment
        context["comment"] = comment
        context["flags"] = comment_flags(comment)
        context["thread"] = (
            (ReaderComment.objects.filter(pk=root.pk) | ReaderComment.objects.filter(root=root))
            .select_related("staff_author")
            .order_by("created_at", "id")
        )
        profile = Author.objects.filter(user=self.request.user).first()
        context["reply_form"] = StaffReplyForm(initial={"author": profile})
        context["actions"] = [a for a in ACTION_BUTTONS if a.status != comment.status]
        context["has_profile"] = profile is not None
        # Readers only ever see answers to comments they can read: a pending comment is
        # approved with its answer, a spam or removed one is not answered.
        context["reply_mode"] = {
            ReaderComment.Status.APPROVED: "reply",
            ReaderComment.Status.PENDING: "approve_and_reply",
        }.get(comment.status)
        return context


def thread_url(comment: ReaderComment) -> str:
    return reverse(ReaderComment.snippet_viewset.get_url_name("inspect"), args=[comment.pk])


def _can_moderate(request: HttpRequest) -> bool:
    return request.user.has_perm("blog.change_readercomment")


@require_POST
def moderate_view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    if not _can_moderate(request):
        raise PermissionDenied
    comment = get_object_or_404(ReaderComment, pk=pk)
    status = ACTIONS.get(request.POST.get("action", ""))
    if status is None:
        messages.error(request, "Unknown moderation action.")
    else:
        moderation.moderate(
            [comment], status=status, user=request.user, note=request.POST.get("note", "")[:1000]
        )
        messages.success(request, f"Comment by {comment.author_name}: {status.label.lower()}.")
    return HttpResponseRedirect(thread_url(comment))


@require_POST
def reply_view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    """The clinic's answer to an approved comment, or, when the form asks for it, to a
    pending one that is approved in the same step."""
    if not _can_moderate(request):
        raise PermissionDenied
    comment = get_object_or_404(ReaderComment, pk=pk)
    form = StaffReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The reply needs an author and some text.")
        return HttpResponseRedirect(thread_url(comment))
    approve = request.POST.get("approve") == "1"
    answer = moderation.approve_and_reply if approve else moderation.reply_as_clinic
    try:
        answer(
            comment,
            author=form.cleaned_data["author"],
            user=request.user,
            body=form.cleaned_data["body"],
            policy=CommentPolicy.load(),
        )
    except moderation.ReplyRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            f"Comment by {comment.author_name} approved and your reply published."
            if approve
            else "Your reply is published.",
        )
    return HttpResponseRedirect(thread_url(comment))
