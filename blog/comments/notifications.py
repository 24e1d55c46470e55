"""Mails about comments, sent from background tasks so they never slow or fail a POST.

Moderators hear of each new pending comment (at once, and flagged, when it is urgent). A
reader who asked to hear about replies gets a mail when one is approved, once they have
confirmed their address through the link sent with their first such comment. Every reply
mail carries an unsubscribe link.
"""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_tasks import task

from blog import events
from blog.events import EventType, comment_event, language_of_locale
from blog.models import CommentPolicy, ReaderComment
from blog.models.comment_policy import word_list
from blog.paths import admin_url, article_url

VERIFY_SALT = "blog.comments.verify"
UNSUBSCRIBE_SALT = "blog.comments.unsubscribe"
VERIFY_MAX_AGE = 7 * 24 * 3600


def email_token(email: str, *, salt: str) -> str:
    return signing.dumps(email.strip().lower(), salt=salt)


def read_email_token(token: str, *, salt: str, max_age: int | None = None) -> str:
    """The email address in a valid token; signing.BadSignature otherwise."""
    email = signing.loads(token, salt=salt, max_age=max_age)
    # Only addresses we signed ourselves pass the signature; the shape is checked anyway, so
    # that nothing a database refuses (NUL, 300 characters) can reach a query.
    if (
        not isinstance(email, str)
        or "@" not in email
        or len(email) > 254
        or any(not c.isprintable() for c in email)
    ):
        raise signing.BadSignature("not an email token")
    return email


def _announce_reply(reply: ReaderComment) -> None:
    """A reply's first approval: the mail to its parent's reader, and, when that reader
    asked to hear of replies and confirmed their address, a comment.replied event (the app's
    backend sends a push notification; ids only)."""
    notify_reply.enqueue(reply.pk)
    parent = reply.parent
    if (
        parent is not None
        and parent.notify_on_reply
        and parent.email_verified
        and parent.email.lower() != reply.email.lower()
    ):
        event = comment_event(EventType.COMMENT_REPLIED, reply)
        events.emit([replace(event, related_id=parent.pk)])


def after_moderation(comment: ReaderComment, *, first_approval: bool) -> None:
    """Staff changed a comment's status: a reply approved for the first time tells its
    parent's reader (once: not again when approved after being held). The confirmation mail
    belongs to posting only, never to a moderation decision."""
    if first_approval and comment.parent_id:
        _announce_reply(comment)


def after_comment_saved(
    comment: ReaderComment, *, newly_approved: bool, policy: CommentPolicy
) -> None:
    """Queue the mails a new comment calls for (they run after commit)."""
    if comment.status == ReaderComment.Status.PENDING and word_list(policy.moderator_emails):
        notify_moderators.enqueue(comment.pk)
    if newly_approved and comment.parent_id:
        _announce_reply(comment)
    if comment.notify_on_reply and not comment.email_verified and not comment.is_staff_reply:
        already_verified = ReaderComment.objects.filter(
            email__iexact=comment.email, email_verified=True
        )
        if already_verified.exists():
            ReaderComment.objects.filter(pk=comment.pk).update(email_verified=True)
        else:
            send_verification.enqueue(comment.pk)


@task()
def notify_moderators(comment_id: int) -> None:
    comment = ReaderComment.objects.select_related("article").get(pk=comment_id)
    recipients = word_list(CommentPolicy.load().moderator_emails)
    if not recipients:
        return
    viewset = ReaderComment.snippet_viewset
    link = admin_url(reverse(viewset.get_url_name("inspect"), args=[comment.pk]))
    prefix = "URGENT: " if comment.is_urgent else ""
    send_mail(
        f"{prefix}New comment on “{comment.article.title}”",
        f"{comment.author_name} wrote:\n\n{comment.body}\n\nModerate it: {link}\n",
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )


@task()
def notify_reply(reply_id: int) -> None:
    reply = ReaderComment.objects.select_related("parent", "article").get(pk=reply_id)
    parent = reply.parent
    if not (parent and parent.notify_on_reply and parent.email_verified and parent.email):
        return
    if parent.email.lower() == reply.email.lower():
        return
    address = article_url(reply.article.url_path)
    unsubscribe = admin_url(
        reverse("api:comment-unsubscribe")
        + "?token="
        + email_token(parent.email, salt=UNSUBSCRIBE_SALT)
    )
    # In the language the reader wrote in: the page's (a French thread is under the French page).
    with translation.override(language_of_locale(reply.article.locale_id) or None):
        who = gettext("The clinic") if reply.is_staff_reply else reply.author_name
        subject = gettext("%(who)s replied to your comment") % {"who": who}
        message = gettext(
            "%(who)s replied to your comment on “%(title)s”:\n\n%(body)s\n\n"
            "Read the conversation: %(address)s\n\n"
            "Stop these emails: %(unsubscribe)s\n"
        ) % {
            "who": who,
            "title": reply.article.title,
            "body": reply.body,
            "address": f"{address}#comment-{reply.pk}",
            "unsubscribe": unsubscribe,
        }
    send_mail(subject, message, settings.DEFAULT_FROM_EMAIL, [parent.email])


@task()
def send_verification(comment_id: int) -> None:
    comment = ReaderComment.objects.select_related("article").get(pk=comment_id)
    verify = admin_url(
        reverse("api:comment-verify") + "?token=" + email_token(comment.email, salt=VERIFY_SALT)
    )
    with translation.override(language_of_locale(comment.article.locale_id) or None):
        subject = gettext("Confirm your email address")
        message = gettext(
            "You asked to hear when someone replies to your comment on “%(title)s”. "
            "Confirm your address: %(verify)s\n\n"
            "If this was not you, ignore this email."
        ) % {"title": comment.article.title, "verify": verify}
    send_mail(subject, message, settings.DEFAULT_FROM_EMAIL, [comment.email])
