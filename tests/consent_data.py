"""Consent records and articles with a before/after pair, for the consent tests."""

from __future__ import annotations

import datetime

from blog.models import ArticlePage, ConsentRecord, Treatment
from tests.factories import ArticlePageFactory, ImageFactory, body

TODAY = datetime.date(2026, 12, 1)


def consent(**fields) -> ConsentRecord:
    values = {
        "patient_reference": "PT-00421",
        "consented_on": datetime.date(2026, 6, 1),
        "website": True,
        "app": True,
        **fields,
    }
    return ConsentRecord.objects.create(**values)


def pair_article(index, record: ConsentRecord, pair: dict | None = None, **fields) -> ArticlePage:
    before, after = ImageFactory(title="Before"), ImageFactory(title="After")
    treatment, _ = Treatment.objects.get_or_create(name="Microneedling", slug="microneedling")
    value = {
        "before": before.pk,
        "before_alt": "Cheek with acne scarring",
        "after": after.pk,
        "after_alt": "The same cheek, scarring softened",
        "treatment": treatment.pk,
        "time_between": "Three months",
        "caption": "After three sessions",
        "consent": record.pk,
        **(pair or {}),
    }
    return ArticlePageFactory(parent=index, body=body(("before_after", value)), **fields)


def consent_form(**overrides) -> dict:
    data = {
        "patient_reference": "PT-00421",
        "consented_on": "2026-06-01",
        "website": "on",
        "app": "on",
        "expires_on": "2027-06-01",
        "withdrawn_at": "",
        "notes": "Signed form scanned to the patient record.",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
