"""Generations: a random token in the shared cache that a change renews, so that values
cached under the old token are never read again (no deleting, no race with a reader that
stored an old value a moment after the change)."""

from __future__ import annotations

import secrets

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
