"""Generations: a random token in the shared cache that a change renews, so that values
cached under the old token are never read again (no deleting, no race with a reader that
stored an old value a moment after the change)."""

from __future__ import annotations

import contextlib
import contextvars
import secrets
from collections.abc import Iterator

from django.core.cache import cache


def current(key: str) -> str:
    """The generation at `key`, made when missing (another process's new one wins)."""
    found = cache.get(key)
    if found is None:
        cache.add(key, secrets.token_hex(8), None)
        found = cache.get(key, "")
    return found


def renew(key: str) -> None:
    cache.set(key, secrets.token_hex(8), None)


# Values kept with the generation they were read under, fetched for a whole request in one
# round trip to the cache (see `prefetched`): the content state and the sites directory.
_prefetched: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "blog_generations_prefetched", default=None
)


def current_value(generation_key: str, value_key: str) -> tuple[str, object | None]:
    """The generation at `generation_key` and the value at `value_key` if it was stored
    under that generation (else None)."""
    keys = [generation_key, value_key]
    prefetched = _prefetched.get()
    if prefetched is not None and all(key in prefetched for key in keys):
        found = {key: prefetched[key] for key in keys}
    else:
        found = cache.get_many(keys)
    generation = found.get(generation_key) or current(generation_key)
    stored = found.get(value_key)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == generation:
        return generation, stored[1]
    return generation, None


def store_value(value_key: str, generation: str, value: object, timeout: int) -> None:
    """Keep `value` as read under `generation`: once a change renews the generation, the
    value is read again (a value read before the change can only be stored under the old
    generation, which nobody asks for)."""
    cache.set(value_key, (generation, value), timeout)
    prefetched = _prefetched.get()
    if prefetched is not None:
        prefetched.pop(value_key, None)


def get(key: str) -> object | None:
    """`cache.get(key)`, answered from the block's prefetch when it fetched `key`."""
    prefetched = _prefetched.get()
    if prefetched is not None and key in prefetched:
        return prefetched[key]
    return cache.get(key)


@contextlib.contextmanager
def prefetched(keys: list[str]) -> Iterator[None]:
    """Read `keys` for the block's `current_value` calls in one round trip."""
    found = cache.get_many(keys)
    token = _prefetched.set({key: found.get(key) for key in keys})
    try:
        yield
    finally:
        _prefetched.reset(token)
