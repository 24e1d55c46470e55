"""Scheduled go-live and expiry, honoured when content is read, whether or not cron runs.

Wagtail keeps an article with a future go-live unpublished (its approved revision waits) and
leaves an expired article live until `manage.py publish_scheduled` runs. Readers should not
wait for that. Selectors hide expired articles at read time (ArticleQuerySet.within_schedule),
and, as WordPress's wp-cron does, every public API read notices when a go-live or expiry has
passed and then runs Wagtail's own `publish_scheduled` once (`catch_up`, under a cache lock).
Wagtail sends its published and unpublished signals, so the change log records them: the
content version moves on, the page tree catches up and sync hands out tombstones.

A boundary passing changes what readers see before any change is recorded, so the state that
ETags and cache keys build on (ContentState) holds the next boundary besides the version. It
is read in the query that reads the version anyway: the boundary columns are computed only
when the version or Wagtail's page log moved since the state cached here, or a boundary has
passed (a CASE skips them otherwise), so 304s and cached responses still cost one query.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import io
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import InterfaceError, OperationalError, connection
from django.db.models import BigIntegerField, DateTimeField, Model, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.models import Page, PageLogEntry, Revision

from blog import generations
from blog.changes import EPOCH, STATE_GENERATION_KEY
from blog.models import ArticlePage, ContentChange

logger = logging.getLogger(__name__)

STATE_KEY = "blog:schedule-state:1"  # the number changes with ContentState's fields
SHARED_STATE_KEY = "blog:content-state:1"  # with CONTENT_STATE_IN_CACHE, and its generation
# Wagtail writes a page log entry whenever it schedules or unschedules a revision, and that
# makes the next read recompute the boundaries. Code that sets approved_go_live_at without
# logging is noticed after at most this many seconds, when the cached state expires.
RECHECK_SECONDS = 60
LOCK_KEY = "blog:schedule-catch-up"
LOCK_SECONDS = 300  # longer than any catch-up should take: no second run meanwhile
RETRY_SECONDS = 60  # after a failed run, try again then rather than on every request
BOUNDARIES = ("next_expiry", "next_go_live", "last_expiry", "last_go_live")
MICROSECOND = datetime.timedelta(microseconds=1)


@dataclass(frozen=True)
class ContentState:
    """What every public response depends on: the content version and the schedule."""

    version: int
    changed_at: datetime.datetime
    log_id: int  # Wagtail's newest page log entry, to notice scheduling that records no change
    upcoming: datetime.datetime | None  # the next go-live or expiry of an article
    overdue: datetime.datetime | None  # the latest one that has passed but is not carried out

    @property
    def token(self) -> str:
        """The version and the next boundary: between two boundaries, content stays put."""
        boundary = (self.upcoming - EPOCH) // MICROSECOND if self.upcoming else 0
        return f"{self.version}.{boundary}"

    @property
    def modified_at(self) -> datetime.datetime:
        # An overdue expiry hides its article already, before its unpublish is recorded.
        return max(self.changed_at, self.overdue) if self.overdue else self.changed_at

    def current_at(self, now: datetime.datetime) -> bool:
        """Whether nothing scheduled has come due since this state was read."""
        return self.overdue is None and (self.upcoming is None or now < self.upcoming)


def _present(*moments: datetime.datetime | None) -> list[datetime.datetime]:
    return [moment for moment in moments if moment is not None]


@functools.cache
def _sql() -> dict[str, str]:
    """The state's columns as SQL, built once from model metadata (values are parameters).

    Written out because the ORM spent about 20 ms compiling them (fifteen nested subqueries)
    on every request, where the database answers in well under one.
    """
    q = connection.ops.quote_name

    def column(model: type[Model], name: str) -> str:
        return q(model._meta.get_field(name).column)

    def newest(model: type[Model], name: str) -> str:
        table, pk = q(model._meta.db_table), q(model._meta.pk.column)
        return f"SELECT {column(model, name)} FROM {table} ORDER BY {pk} DESC LIMIT 1"  # noqa: S608

    article_type = (
        f"(SELECT {q('id')} FROM {q(ContentType._meta.db_table)} "  # noqa: S608
        f"WHERE {q('app_label')} = %s AND {q('model')} = %s)"
    )
    expiry, go_live = column(Page, "expire_at"), column(Revision, "approved_go_live_at")
    expiring = (
        f"FROM {q(Page._meta.db_table)} WHERE {column(Page, 'content_type')} = {article_type} "
        f"AND {column(Page, 'live')} = %s AND {expiry}"
    )
    going_live = (
        f"FROM {q(Revision._meta.db_table)} "
        f"WHERE {column(Revision, 'content_type')} = {article_type} AND {go_live}"
    )
    version = f"COALESCE(({newest(ContentChange, 'id')}), 0)"
    log_id = f"COALESCE(({newest(PageLogEntry, 'id')}), 0)"
    return {
        "content_version": version,
        "content_changed_at": newest(ContentChange, "at"),
        "schedule_log": log_id,
        "unchanged": f"{version} = %s AND {log_id} = %s",
        "next_expiry": f"SELECT MIN({expiry}) {expiring} > %s",
        "last_expiry": f"SELECT MAX({expiry}) {expiring} <= %s",
        "next_go_live": f"SELECT MIN({go_live}) {going_live} > %s",
        "last_go_live": f"SELECT MAX({go_live}) {going_live} <= %s",
    }


def _moment(value: object) -> datetime.datetime | None:
    """A datetime from a raw row: SQLite returns text in the connection's time zone."""
    if value is None or isinstance(value, datetime.datetime):
        moment = value
    else:
        moment = parse_datetime(str(value))
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment, connection.timezone)
    return moment


@dataclass(frozen=True)
class StateRead:
    """One reading of ContentState: columns for a query, and the state from their values.
    `known` is the cached state, if nothing has come due since it was read."""

    now: datetime.datetime
    known: ContentState | None

    def columns(self) -> dict[str, tuple[str, tuple]]:
        """Name: (SQL, parameters) of each column the state is made of."""
        sql = _sql()
        article = (ArticlePage._meta.app_label, ArticlePage._meta.model_name)
        now = connection.ops.adapt_datetimefield_value(self.now)
        boundaries = {
            "next_expiry": (sql["next_expiry"], (*article, True, now)),
            "last_expiry": (sql["last_expiry"], (*article, True, now)),
            "next_go_live": (sql["next_go_live"], (*article, now)),
            "last_go_live": (sql["last_go_live"], (*article, now)),
        }
        if self.known is not None:
            # Scanning for expiry times is the costly part: skip it while nothing moved.
            unchanged = (self.known.version, self.known.log_id)
            boundaries = {
                name: (
                    f"CASE WHEN {sql['unchanged']} THEN NULL ELSE ({text}) END",
                    (*unchanged, *args),
                )
                for name, (text, args) in boundaries.items()
            }
        return {
            "content_version": (sql["content_version"], ()),
            "content_changed_at": (sql["content_changed_at"], ()),
            "schedule_log": (sql["schedule_log"], ()),
            **{f"schedule_{name}": boundaries[name] for name in BOUNDARIES},
        }

    def annotate(self, queryset: QuerySet) -> QuerySet:
        """`queryset` with the state's columns, to read it in a query a view makes anyway."""
        fields = {"content_version": BigIntegerField, "schedule_log": BigIntegerField}
        return queryset.annotate(
            **{
                # The SQL comes from _sql(), built from model metadata; values are parameters.
                name: RawSQL(text, args, output_field=fields.get(name, DateTimeField)())  # noqa: S611
                for name, (text, args) in self.columns().items()
            }
        )

    def state_of(self, values: Mapping[str, object]) -> ContentState:
        """The state from the columns' values (an empty mapping: nothing recorded yet)."""
        version = int(values.get("content_version") or 0)
        log_id = int(values.get("schedule_log") or 0)
        known = self.known
        if known is not None and (version, log_id) == (known.version, known.log_id):
            return known
        found = {name: _moment(values.get(f"schedule_{name}")) for name in BOUNDARIES}
        upcoming = _present(found["next_expiry"], found["next_go_live"])
        overdue = _present(found["last_expiry"], found["last_go_live"])
        state = ContentState(
            version=version,
            changed_at=_moment(values.get("content_changed_at")) or EPOCH,
            log_id=log_id,
            upcoming=min(upcoming, default=None),
            overdue=max(overdue, default=None),
        )
        if state.overdue is None:
            cache.set(STATE_KEY, state, RECHECK_SECONDS)
        return state


def begin_read(*, now: datetime.datetime | None = None, use_cache: bool = True) -> StateRead:
    now = now or timezone.now()
    known = cache.get(STATE_KEY) if use_cache else None
    if not isinstance(known, ContentState) or not known.current_at(now):
        known = None
    return StateRead(now=now, known=known)


def _read_state(*, use_cache: bool) -> ContentState:
    # Plain SQL, without the ORM: this runs before every public response, 304s included.
    read = begin_read(use_cache=use_cache)
    columns = read.columns()
    sql = "SELECT " + ", ".join(f"({text})" for text, _ in columns.values())
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for _, args in columns.values() for value in args])
        row = cursor.fetchone()
    return read.state_of(dict(zip(columns, row, strict=True)))


def current_state() -> ContentState:
    """The state for this request, after carrying out whatever schedule has come due.

    One query while nothing has come due (and a cache read); when something has, Wagtail's
    scheduled publishing runs once across processes and the state is read again. With a
    cache that every process shares (CONTENT_STATE_IN_CACHE), no query at all: the state is
    kept there under a generation that every committed change renews.
    """
    if not settings.CONTENT_STATE_IN_CACHE:
        return settle(_read_state(use_cache=True))
    generation, known = generations.current_value(STATE_GENERATION_KEY, SHARED_STATE_KEY)
    if isinstance(known, ContentState) and known.current_at(timezone.now()):
        return known
    state = settle(_read_state(use_cache=True))
    if state.overdue is None:
        # Read after the generation: a change committed meanwhile renewed the generation,
        # so a state that misses it is stored under one nobody asks for any more.
        generations.store_value(SHARED_STATE_KEY, generation, state, RECHECK_SECONDS)
    return state


def settle(state: ContentState) -> ContentState:
    """`state` itself; or, when a go-live or expiry is overdue and this process carried it
    out, the state afterwards (a new version once Wagtail's changes are recorded)."""
    if state.overdue is None or not catch_up():
        return state
    return _read_state(use_cache=False)


def catch_up() -> bool:
    """Do what `manage.py publish_scheduled` does, unless another process is doing it.

    Runs Wagtail's own command, so pages, revisions, log entries and signals are exactly as
    with cron. Returns whether it ran to the end.
    """
    owner = uuid.uuid4().hex
    if not cache.add(LOCK_KEY, owner, LOCK_SECONDS):
        return False
    try:
        call_command("publish_scheduled", stdout=io.StringIO())
    except Exception:
        # A read must not fail because publishing did; the lock stays for a while, so a
        # broken page is retried now and then rather than on every request.
        logger.exception("Scheduled publishing failed; retrying in %s seconds", RETRY_SECONDS)
        cache.set(LOCK_KEY, owner, RETRY_SECONDS)
        return False
    if cache.get(LOCK_KEY) == owner:
        cache.delete(LOCK_KEY)
    return True


SITE_EXEMPT_PREFIXES = ("/api/", "/admin/", "/static/", "/media/", "/health/", "/documents/")


class CatchUpOnSiteReads:
    """The website's pages honour go-live times as the API does: a page view notices a
    passed go-live or expiry (one query) and carries it out before Wagtail routes the path,
    so a scheduled article's page exists from its go-live on, with or without the worker."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and not request.path_info.startswith(SITE_EXEMPT_PREFIXES):
            # The database restarting: let the page's own query meet it in the view, where
            # cms.resilience waits and runs the view again (or answers 503).
            with contextlib.suppress(OperationalError, InterfaceError):
                current_state()
        return self.get_response(request)
