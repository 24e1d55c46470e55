"""The demo's consent record, so the demo shows a before/after pair as a clinic would: with
a patient's recorded consent (a record number, never a name) for the website and the app."""

from __future__ import annotations

import datetime

from django.utils import timezone

from blog.models import ConsentRecord

DEMO_REFERENCE_PREFIX = "DEMO-"


def ensure_demo_consent(reference: str) -> ConsentRecord:
    """The consent record `reference`, created the first time: given 120 days ago for the
    website and the app, for two years."""
    existing = ConsentRecord.objects.filter(patient_reference=reference).first()
    if existing is not None:
        return existing
    given = timezone.localdate() - datetime.timedelta(days=120)
    return ConsentRecord.objects.create(
        patient_reference=reference,
        consented_on=given,
        website=True,
        app=True,
        expires_on=given + datetime.timedelta(days=730),
        notes="Demo record: no real patient. A clinic keeps the signed form in its records.",
    )
