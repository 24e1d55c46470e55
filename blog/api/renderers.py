"""JSON for every API response, written as the stored articles are (blog.published.encoding:
orjson, with the same output as DRF's JSONRenderer)."""

from __future__ import annotations

from rest_framework.renderers import BaseRenderer

from blog.published.encoding import dumps

__all__ = ["ORJSONRenderer", "dumps"]


class ORJSONRenderer(BaseRenderer):
    media_type = "application/json"
    format = "json"
    charset = None  # UTF-8 by definition, as DRF's JSONRenderer declares it

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return b"" if data is None else dumps(data)
