"""The article editor's form: Wagtail's page form, plus the rules it cannot know."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from blog.admin.compliance import publish_refusal, reason_field, will_publish
from blog.governance.reviews import clinical_reviewers
from blog.models.article import RESERVED_SLUGS
from blog.models.patient_photos import patient_photos_shown, unconsented_pairs
from blog.published.selectors import namesake_on_site

MAX_SUFFIX = 50


class ArticlePageForm(WagtailAdminPageForm):
    # Shown by the Compliance check panel to approvers only; ignored for anyone else.
    compliance_exception_reason = reason_field()

    def clean_reviewed_by(self):
        """Only a clinical reviewer signs off a review; a sign-off already saved stays
        valid when its reviewer later loses the permission."""
        reviewer = self.cleaned_data.get("reviewed_by")
        if reviewer is None or reviewer.pk == self.instance.reviewed_by_id:
            return reviewer
        if not clinical_reviewers().filter(pk=reviewer.pk).exists():
            raise ValidationError(
                f"{reviewer.name} is not a clinical reviewer. A review is signed off by an "
                "author whose login holds the “Clinical reviewer” permission (Settings > "
                "Groups, or the user's own permissions)."
            )
        return reviewer

    def clean_body(self):
        """A before/after pair is published only with its patient's consent for the
        website (drafts may wait for the form to be signed)."""
        body = self.cleaned_data.get("body")
        if will_publish(self) and (problems := unconsented_pairs(body)):
            raise ValidationError(" ".join(problems))
        return body

    def refuse_patient_photos(self) -> None:
        """A patient's photo is published only in a before/after pair: on Publish, each
        field that shows one elsewhere says so (the rule is blog.models.patient_photos)."""
        if not will_publish(self):
            return
        data = self.cleaned_data

        def value(name: str):
            return data[name] if name in data else getattr(self.instance, name, None)

        for field, problems in patient_photos_shown(value, type(self.instance)).items():
            self.add_error(field if field in self.fields else None, " ".join(problems))

    def clean_slug(self) -> str:
        """A never-published article whose slug, made from its title, is taken gets the next
        free one ("-2").

        Wagtail's autosave creates the page seconds after the title is typed: an editor
        whose tab closed who starts again with the same title would otherwise be stopped
        by a slug error on another tab. A slug the editor typed, or the address of an
        article that has been published, stays as it is, and a clash is an error (clean).
        """
        slug = self.cleaned_data.get("slug", "")
        title = self.data.get("title", "")
        from_title = slug == slugify(title, allow_unicode=True) or slug == slugify(title)
        if not from_title or self.instance.first_published_at or self.parent_page is None:
            return slug
        if self._slug_is_free(slug):
            return slug
        for n in range(2, MAX_SUFFIX):
            candidate = f"{slug[: 255 - len(str(n)) - 1]}-{n}"
            if self._slug_is_free(candidate):
                return candidate
        return slug  # clean reports the clash

    def _slug_is_free(self, slug: str) -> bool:
        return (
            slug not in RESERVED_SLUGS
            and Page._slug_is_available(slug, self.parent_page, self.instance)
            and namesake_on_site(slug, parent=self.parent_page, exclude_pk=self.instance.pk) is None
        )

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
        self.refuse_patient_photos()
        publish_refusal(self)
        return cleaned_data

    @property
    def publish_refused_only(self) -> bool:
        """Whether Publish was refused by the publishing checks alone: the content is
        otherwise valid, and would have been saved as a draft
        (blog.admin.publish_refusal_message says so)."""
        if not self.errors or not will_publish(self):
            return False
        return not self._as_draft().errors

    def _as_draft(self) -> ArticlePageForm:
        """The same submission validated as a draft: no publishing check applies."""
        data = self.data.copy()
        data.pop("action-publish", None)
        draft = type(self)(
            data,
            self.files,
            instance=self.instance,
            parent_page=self.parent_page,
            subscription=self.subscription,
            for_user=self.for_user,
        )
        draft.defer_required_fields()  # as Wagtail validates a draft
        draft.is_valid()
        return draft
