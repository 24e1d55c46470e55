"""HTTP caching for public reads: ETag, Last-Modified, 304s, Cache-Control, a response cache.

Validators key on the content state (blog.scheduling: the newest ContentChange and the next
scheduled go-live or expiry) and on the date: whether comments are open changes with the day
(closing dates, auto-close days) even when no content does, and an article disappears when
its expiry time passes, before any change is recorded. A matching If-None-Match or
If-Modified-Since is answered with a 304 before any response is built, and a cached body is
served without building it again. Any recorded change creates a new version, and a passing
boundary a new state, so old ETags miss.

The server's copy of a body outlives versions: it records the tags it depends on
(blog.published.cache_tags) and is served while they are unchanged, so a comment on one article
does not rebuild every other article's detail. A body is stored only if no tag was renewed
while it was being built.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial, wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from rest_framework.exceptions import APIException

from blog import generations, sites
from blog.changes import STATE_GENERATION_KEY
from blog.comments.selectors import POLICY_CACHE_KEY
from blog.languages.negotiation import UnknownLocale, for_request
from blog.published import cache_tags, tallies
from blog.scheduling import SHARED_STATE_KEY, ContentState, current_state
from blog.sites import SITES_CACHE_KEY, SITES_GENERATION_KEY, request_site

PREFETCHED = [
    STATE_GENERATION_KEY,
    SHARED_STATE_KEY,
    SITES_GENERATION_KEY,
    SITES_CACHE_KEY,
    POLICY_CACHE_KEY,
]


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: int
    cache_key: str
    # What a stored body must have been built under besides the version: the schedule's
    # next boundary and the day (see the module's docstring).
    era: str


def response_key(request: HttpRequest, site_key: str) -> str:
    """The response cache's key for this address. The site too: two sites' hosts ask the
    same path of different content."""
    address = f"{site_key}:{request.get_full_path()}"
    return "api-response:" + hashlib.blake2b(address.encode(), digest_size=16).hexdigest()


def _site_key(request: HttpRequest) -> str:
    """The site the request reads (blog.sites); a site that does not exist is the
    view's 404 to give, and nothing is stored for it."""
    try:
        site = request_site(request)
    except APIException:
        return "unknown"
    return sites.site_key(site)


# The site each host read under the sites directory's generation, as this process last
# found it: with it the body's key is known before anything is read, and the body comes
# in the same round trip as the content state. Checked against the generation fetched.
_sites_of_hosts: dict[str, tuple[object, str]] = {}
MAX_HOSTS = 64


def _guessed_site_key(request: HttpRequest) -> tuple[object, str] | None:
    if "site" in request.GET:  # named by the client: found from the directory each time
        return None
    return _sites_of_hosts.get(request.get_host())


def _remember_site_key(request: HttpRequest, generation: object, site_key: str) -> None:
    if "site" in request.GET:
        return
    if len(_sites_of_hosts) >= MAX_HOSTS:  # hosts are few; never let them grow without end
        _sites_of_hosts.clear()
    _sites_of_hosts[request.get_host()] = (generation, site_key)


def validators(request: HttpRequest, state: ContentState, cache_key: str) -> Validators:
    today = timezone.localdate()
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    token = f"{state.token}.{today:%Y%m%d}"
    boundary = state.token.partition(".")[2]  # the schedule, without the version
    return Validators(
        etag=f'"{token}-{cache_key[-16:]}"',
        last_modified=int(max(state.modified_at, midnight).timestamp()),
        cache_key=cache_key,
        era=f"{boundary}.{today:%Y%m%d}",
    )


def public_cache_control() -> str:
    return (
        f"public, max-age={settings.API_CACHE_MAX_AGE}, s-maxage={settings.API_CACHE_S_MAXAGE}, "
        f"stale-while-revalidate={settings.API_CACHE_STALE_WHILE_REVALIDATE}"
    )


def with_validators(
    response: HttpResponse, found: Validators, *, cache_control: str | None = None
) -> HttpResponse:
    response["ETag"] = found.etag
    response["Last-Modified"] = http_date(found.last_modified)
    response["Cache-Control"] = cache_control or public_cache_control()
    return response


def not_modified(
    request: HttpRequest, found: Validators, *, cache_control: str | None = None
) -> HttpResponse | None:
    """A 304 when the client's copy is current, else None."""
    response = get_conditional_response(request, etag=found.etag, last_modified=found.last_modified)
    if response is None:
        return None
    return with_validators(response, found, cache_control=cache_control)


def _built(view: Callable[..., HttpResponse], request: HttpRequest, *args, **kwargs):
    response = view(request, *args, **kwargs)
    if hasattr(response, "render"):
        response.render()
    if response.status_code != 200:
        response["Cache-Control"] = "no-cache"
    return response


def public_cache(
    view: Callable[..., HttpResponse] | None = None,
    *,
    cache_control: Callable[[], str] | None = None,
    tallies_read: Callable[[HttpRequest], tuple[str, ...]] | None = None,
    vary: Callable[[], str] | None = None,
    languages: bool = False,
    several_languages: bool = False,
):
    """Validators, 304s and the response cache for a public read; `cache_control` gives the
    Cache-Control header when it is not the API's usual one (comment lists: shorter);
    `tallies_read` names the totals (blog.published.tallies) the view reads for a request,
    fetched with the content state when the body is not cached; `vary` gives a token of
    what else the body depends on (search: the synonyms), part of the cache key and the
    ETag. With
    `languages`, the read is served in a negotiated language (blog.languages.negotiation):
    one body and ETag per language, `Content-Language` on every answer, and
    `Vary: Accept-Language` only when that header decided; with `several_languages`, also
    `?locales=` naming several (the app's sync)."""
    if view is None:
        return partial(
            public_cache,
            cache_control=cache_control,
            tallies_read=tallies_read,
            vary=vary,
            languages=languages,
            several_languages=several_languages,
        )

    def chosen_for(request: HttpRequest):
        return for_request(request, several_allowed=several_languages)

    def key_for(request: HttpRequest, site_key: str) -> str:
        if languages:
            site_key = f"{site_key}:{chosen_for(request).locale}"
        return response_key(request, f"{site_key}:{vary()}" if vary else site_key)

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in {"GET", "HEAD"}:
            return view(request, *args, **kwargs)
        if not languages:
            return cached(request, *args, **kwargs)
        try:
            chosen = chosen_for(request)
        except UnknownLocale:
            return view(request, *args, **kwargs)  # the view's 400, never stored
        response = cached(request, *args, **kwargs)
        if response.status_code in (200, 304):
            response["Content-Language"] = chosen.locale
            if chosen.by_header:
                patch_vary_headers(response, ["Accept-Language"])
        return response

    def cached(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        guess = _guessed_site_key(request)
        keys = list(PREFETCHED)
        conditional = "HTTP_IF_NONE_MATCH" in request.META or (
            "HTTP_IF_MODIFIED_SINCE" in request.META
        )
        # The body in the same trip; not for a client that has it (a 304 is likely).
        if guess is not None and settings.API_RESPONSE_CACHE_TIMEOUT and not conditional:
            keys.append(key_for(request, guess[1]))
        elif guess is not None and not conditional and tallies_read:  # what the view reads
            keys += [tallies.tally_key(name, guess[1]) for name in tallies_read(request)]
        with generations.prefetched(keys):
            generation = generations.get(SITES_GENERATION_KEY)
            if guess is not None and guess[0] == generation and generation is not None:
                site_key = guess[1]
            else:
                site_key = _site_key(request)
                _remember_site_key(request, generation, site_key)
            return serve(request, key_for(request, site_key), *args, **kwargs)

    def serve(request: HttpRequest, key: str, *args, **kwargs) -> HttpResponse:
        state = current_state()
        with tallies.under(state.token):
            return serve_state(request, key, state, *args, **kwargs)

    def serve_state(request, key: str, state: ContentState, *args, **kwargs) -> HttpResponse:
        control = cache_control() if cache_control else None
        found = validators(request, state, key)
        if (unchanged := not_modified(request, found, cache_control=control)) is not None:
            return unchanged

        if not settings.API_RESPONSE_CACHE_TIMEOUT:
            # API_RESPONSE_CACHE_TIMEOUT=0 turns the response cache off: no reads, no tags.
            response = _built(view, request, *args, **kwargs)
            if response.status_code != 200:
                return response
            response["X-Cache"] = "miss"
            return with_validators(response, found, cache_control=control)

        entry = generations.get(key)
        if isinstance(entry, tuple) and len(entry) == 4:
            era, version, tokens, body = entry
            precise = settings.API_RESPONSE_CACHE_PRECISE
            if era == found.era and (
                version == state.version or (precise and cache_tags.still_current(tokens))
            ):
                response = HttpResponse(body, content_type="application/json")
                response["X-Cache"] = "hit"
                return with_validators(response, found, cache_control=control)

        request.cache_tags = cache_tags.tags_for_path(request.path_info)
        started = cache_tags.generation()
        response = _built(view, request, *args, **kwargs)
        if response.status_code != 200:
            return response
        tokens = cache_tags.snapshot(request.cache_tags)
        if cache_tags.generation() == started:  # nothing was renewed while it was built
            entry = (found.era, state.version, tokens, response.content)
            cache.set(key, entry, settings.API_RESPONSE_CACHE_TIMEOUT)
        response["X-Cache"] = "miss"
        return with_validators(response, found, cache_control=control)

    return wrapped
