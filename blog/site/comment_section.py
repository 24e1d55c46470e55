"""What the article page's comment section shows: threads as the API serves them, the
policy's notices, the form, and the outcome of a post or a report just made.

Everything a reader can change arrives in the query string (`comments` cursor, `reply`,
`posted`, `reported`): the page stays the same for every reader with the same address, so
it can be cached like any other page (the form's token then serves many readers; the
script fetches a fresh one as soon as a reader starts writing).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from blog.api.params import MAX_ID, is_ascii_number
from blog.comments import posting
from blog.comments.selectors import ThreadCursor, ThreadPage, cached_policy, thread_page
from blog.cursors import CursorError
from blog.models import ArticlePage, CommentPolicy, ReaderComment
from blog.site.comment_form import CommentFormState, blank_form

POSTED_MESSAGES = {
    "approved": posting.MESSAGES[ReaderComment.Status.APPROVED],
    "pending": posting.MESSAGES[ReaderComment.Status.PENDING],
}
REPORTED_MESSAGE = gettext_lazy("Thank you. Our team will look at this comment.")


@dataclass
class CommentSection:
    article: ArticlePage
    policy: CommentPolicy
    open: bool
    count: int
    threads: list[ReaderComment]
    next_cursor: str
    first_page: bool
    form: CommentFormState | None
    posted_message: str
    reported_id: int | None
    preview: bool = False
    reported_message: str = REPORTED_MESSAGE  # lazy: in the language of the page
    # The clinic's privacy notice, beside the consent box the form's error points to.
    privacy_url: str = ""


def whole_id(value: object) -> int | None:
    """An id from an address or a form (the API's rule: ASCII digits, 1 to MAX_ID; "²" is a
    digit to str.isdigit, not to int), or None for anything else."""
    text = str(value) if isinstance(value, int) else value
    if isinstance(text, str) and is_ascii_number(text) and 1 <= int(text) <= MAX_ID:
        return int(text)
    return None


def reply_target(article: ArticlePage, text: object) -> ReaderComment | None:
    """An approved comment of `article` that a reader may reply to, or None."""
    pk = whole_id(text)
    if pk is None or article.pk is None:
        return None
    return ReaderComment.objects.approved().filter(article=article, pk=pk).first()


def _cursor(text: str | None) -> ThreadCursor | None:
    if not text:
        return None
    try:
        return ThreadCursor.decode(text)
    except CursorError:
        return None  # an old or edited link shows the first page rather than an error


def comment_section(
    request: HttpRequest, article: ArticlePage, *, form: CommentFormState | None = None
) -> CommentSection:
    policy = cached_policy()
    preview = bool(getattr(request, "is_preview", False))  # Wagtail's preview and ours
    is_open = posting.comments_open(article, policy) and not preview
    cursor = _cursor(request.GET.get("comments"))
    if article.pk is None:  # the preview of an article not saved yet
        page = ThreadPage(threads=[], next_cursor=None)
    else:
        page = thread_page(article.pk, after=cursor, limit=settings.COMMENTS_PAGE_SIZE)
    if is_open and form is None:
        parent = reply_target(article, request.GET.get("reply"))
        form = blank_form(article_id=article.pk, parent=parent)
    return CommentSection(
        article=article,
        policy=policy,
        open=is_open,
        count=ReaderComment.objects.approved().filter(article_id=article.pk).count()
        if article.pk
        else 0,
        threads=page.threads,
        next_cursor=page.next_cursor.encode() if page.next_cursor else "",
        first_page=cursor is None,
        form=form if is_open else None,
        posted_message=POSTED_MESSAGES.get(request.GET.get("posted", ""), ""),
        reported_id=whole_id(request.GET.get("reported")),
        preview=preview,
        privacy_url=settings.CLINIC_PRIVACY_URL,
    )
