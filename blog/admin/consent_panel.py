"""The article editor's notice of what stops publishing because of a patient's photos (a pair
whose consent does not cover the website, a patient's photo shown outside a pair: saved in a
draft, refused on publish), and of pairs the app does not show (the API leaves them out)."""

from __future__ import annotations

from wagtail.admin.panels import Panel

from blog.governance.consent import chosen_consents
from blog.models.patient_photos import publish_problems


def app_gaps(body) -> list[str]:
    gaps = []
    for consent in chosen_consents(body):
        if consent is not None and consent.valid_for("website") and not consent.valid_for("app"):
            gaps.append(
                f"The pair with consent {consent.patient_reference} is shown on the website "
                "only: its consent does not cover the app, so the API leaves it out."
            )
    return gaps


class PhotoConsentPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "blog/governance/photo_consent_panel.html"

        def is_shown(self) -> bool:
            return bool(self._problems() or self._gaps())

        def _problems(self) -> list[str]:
            return publish_problems(self.instance)

        def _gaps(self) -> list[str]:
            return app_gaps(self.instance.body)

        def get_context_data(self, parent_context=None) -> dict:
            context = super().get_context_data(parent_context)
            context["problems"] = self._problems()
            context["gaps"] = self._gaps()
            return context
