"""The JSON the API sends, written by orjson: several times faster than the standard library
for the lists and article bodies the API sends, with the same output as DRF's JSONRenderer
(compact, UTF-8, dates and times as DRF writes them). The stored articles are written with
it (blog.published.prerender) and every response (blog.api.renderers)."""

from __future__ import annotations

import orjson
from rest_framework.utils.encoders import JSONEncoder

_drf = JSONEncoder()
OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


def _default(value: object) -> object:
    # Dates and times, lazy translations, decimals, UUIDs...: as DRF's encoder has them.
    return _drf.default(value)


LINE_SEPARATORS = ((b"\xe2\x80\xa8", b"\\u2028"), (b"\xe2\x80\xa9", b"\\u2029"))


def dumps(data: object) -> bytes:
    out = orjson.dumps(data, default=_default, option=OPTIONS)
    # Escaped as DRF does, so the JSON stays valid JavaScript wherever it is pasted.
    for raw, escaped in LINE_SEPARATORS:
        if raw in out:
            out = out.replace(raw, escaped)
    return out
