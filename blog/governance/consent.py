"""Before/after photos and the consent they rest on.

A pair is shown only while its consent is valid for the channel, checked whenever it is
rendered: the site's template asks for the website (blog.blocks.BeforeAfterValue), the API
for the app (blog.published.body), and a stored API detail is rendered again after the earliest
expiry of the consents it shows (StoredArticle.shown_until). Nothing waits for a task.

Saving a consent record is an event (consent.changed) like any object shown in articles:
in its transaction the stored details that show it are marked stale; once committed, the
change log resends those articles to sync, the response cache renews, and purges and
webhooks go out for each of them. When consent has ended (withdrawn or expired), a task
then does what only happens once: deletes the photos' renditions from storage and moves
their originals to new names (consent_files), writes the audit log of each article and of
the record, and tells the articles' editors by mail.

Expiry comes with the date, not with a save: `expire_consents` (the worker's clock, hourly;
or `manage.py expire_consents` from cron) announces each expiry with the same event and
carries it out; it also carries out a withdrawal whose task never ran, and deletes files
that an ending could not delete.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterator

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from wagtail.images import get_image_model
from wagtail.log_actions import log

from blog import events
from blog.events import Event, EventType
from blog.governance import consent_files
from blog.models import ArticlePage, ConsentRecord
from blog.paths import admin_url
from blog.published import store
from blog.showing import referencing

logger = logging.getLogger(__name__)

LOG_ACTION = "blog.consent_ended"
LOG_LABEL = "Before/after photos removed: patient consent ended"


def pairs(body) -> Iterator[dict]:
    """The raw values of a body's before/after blocks."""
    for block in body.raw_data if body is not None else []:
        if block["type"] == "before_after":
            yield block["value"]


def chosen_consents(body) -> Iterator[ConsentRecord | None]:
    """The consent record chosen for each before/after pair in `body` (a StreamValue from
    the editor), None where there is none."""
    for block in body or []:
        if block.block_type == "before_after":
            yield block.value.get("consent")


def articles_showing(consent: ConsentRecord):
    return ArticlePage.objects.filter(referencing(ConsentRecord, consent.pk))


def in_use(records) -> list[ConsentRecord]:
    """The records that an article's saved content still names."""
    return [record for record in records if articles_showing(record).exists()]


def photos_of(consent: ConsentRecord, articles) -> set[int]:
    """The image ids of the pairs that rest on `consent` in `articles`."""
    ids = set()
    for article in articles:
        for value in pairs(article.body):
            if value.get("consent") == consent.pk:
                ids.update(v for v in (value.get("before"), value.get("after")) if v)
    return ids


def on_consent_events(batch: list[Event]) -> None:
    """Event subscriber: queue the end of each consent record the batch names."""
    for event in batch:
        if event.type == EventType.CONSENT_CHANGED and event.object_id is not None:
            try:
                handle_consent_change.enqueue(event.object_id)
            except Exception:  # the clock's expire_consents carries it out later
                logger.exception("could not queue consent record %s", event.object_id)


@task()
def handle_consent_change(consent_id: int) -> str:
    """Carry out the end of a consent once (renditions, audit log, editors told); a consent
    valid again (a withdrawal entered by mistake and cleared) may end again later."""
    consent = ConsentRecord.objects.filter(pk=consent_id).first()
    if consent is None:
        return "gone"
    if not consent.ended():
        # Only while it is still valid in the database: a late task must not clear the
        # claim of an ending recorded since it read the record.
        still_valid = Q(withdrawn_at__isnull=True) & (
            Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate())
        )
        ConsentRecord.objects.filter(still_valid, pk=consent.pk).update(end_handled_at=None)
        return "valid"
    if consent.end_handled_at is not None:  # no copies for a duplicate; the claim decides
        return "already handled"
    articles = list(articles_showing(consent).select_related("owner"))
    photos = photos_of(consent, articles)
    reason = consent.status()
    # Copied before the transaction: a large photo on object storage must not hold the
    # database's write lock (consent_files).
    copies = consent_files.copy_originals(photos)
    try:
        with transaction.atomic():
            claimed = ConsentRecord.objects.filter(
                pk=consent.pk, end_handled_at__isnull=True
            ).update(end_handled_at=timezone.now())
            if claimed:
                removed = _end(consent, articles, photos, copies, reason=reason)
    except Exception:
        consent_files.discard(copies)
        raise
    if not claimed:
        consent_files.discard(copies)
        return "already handled"
    consent_files.delete_listed(consent.pk)
    try:
        # Its own task: a mail server that fails is retried without carrying out the
        # end again.
        tell_editors_task.enqueue(consent.pk, [a.pk for a in articles], reason)
    except Exception:
        logger.exception("could not queue the mail about consent record %s", consent.pk)
    return f"ended: {len(articles)} articles, {removed} renditions deleted"


def _end(
    consent: ConsentRecord,
    articles: list[ArticlePage],
    photos: set[int],
    copies: dict[int, tuple[str, str]],
    *,
    reason: str,
) -> int:
    """In the claiming transaction: the renditions' rows go and the originals' rows point
    at their copies, the files to delete are listed on the record, and what shows the
    photos elsewhere is rendered again; the audit log is written. The renditions deleted."""
    renditions = consent_files.delete_renditions(photos)
    originals = consent_files.use_copies(copies)
    consent_files.list_to_delete(consent.pk, renditions + originals)
    # A photo also used elsewhere (an image block) gets new renditions on its next
    # render: what shows it is rendered again, its cached copies renewed.
    image_model = get_image_model()
    for image_id in photos:
        store.mark_stale(referencing(image_model, image_id))
    events.emit(Event(type=EventType.IMAGE_CHANGED, object_id=pk) for pk in photos)
    data = {"consent": consent.pk, "reason": reason, "renditions_deleted": len(renditions)}
    for article in articles:
        log(instance=article, action=LOG_ACTION, data=data)
    log(instance=consent, action=LOG_ACTION, data={"articles": [a.pk for a in articles]})
    return len(renditions)


def editors_of(article: ArticlePage) -> set[str]:
    """Who to tell about an article: its owner and whoever saved its latest revision."""
    users = [article.owner]
    latest = article.latest_revision
    if latest is not None:
        users.append(latest.user)
    return {u.email for u in users if u is not None and u.is_active and u.email}


def tell_editors(consent: ConsentRecord, articles: list[ArticlePage], *, reason: str) -> int:
    """Mail each editor the articles whose photos were taken off; the number of mails."""
    by_email: dict[str, list[ArticlePage]] = {}
    for article in articles:
        for email in editors_of(article):
            by_email.setdefault(email, []).append(article)
    for email, theirs in by_email.items():
        lines = [
            f"- {a.title}\n  {admin_url(reverse('wagtailadmin_pages:edit', args=[a.pk]))}"
            for a in theirs
        ]
        send_mail(
            subject="Before/after photos taken off: patient consent ended",
            message=(
                f"The consent record {consent.patient_reference} is {reason}. Its before and "
                "after photos are no longer shown on the website or in the app, and their "
                "resized copies have been deleted. These articles showed them:\n\n"
                + "\n".join(lines)
                + "\n\nRemove the before and after block from each article, or choose "
                "another consented pair, before you next publish it.\n"
            ),
            from_email=None,
            recipient_list=[email],
        )
    return len(by_email)


@task()
def tell_editors_task(consent_id: int, article_ids: list[int], reason: str) -> int:
    consent = ConsentRecord.objects.filter(pk=consent_id).first()
    if consent is None:
        return 0
    articles = list(ArticlePage.objects.filter(pk__in=article_ids).select_related("owner"))
    return tell_editors(consent, articles, reason=reason)


WITHDRAWAL_GRACE = datetime.timedelta(minutes=10)


def expire_consents(*, now: datetime.datetime | None = None) -> int:
    """Carry out each consent that has ended and was not yet: an expiry (which no save
    announced) is announced now, as a withdrawal was when it was saved, so sync resends and
    purges and webhooks go out; a withdrawal whose task was lost (older than a few minutes)
    is carried out. Runs the end itself, so a busy queue never announces it twice. The
    number carried out."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    unhandled = ConsentRecord.objects.filter(end_handled_at__isnull=True)
    expired = unhandled.filter(withdrawn_at__isnull=True, expires_on__lt=today)
    lost = unhandled.filter(withdrawn_at__lte=now - WITHDRAWAL_GRACE)
    count = 0
    for consent_id in expired.values_list("pk", flat=True):
        with transaction.atomic():
            store.mark_stale(referencing(ConsentRecord, consent_id))
            events.emit_one(EventType.CONSENT_CHANGED, object_id=consent_id)
        count += handle_consent_change.call(consent_id).startswith("ended")
    for consent_id in lost.values_list("pk", flat=True):
        count += handle_consent_change.call(consent_id).startswith("ended")
    # Files an ending could not delete after its commit (storage down, the worker stopped).
    left = ConsentRecord.objects.filter(files_to_delete__isnull=False)
    for consent_id in left.values_list("pk", flat=True):
        consent_files.delete_listed(consent_id)
    return count
