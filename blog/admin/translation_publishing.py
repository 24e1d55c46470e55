"""wagtail-localize's ways of publishing pass the checks the page editor makes.

A translation is published from wagtail-localize's translation editor (its Publish, a POST
to the page's edit address answered by its `before_edit_page` hook), or by "Sync translated
pages" with "Publish immediately". Neither knows this project's rules, so both are checked
here first, on the translation as it would go out (the source with the translated strings):

- a blocking compliance finding refuses it. The page editor lets an approver publish
  despite one by giving a reason; the translation editor has no place for a reason, so a
  translation with one is changed, or taken out of sync and published from the page editor;
- a before/after pair without the patient's consent refuses it (the model refuses it too,
  on every path: blog.models.patient_photos).

The refusal is a message on the page the editor was on; nothing is published.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views.update_translations import UpdateTranslationsView

from blog.governance.compliance import blocking, check_page
from blog.governance.exceptions import summary
from blog.models import ArticlePage
from blog.models.patient_photos import publish_problems


def translation_problems(translation: Translation) -> list[str]:
    """Why `translation` may not be published as it stands; empty when it may."""
    source = translation.source
    if not issubclass(source.specific_content_type.model_class() or object, ArticlePage):
        return []
    candidate = source.get_ephemeral_translated_instance(translation.target_locale, fallback=True)
    problems = list(publish_problems(candidate))
    if findings := blocking(check_page(candidate)):
        problems.append(
            f"it has blocking compliance findings: {summary(findings)}. Change the wording; "
            "to publish despite them, an approver chooses “Stop Synced translation” and "
            "publishes from the page editor with a reason"
        )
    return problems


def _refuse(request: HttpRequest, what: str, problems: list[str]) -> None:
    messages.error(request, f"{what} was not published: {' '.join(problems)}")


def check_translation_editor_publish(request: HttpRequest, page) -> HttpResponse | None:
    """`before_edit_page`, ahead of wagtail-localize's: its translation editor's Publish."""
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    translation = (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source", "target_locale")
        .first()
    )
    if translation is None or not (problems := translation_problems(translation)):
        return None
    _refuse(request, f"“{page.title}” in {translation.target_locale.get_display_name()}", problems)
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


class CheckedUpdateTranslationsView(UpdateTranslationsView):
    """wagtail-localize's "Sync translated pages", at its own address: with "Publish
    immediately", nothing is published while any translation would break a rule."""

    def form_valid(self, form):
        if form.cleaned_data.get("publish_translations"):
            source: TranslationSource = self.object
            source.update_from_db()
            refused = []
            for translation in source.translations.filter(enabled=True).select_related(
                "source", "target_locale"
            ):
                if problems := translation_problems(translation):
                    refused.append((translation, problems))
            if refused:
                for translation, problems in refused:
                    name = translation.target_locale.get_display_name()
                    _refuse(self.request, f"The {name} translation", problems)
                return redirect(self.request.get_full_path())
        return super().form_valid(form)
