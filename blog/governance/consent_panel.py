"""The article editor's notice of before/after pairs that readers do not see: their consent
does not cover the website (publishing is refused) or the app (the API leaves them out)."""

from __future__ import annotations

from wagtail.admin.panels import Panel

from blog.governance.consent import chosen_consents, unconsented_pairs


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
            return unconsented_pairs(self.instance.body)

        def _gaps(self) -> list[str]:
            return app_gaps(self.instance.body)

        def get_context_data(self, parent_context=None) -> dict:
            context = super().get_context_data(parent_context)
            context["problems"] = self._problems()
            context["gaps"] = self._gaps()
            return context
