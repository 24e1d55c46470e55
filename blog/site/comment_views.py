"""The article page's forms without JavaScript: posting a comment and reporting one.

Both call the services the API calls (blog.comments.posting and .moderation), under the same
throttles, and answer like a website: a redirect after success (303, so reloading does not
post twice), or the article page again with the reader's text kept and each error beside its
field.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseRedirect,
)
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Site

from blog.comments import moderation, posting
from blog.comments.clients import client_ip, ip_hash, user_agent
from blog.comments.throttles import ArticleThrottle, ClientThrottle, ReportThrottle
from blog.comments.tokens import FormTokenError, FormTooQuick, check_form_token, spend_form_token
from blog.events import language_of_locale
from blog.models import ArticlePage, CommentPolicy, ReaderComment
from blog.site.comment_form import CommentFormState, read_submission
from blog.site.comment_section import reply_target, whole_id
from blog.sites import all_sites


def _public_article(request: HttpRequest, article_id: int) -> ArticlePage:
    if whole_id(article_id) is None:  # a longer number is no article, not an overflow
        raise Http404
    site = Site.find_for_request(request)
    articles = ArticlePage.objects.readable()
    if site is not None:
        # The site's pages in every language (its root's translations are its own).
        info = next((each for each in all_sites() if each.id == site.pk), None)
        articles = articles.filter(info.pages()) if info is not None else articles.none()
    article = articles.filter(pk=article_id).first()
    if article is None:
        raise Http404
    # This address has no language of its own: answer in the article's.
    translation.activate(language_of_locale(article.locale_id) or settings.LANGUAGE_CODE)
    return article


def _from_another_site(request: HttpRequest) -> bool:
    """A form sent by another site's page (an auto-submitting form, to post or report with
    its visitors' addresses). Browsers say so in Sec-Fetch-Site, older ones in Origin."""
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return bool(origin)  # "null": a sandboxed or opaque origin, never our page
    return origin.split("://", 1)[-1] != request.get_host()


def _article_address(request: HttpRequest, article: ArticlePage, query: str) -> str:
    # Relative on the site the request came to (CSP's form-action 'self' follows redirects).
    return f"{article.get_url(request) or '/'}?{query}"


def _throttle_wait(request: HttpRequest, throttles, *, slug: str = "") -> int | None:
    """Seconds until the reader may post again, or None: the API's throttles, so a reader
    has one budget whichever way they post."""
    view = SimpleNamespace(kwargs={"slug": slug})
    for throttle in throttles:
        if not throttle.allow_request(request, view):
            return max(1, int(throttle.wait() or 1))
    return None


def _page_again(
    request: HttpRequest, article: ArticlePage, form: CommentFormState, *, status: int
) -> HttpResponse:
    """The article page with the form as sent, its errors shown (the page's own template)."""
    context = article.get_context(request)
    context["comment_form"] = form
    response = TemplateResponse(request, article.get_template(request), context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _wait_message(seconds: int) -> str:
    if seconds < 60:
        return ngettext(
            "You have sent several comments in a short time. Please try again in %(count)d second.",
            "You have sent several comments in a short time. "
            "Please try again in %(count)d seconds.",
            seconds,
        ) % {"count": seconds}
    minutes = -(-seconds // 60)
    return ngettext(
        "You have sent several comments in a short time. Please try again in %(count)d minute.",
        "You have sent several comments in a short time. Please try again in %(count)d minutes.",
        minutes,
    ) % {"count": minutes}


# Anonymous and without a session: there is no signed-in authority for a forged form to
# borrow, so Django's CSRF cookie would only stop readers of a cached page. What another
# site's form could borrow is its visitors' addresses (to post past the per-client throttle,
# or to report a comment away): _from_another_site refuses those. The signed form token ties
# each post to a form this site issued, as in the API.
CROSS_SITE = gettext_lazy("Comments and reports are sent from this site's own pages.")


@csrf_exempt
@require_POST
def post_comment(request: HttpRequest, article_id: int) -> HttpResponse:
    if _from_another_site(request):
        return HttpResponseForbidden(str(CROSS_SITE))
    article = _public_article(request, article_id)
    submission = read_submission(request.POST, article_id=article.pk)
    form = submission.state
    # Still a reply when the form comes back with errors.
    form.parent = reply_target(article, request.POST.get("parent", ""))
    if submission.data is None:
        return _page_again(request, article, form, status=400)
    try:
        check_form_token(submission.token, article_id=article.pk)
    except FormTooQuick:
        form.form_error = gettext("That was quick. Please check your comment and send it again.")
        return _page_again(request, article, form, status=429)
    except FormTokenError:
        form.form_error = gettext("The form has expired. Check your comment and send it again.")
        return _page_again(request, article, form, status=403)
    wait = _throttle_wait(request, [ClientThrottle(), ArticleThrottle()], slug=article.slug)
    if wait is not None:
        form.form_error = _wait_message(wait)
        response = _page_again(request, article, form, status=429)
        response["Retry-After"] = str(wait)
        return response
    try:
        spend_form_token(submission.token)
    except FormTokenError:
        form.form_error = gettext(
            "This form has been used too often. Reload the page to comment again."
        )
        return _page_again(request, article, form, status=403)
    if submission.honeypot:  # only scripts fill the hidden field: keep nothing, say the same
        return HttpResponseRedirect(
            _article_address(request, article, "posted=pending#comment-status"), status=303
        )
    try:
        result = posting.post_comment(
            article=article,
            data=submission.data,
            policy=CommentPolicy.load(),
            ip=client_ip(request),
            user_agent=user_agent(request),
        )
    except posting.CommentsClosed:
        form.form_error = gettext("Comments are closed for this article.")
        return _page_again(request, article, form, status=403)
    except posting.ReplyTargetMissing:
        form.form_error = gettext("The comment you replied to is no longer shown.")
        return _page_again(request, article, form, status=404)
    except posting.CommentRejected as error:
        form.errors = error.errors
        return _page_again(request, article, form, status=400)
    status = "approved" if result.comment.status == ReaderComment.Status.APPROVED else "pending"
    # To the message, not the comment: on a long thread it may be on a later page.
    return HttpResponseRedirect(
        _article_address(request, article, f"posted={status}#comment-status"), status=303
    )


@csrf_exempt  # as post_comment, with the same refusal of other sites' forms
@require_POST
def report_comment(request: HttpRequest, pk: int) -> HttpResponse:
    if _from_another_site(request):
        return HttpResponseForbidden(str(CROSS_SITE))
    comment = (
        ReaderComment.objects.approved().filter(pk=pk).first() if whole_id(pk) is not None else None
    )
    if comment is None:
        raise Http404
    article = _public_article(request, comment.article_id)
    wait = _throttle_wait(request, [ReportThrottle()])
    if wait is None:
        moderation.report(
            comment, reporter=ip_hash(client_ip(request)), policy=CommentPolicy.load()
        )
    # Thanked either way: a reader who reports twice needs no error.
    return HttpResponseRedirect(
        _article_address(request, article, f"reported={comment.pk}#comment-{comment.pk}"),
        status=303,
    )
