"""API responses are written by orjson, byte for byte as DRF's own JSONRenderer writes them."""

from __future__ import annotations

import datetime
import decimal
import uuid

from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from blog.api.renderers import ORJSONRenderer

SAMPLE = {
    "title": "Peels — what to expect ✓",
    "separators": "line\u2028paragraph\u2029end",
    "published_at": datetime.datetime(2026, 11, 30, 9, 15, 42, 123456, tzinfo=datetime.UTC),
    "local": datetime.datetime(
        2026, 11, 30, 9, 15, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
    ),
    "date": datetime.date(2026, 11, 30),
    "price": decimal.Decimal("120.50"),
    "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "label": gettext_lazy("Comments"),
    "nested": [{"count": 3, "ratio": 0.25, "none": None, "ok": True}],
    7: "a number as a key",
}


def test_the_output_is_drfs_own():
    assert ORJSONRenderer().render(SAMPLE) == JSONRenderer().render(SAMPLE)


def test_an_empty_body_stays_empty():
    assert ORJSONRenderer().render(None) == JSONRenderer().render(None) == b""
