"""The article editor's form: Wagtail's page form, plus the one rule it cannot know."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm

from blog.api.selectors import namesake_on_site


class ArticlePageForm(WagtailAdminPageForm):
    def clean(self) -> dict:
        cleaned_data = super().clean()
        slug = cleaned_data.get("slug")
        if slug and self.parent_page is not None and "slug" not in self.errors:
            namesake = namesake_on_site(slug, parent=self.parent_page, exclude_pk=self.instance.pk)
            if namesake is not None:
                self.add_error(
                    "slug",
                    f"The article “{namesake.title}” on this site already uses the slug "
                    f"“{slug}”. Slugs name articles in the API, so each must be unique per "
                    "site: choose another.",
                )
        return cleaned_data
