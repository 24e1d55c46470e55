"""Output serializers: the shape of every public response. Nothing here queries or decides.

Views pass a `BodyContext` and the request in the serializer context; selectors have already
fetched everything these fields read.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from blog.comments.posting import comments_open
from blog.comments.selectors import cached_policy
from blog.events import language_of_locale
from blog.paths import comments_url, frontend_path, site_root_paths
from blog.published import seo
from blog.published.block_schema import BodyBlockSerializer, ImageSerializer, TreatmentRefSerializer
from blog.published.images import CARD_WIDTHS, image_bundle


class TagSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()


class TagCountSerializer(TagSerializer):
    article_count = serializers.IntegerField()


def locale_field() -> serializers.SerializerMethodField:
    return serializers.SerializerMethodField(
        help_text="The language it is served in (a content language's code, e.g. en-gb or fr)."
    )


class InLanguage:
    def get_locale(self, obj) -> str:
        return language_of_locale(obj.locale_id)


class AuthorSerializer(InLanguage, serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    role = serializers.CharField()
    credentials = serializers.CharField(allow_blank=True)
    bio = serializers.CharField(allow_blank=True)
    photo = serializers.SerializerMethodField()
    locale = locale_field()

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_photo(self, author) -> dict | None:
        return image_bundle(author.photo, widths=CARD_WIDTHS, request=self.context.get("request"))


class AuthorRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    role = serializers.CharField()
    credentials = serializers.CharField(allow_blank=True)


class TreatmentSerializer(InLanguage, serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    summary = serializers.CharField(allow_blank=True)
    typical_downtime = serializers.CharField(allow_blank=True)
    device = serializers.CharField(allow_blank=True)
    article_count = serializers.IntegerField()
    image = serializers.SerializerMethodField()
    locale = locale_field()

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_image(self, treatment) -> dict | None:
        return image_bundle(
            treatment.image, widths=CARD_WIDTHS, request=self.context.get("request")
        )


class ArticleCardSerializer(InLanguage, serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    title = serializers.CharField()
    intro = serializers.CharField()
    path = serializers.SerializerMethodField(help_text="Path of the article on the website.")
    hero_image = serializers.SerializerMethodField()
    treatments = serializers.SerializerMethodField()
    tags = TagSerializer(many=True, source="tags_in_order")
    author = serializers.SerializerMethodField()
    date = serializers.DateField(allow_null=True, help_text="The date readers see.")
    published_at = serializers.DateTimeField(source="first_published_at", allow_null=True)
    updated_at = serializers.DateTimeField(source="last_published_at", allow_null=True)
    reading_minutes = serializers.IntegerField()
    locale = locale_field()
    comment_count = serializers.SerializerMethodField()

    def _once(self, key: str, compute):
        # Nested and list serializers share the root's context: one lookup per response.
        if key not in self.context:
            self.context[key] = compute()
        return self.context[key]

    def in_language(self, snippet):
        """A treatment or author an article shows (the source's, kept for every language)
        as translated into the article's language, when the context holds it
        (blog.published.selectors.snippets_in_language)."""
        if snippet is None:
            return None
        return self.context.get("in_language", {}).get((type(snippet), snippet.pk), snippet)

    def get_path(self, article) -> str:
        return frontend_path(article.url_path, self._once("site_roots", site_root_paths))

    @extend_schema_field(TreatmentRefSerializer(many=True))
    def get_treatments(self, article) -> list[dict]:
        treatments = [self.in_language(t) for t in article.treatments.all()]
        return list(TreatmentRefSerializer(treatments, many=True).data)

    @extend_schema_field(AuthorRefSerializer(allow_null=True))
    def get_author(self, article) -> dict | None:
        author = self.in_language(article.author)
        return AuthorRefSerializer(author).data if author is not None else None

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_hero_image(self, article) -> dict | None:
        return image_bundle(
            article.hero_image, widths=CARD_WIDTHS, request=self.context.get("request")
        )

    def get_comment_count(self, article) -> int:
        return getattr(article, "approved_comment_count", 0)


class TocEntrySerializer(serializers.Serializer):
    anchor = serializers.CharField()
    text = serializers.CharField()
    level = serializers.ChoiceField(choices=["h2", "h3"])


class AlternateSerializer(serializers.Serializer):
    hreflang = serializers.CharField()
    href = serializers.URLField()


class SeoSerializer(serializers.Serializer):
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    canonical_url = serializers.URLField()
    og_image = ImageSerializer(allow_null=True)
    json_ld = serializers.JSONField(help_text="schema.org Article and MedicalWebPage.")
    alternates = AlternateSerializer(
        many=True,
        help_text="hreflang alternates: this article in each language it is published in, "
        "and x-default (its default language's). Empty for an article in one language.",
    )


class MedicalReviewSerializer(serializers.Serializer):
    reviewed_by = AuthorRefSerializer()
    last_reviewed = serializers.DateField()
    next_review_due = serializers.DateField(
        help_text="When the clinic means to check the medical content again: the last review "
        "plus the article's review interval, or earlier when the text changed after it."
    )
    overdue = serializers.BooleanField(
        help_text="True from the day after next_review_due until the next review: say so, or "
        "ask for a newer version, before relying on the article."
    )


class RelatedArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    title = serializers.CharField()
    path = serializers.CharField()


class CommentsSummarySerializer(serializers.Serializer):
    count = serializers.IntegerField()
    open = serializers.BooleanField()
    url = serializers.CharField(help_text="API URL of the article's comments.")


class TranslationSerializer(serializers.Serializer):
    locale = serializers.CharField()
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    path = serializers.CharField(help_text="Path of the translation on the website.")


class ArticleDetailSerializer(ArticleCardSerializer):
    body = serializers.SerializerMethodField()
    table_of_contents = TocEntrySerializer(many=True)
    word_count = serializers.IntegerField()
    seo = serializers.SerializerMethodField()
    medical_review = serializers.SerializerMethodField()
    translations = serializers.SerializerMethodField(
        help_text="The article's published translations into the other languages (not this "
        "one), in the order of the configured languages: a language switcher's links."
    )
    related = serializers.SerializerMethodField()
    comments = serializers.SerializerMethodField()

    @extend_schema_field(BodyBlockSerializer)
    def get_body(self, article) -> list[dict]:
        return self.context["body_context"].serialize(article)

    @extend_schema_field(SeoSerializer)
    def get_seo(self, article) -> dict:
        return seo.bundle(
            article,
            path=self.get_path(article),
            request=self.context["request"],
            language=self.get_locale(article),
            translations=self.get_translations(article),
        )

    @extend_schema_field(MedicalReviewSerializer(allow_null=True))
    def get_medical_review(self, article) -> dict | None:
        if not (article.reviewed_by and article.last_reviewed):
            return None
        reviewer = AuthorRefSerializer(self.in_language(article.reviewed_by)).data
        return {
            "reviewed_by": reviewer,
            "last_reviewed": article.last_reviewed,
            "next_review_due": article.next_review_due,
            "overdue": self.review_overdue(article),
        }

    def review_overdue(self, article) -> object:
        return article.review_overdue()

    @extend_schema_field(TranslationSerializer(many=True))
    def get_translations(self, article) -> list[dict]:
        return self.context.get("translations", {}).get(article.pk, [])

    @extend_schema_field(RelatedArticleSerializer(many=True))
    def get_related(self, article) -> list[dict]:
        return self.context.get("related", {}).get(article.pk, [])

    @extend_schema_field(CommentsSummarySerializer)
    def get_comments(self, article) -> dict:
        return {
            "count": self.get_comment_count(article),
            "open": comments_open(article, self._once("comment_policy", cached_policy)),
            "url": comments_url(article.slug, self.get_locale(article)),
        }


class TombstoneSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    removed_at = serializers.DateTimeField()


class SyncSerializer(serializers.Serializer):
    articles = ArticleDetailSerializer(many=True)
    deleted = TombstoneSerializer(many=True)
    next_cursor = serializers.CharField(help_text="Pass as `since` on the next sync.")
    has_more = serializers.BooleanField(help_text="True: call again at once with next_cursor.")
